"""CVE-2026-54282 (Starlette): an authority-looking request path leaked into request.url."""

from __future__ import annotations

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path
from tests.security.hostile import send_request

pytestmark = pytest.mark.anyio


async def show_url(request: Request) -> dict[str, str]:
    return {"hostname": request.url.hostname or "", "path": request.url.path}


@pytest.mark.parametrize(
    "path", ["@evil.com", "user:pass@evil.com", "//evil.com/x", "http://evil.com/x"]
)
async def test_authority_in_path_does_not_change_request_host(path: str) -> None:
    """A request path such as `@evil.com` or `//evil.com/x` stays in request.url's path and
    never becomes its host."""
    app = Lilya(routes=[Path("/{rest:path}", show_url), Path("/", show_url)])

    sent = await send_request(app, method="GET", path=path, headers=[("host", "example.com")])

    assert sent.status < 500
    if sent.status == 200:
        assert b'"hostname":"example.com"' in sent.body
