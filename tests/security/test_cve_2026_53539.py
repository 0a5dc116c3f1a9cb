"""CVE-2026-53539 (python-multipart): RFC 2231 `name*` / `filename*` overrode the plain ones.

A filter reading `filename="report.txt"` let a part through while the parser took the
extended `filename*=UTF-8''shell.php` instead. Per RFC 7578 the plain parameter is the one
that counts in multipart/form-data.
"""

from __future__ import annotations

import pytest

from tests.security.hostile import MULTIPART, form_app, multipart_end, multipart_part, send_request

pytestmark = pytest.mark.anyio


async def test_extended_filename_parameter_does_not_override_the_plain_one() -> None:
    """A part with `filename="report.txt"; filename*=UTF-8''shell.php` is an upload named
    report.txt."""
    disposition = (
        'Content-Disposition: form-data; name="doc"; filename="report.txt"; '
        "filename*=UTF-8''shell.php"
    )
    body = multipart_part([disposition], b"data") + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=[body])

    assert sent.status == 200
    assert sent.body == b'{"doc":{"filename":"report.txt","size":4}}'


async def test_extended_name_parameter_does_not_override_the_plain_one() -> None:
    """A part with `name="comment"; name*=UTF-8''is_admin` is the field `comment`."""
    disposition = "Content-Disposition: form-data; name=\"comment\"; name*=UTF-8''is_admin"
    body = multipart_part([disposition], b"hi") + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=[body])

    assert sent.status == 200
    assert sent.body == b'{"comment":"hi"}'
