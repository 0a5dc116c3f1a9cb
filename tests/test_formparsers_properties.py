"""Property tests for forms through a lilya app: fields round trip, any body is below 500."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import anyio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.hostile import (
    MULTIPART,
    URLENCODED,
    form_app,
    multipart_end,
    multipart_part,
    send_request,
)

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
APP = form_app()
names = st.text(
    st.characters(blacklist_characters='"\r\n\\%', codec="utf-8"), min_size=1, max_size=12
)
texts = st.text(st.characters(codec="utf-8"), max_size=30)


def post(backend: str, content_type: str, body: bytes) -> Any:
    async def run() -> Any:
        return await send_request(APP, headers=[("content-type", content_type)], chunks=[body])

    return anyio.run(run, backend=backend)


@fixture_ok
@given(st.dictionaries(st.text(min_size=1, max_size=12), texts, max_size=8))
def test_urlencoded_fields_round_trip(anyio_backend: str, fields: dict[str, str]) -> None:
    sent = post(anyio_backend, URLENCODED, urlencode(fields).encode())

    assert sent.status == 200
    assert json.loads(sent.body) == fields


@fixture_ok
@given(st.dictionaries(names, texts.filter(lambda t: "\r" not in t), max_size=6))
def test_multipart_fields_round_trip(anyio_backend: str, fields: dict[str, str]) -> None:
    body = b"".join(
        multipart_part([f'Content-Disposition: form-data; name="{name}"'], value.encode())
        for name, value in fields.items()
    )
    sent = post(anyio_backend, MULTIPART, body + multipart_end())

    assert sent.status == 200
    assert json.loads(sent.body) == fields


@fixture_ok
@given(names, st.binary(max_size=300))
def test_multipart_uploads_arrive_byte_for_byte(anyio_backend: str, name: str, data: bytes) -> None:
    disposition = f'Content-Disposition: form-data; name="{name}"; filename="f.bin"'
    sent = post(anyio_backend, MULTIPART, multipart_part([disposition], data) + multipart_end())

    assert sent.status == 200
    assert json.loads(sent.body) == {name: {"filename": "f.bin", "size": len(data)}}


@fixture_ok
@given(st.sampled_from([URLENCODED, MULTIPART]), st.binary(max_size=400))
def test_any_form_body_is_answered_below_500(
    anyio_backend: str, content_type: str, body: bytes
) -> None:
    sent = post(anyio_backend, content_type, body)

    assert 200 <= sent.status < 500


@fixture_ok
@given(st.text(st.sampled_from("ab+=&%2F0é "), max_size=40))
def test_urlencoded_bodies_parse_as_the_standard_library_does(
    anyio_backend: str, text: str
) -> None:
    """With or without percent-escapes (one decoding pass, or one per field), the fields are
    those urllib.parse.parse_qsl finds in the latin-1 decoded body, as Lilya 0.7.5 reads it
    (blank values kept, '&' the only separator)."""
    from urllib.parse import parse_qsl

    from lilya._formparsers import FormLimits, parse_form
    from lilya.datastructures import Headers

    async def run() -> list[tuple[str, Any]]:
        async def stream() -> Any:
            yield text.encode("utf-8")

        headers = Headers({"content-type": URLENCODED})
        form = await parse_form(headers, stream(), FormLimits())
        return list(form.multi_items())

    body = text.encode("utf-8").decode("latin-1")
    expected = parse_qsl(body, keep_blank_values=True, errors="replace")
    assert anyio.run(run, backend=anyio_backend) == expected
