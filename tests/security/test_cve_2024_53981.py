"""CVE-2024-53981 (python-multipart): data after the closing boundary was processed byte by byte."""

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

FIELD = multipart_part(['Content-Disposition: form-data; name="a"'], b"1")


@pytest.mark.parametrize("epilogue", [b"\r\n" * 600_000, b"\n" * 1_000_000, b"junk" * 250_000])
async def test_megabyte_of_epilogue_after_the_closing_boundary_is_ignored_quickly(
    epilogue: bytes,
) -> None:
    """A multipart body followed by about a megabyte of CR/LF or junk after its closing boundary
    is parsed quickly, the epilogue ignored, and the field kept."""
    body = FIELD + multipart_end() + epilogue

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status == 200
    assert sent.body == b'{"a":"1"}'
