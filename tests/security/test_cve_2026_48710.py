"""CVE-2026-48710 (Starlette): a malformed Host header was pasted into request.url."""

from __future__ import annotations

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path
from tests.security.hostile import send_request

pytestmark = pytest.mark.anyio


async def show_url(request: Request) -> dict[str, str]:
    return {"url": str(request.url), "host": request.url.hostname or ""}


@pytest.mark.parametrize(
    "host",
    [b"evil.com/?x=", b"evil.com/#", b"evil.com/bar", b"user@evil.com", b"evil\\com", b"a b"],
)
async def test_malformed_host_header_never_reaches_request_url(host: bytes) -> None:
    """A Host header holding a path, query, fragment, userinfo, backslash or space is refused
    with 400 instead of being pasted into request.url (and from there into redirects)."""
    app = Lilya(routes=[Path("/admin", show_url)])

    sent = await send_request(app, method="GET", path="/admin", headers=[(b"host", host)])

    assert sent.status == 400
    assert b"evil" not in sent.body
