"""CVE-2026-42561 (python-multipart): multipart part headers had no count or size limit."""

from __future__ import annotations

import pytest

from tests.security.hostile import (
    MULTIPART,
    form_app,
    multipart_end,
    multipart_part,
    send_request,
    split,
)

pytestmark = pytest.mark.anyio

DISPOSITION = 'Content-Disposition: form-data; name="x"'


async def test_part_with_thousands_of_headers_is_refused() -> None:
    """A part carrying 20000 `X-A: 1` header lines is refused with a 4xx, quickly."""
    body = multipart_part([DISPOSITION] + ["X-A: 1"] * 20_000, b"v") + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert 400 <= sent.status < 500


async def test_part_with_a_megabyte_header_value_is_refused() -> None:
    """A part header whose value is a megabyte long is refused with a 4xx, quickly."""
    body = multipart_part([DISPOSITION, "X-A: " + "a" * (1024 * 1024)], b"v") + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert 400 <= sent.status < 500
