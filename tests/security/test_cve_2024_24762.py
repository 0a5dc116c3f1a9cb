"""CVE-2024-24762 (python-multipart): a crafted Content-Type made its option parser backtrack."""

from __future__ import annotations

import pytest

from tests.security.hostile import form_app, send_request

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "content_type",
    [
        'application/x-www-form-urlencoded; !="' + "\\" * 60_000,
        'multipart/form-data; boundary="' + "\\\\" * 30_000,
        "multipart/form-data; a=" + ";" * 60_000,
    ],
    ids=["backslashes", "quoted-boundary", "semicolons"],
)
async def test_content_type_options_built_to_backtrack_answer_quickly(content_type: str) -> None:
    """A form Content-Type whose options are a long run of backslashes after an open quote is
    answered quickly with a status below 500 instead of stalling the option parser."""
    sent = await send_request(form_app(), headers=[("content-type", content_type)], chunks=[b"a=1"])

    assert 200 <= sent.status < 500
