"""CVE-2026-53540 (python-multipart): part data dense in CR/LF made boundary scanning slow."""

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

DISPOSITION = 'Content-Disposition: form-data; name="file"; filename="crlf.bin"'


@pytest.mark.parametrize(
    "data",
    [b"\r\n" * 700_000, b"\r\n--hostile-bound" * 80_000, b"\r\n-\r" * 350_000],
    ids=["crlf", "near-boundaries", "crlf-dash"],
)
async def test_upload_full_of_crlf_and_partial_boundaries_is_parsed_quickly(data: bytes) -> None:
    """An uploaded file made of about a megabyte of CR/LF pairs and almost-boundaries is parsed
    quickly and arrives byte for byte."""
    body = multipart_part([DISPOSITION], data) + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status == 200
    assert sent.body == b'{"file":{"filename":"crlf.bin","size":%d}}' % len(data)
