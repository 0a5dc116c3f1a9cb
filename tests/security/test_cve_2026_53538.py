"""CVE-2026-53538 (python-multipart): `;` was taken as a separator in urlencoded bodies.

A proxy or WAF following the WHATWG URL standard sees `a=1;b=2` as one field; a parser that
also splits on `;` sees two, so a smuggled `b` reaches the application unchecked. lilya parses
urlencoded bodies itself and must split on `&` only.
"""

from __future__ import annotations

import pytest

from tests.security.hostile import URLENCODED, form_app, send_request

pytestmark = pytest.mark.anyio


async def test_semicolon_is_part_of_the_value_in_urlencoded_forms() -> None:
    """The urlencoded body `a=1;admin=true` gives one field `a` whose value is `1;admin=true`."""
    sent = await send_request(
        form_app(), headers=[("content-type", URLENCODED)], chunks=[b"a=1;admin=true"]
    )

    assert sent.status == 200
    assert sent.body == b'{"a":"1;admin=true"}'
