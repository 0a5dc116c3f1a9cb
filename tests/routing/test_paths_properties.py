"""Property tests for path templates and convertors: reversed paths match back to the same
values, and any request path is answered below 500."""

from __future__ import annotations

import uuid
from typing import Any

import anyio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path
from tests.security.hostile import send_request

fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


async def show(request: Request) -> dict[str, str]:
    return {key: str(value) for key, value in request.path_params.items()}


APP = Lilya(
    routes=[
        Path("/int/{value:int}", show, name="int"),
        Path("/float/{value:float}", show, name="float"),
        Path("/uuid/{value:uuid}", show, name="uuid"),
        Path("/str/{value}", show, name="str"),
        Path("/path/{value:path}", show, name="path"),
    ]
)


def get(backend: str, path: str) -> Any:
    async def run() -> Any:
        return await send_request(APP, "GET", path)

    return anyio.run(run, backend=backend)


@fixture_ok
@given(st.integers(min_value=0, max_value=10**12))
def test_int_convertor_round_trips(anyio_backend: str, value: int) -> None:
    sent = get(anyio_backend, APP.path_for("int", value=value))

    assert sent.status == 200
    assert sent.body == b'{"value":"%d"}' % value


@fixture_ok
@given(st.uuids())
def test_uuid_convertor_round_trips(anyio_backend: str, value: uuid.UUID) -> None:
    sent = get(anyio_backend, APP.path_for("uuid", value=value))

    assert sent.status == 200
    assert sent.body == b'{"value":"%s"}' % str(value).encode()


@fixture_ok
@given(st.text(st.characters(blacklist_characters="/", blacklist_categories=["Cs"]), min_size=1))
def test_str_convertor_round_trips_through_a_decoded_path(anyio_backend: str, value: str) -> None:
    sent = get(anyio_backend, f"/str/{value}")

    assert sent.status == 200


@fixture_ok
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_any_request_path_is_answered_below_500(anyio_backend: str, tail: str) -> None:
    for prefix in ("/int/", "/float/", "/uuid/", "/str/", "/path/", "/"):
        sent = get(anyio_backend, prefix + tail)

        assert 200 <= sent.status < 500
