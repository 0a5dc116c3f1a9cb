"""GHSA-vffw-93wf-4j4q (python-multipart): a huge part header name was scanned before any limit."""

from __future__ import annotations

import pytest

from tests.security.hostile import MULTIPART, form_app, send_request, split

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("filler", [b"A", b"\x01"], ids=["token-chars", "invalid-chars"])
async def test_megabyte_header_name_without_colon_is_refused_quickly(filler: bytes) -> None:
    """A part whose header name runs for a megabyte without a colon is refused with a 4xx,
    quickly, whether or not its bytes are valid header characters."""
    body = b"--hostile-boundary\r\n" + filler * (1024 * 1024) + b"\r\n\r\nv\r\n"

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert 400 <= sent.status < 500
