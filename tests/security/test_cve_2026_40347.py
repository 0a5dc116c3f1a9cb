"""CVE-2026-40347 (python-multipart): a long preamble before the first boundary was slow to skip."""

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

FILE = multipart_part(
    ['Content-Disposition: form-data; name="file"; filename="f.txt"', "Content-Type: text/plain"],
    b"hello",
)


async def test_megabyte_of_preamble_before_the_first_boundary_is_skipped_quickly() -> None:
    """A multipart body that starts with over a megabyte of CR/LF before its first boundary is
    parsed quickly: the preamble is skipped and the file kept."""
    body = b"\r\n" * 700_000 + FILE + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status == 200
    assert sent.body == b'{"file":{"filename":"f.txt","size":5}}'


async def test_text_preamble_before_the_first_boundary_answers_quickly_below_500() -> None:
    """A megabyte of text before the first boundary is answered quickly, with 200 or a 400."""
    body = b"ignored preamble\r\n" * 70_000 + FILE + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status in (200, 400)
