"""CVE-2024-47874 (Starlette): multipart fields without a filename were buffered without limit."""

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


async def test_oversized_multipart_field_without_filename_is_refused() -> None:
    """A multipart part with no filename and 1.5 MiB of data (over the 1 MiB part limit) is
    refused with a 4xx instead of being held in memory."""
    body = multipart_part(['Content-Disposition: form-data; name="big"'], b"x" * (1536 * 1024))
    body += multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status in (400, 413)


async def test_field_within_the_part_limit_is_accepted() -> None:
    """The same field under the limit is parsed normally (the limit is not a blanket refusal)."""
    body = multipart_part(['Content-Disposition: form-data; name="big"'], b"x" * 1000)
    body += multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status == 200
    assert sent.body == b'{"big":"' + b"x" * 1000 + b'"}'
