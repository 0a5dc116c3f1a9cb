"""CVE-2026-54283 (Starlette): urlencoded forms had no field-count or field-size limit."""

from __future__ import annotations

import pytest

from tests.security.hostile import URLENCODED, form_app, send_request, split

pytestmark = pytest.mark.anyio


async def test_urlencoded_form_with_too_many_fields_is_refused() -> None:
    """An urlencoded body of 1001 empty fields (over the default 1000) gets a 400."""
    body = "&".join(f"N{i}=" for i in range(1001)).encode()

    sent = await send_request(form_app(), headers=[("content-type", URLENCODED)], chunks=[body])

    assert sent.status == 400


async def test_urlencoded_field_value_over_the_part_limit_is_refused() -> None:
    """An urlencoded field whose value is just over 1 MiB (the part limit) gets a 4xx."""
    body = b"field=" + b"x" * (1024 * 1024 + 1)

    sent = await send_request(
        form_app(), headers=[("content-type", URLENCODED)], chunks=split(body)
    )

    assert sent.status in (400, 413)


async def test_urlencoded_field_name_over_the_part_limit_is_refused() -> None:
    """An urlencoded field whose name is just over 1 MiB gets a 4xx."""
    body = b"x" * (1024 * 1024 + 1) + b"=value"

    sent = await send_request(
        form_app(), headers=[("content-type", URLENCODED)], chunks=split(body)
    )

    assert sent.status in (400, 413)


async def test_endless_urlencoded_body_is_cut_off_at_the_body_limit() -> None:
    """A 6 MiB urlencoded body sent in chunks is refused with 413 (it is never buffered whole)."""
    chunks = [b"a=" + b"b" * (64 * 1024)] + [b"b" * (64 * 1024)] * 95

    sent = await send_request(form_app(), headers=[("content-type", URLENCODED)], chunks=chunks)

    assert sent.status == 413
