"""A request path holding `?` or `#` (sent as %3F / %23) must not split request.url.

Found against an app served by uvicorn: `/files/readme%3Fsecret` routes as the path
`/files/readme?secret`, but request.url put `secret` in its query, so request.url.path was
`/files/readme`, and a middleware allowing that path by request.url let the request through to
another route.
"""

from __future__ import annotations

import json

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path
from tests.security.hostile import send_request

pytestmark = pytest.mark.anyio


async def show_url(request: Request) -> dict[str, str]:
    url = request.url
    return {"path": url.path, "query": url.query, "fragment": url.fragment, "url": str(url)}


@pytest.mark.parametrize(
    ("path", "url_path"),
    [
        ("/files/readme?secret", "/files/readme%3Fsecret"),
        ("/files/readme#secret", "/files/readme%23secret"),
        ("/files/a?b#c", "/files/a%3Fb%23c"),
    ],
)
async def test_question_mark_or_hash_in_the_path_stays_in_request_url_path(
    anyio_backend: str, path: str, url_path: str
) -> None:
    app = Lilya(routes=[Path("/files/{name:path}", show_url)])

    sent = await send_request(
        app, method="GET", path=path, headers=[("host", "example.com")], query_string=b"x=1"
    )

    assert sent.status == 200
    assert json.loads(sent.body) == {
        "path": url_path,
        "query": "x=1",
        "fragment": "",
        "url": f"http://example.com{url_path}?x=1",
    }


async def test_an_ordinary_path_is_unchanged(anyio_backend: str) -> None:
    app = Lilya(routes=[Path("/files/{name:path}", show_url)])

    sent = await send_request(app, method="GET", path="/files/a b/c", headers=[("host", "h")])

    assert json.loads(sent.body)["url"] == "http://h/files/a b/c"


@pytest.mark.parametrize(
    "path", ["@evil.com", "user:pass@evil.com", ":@evil.com", "evil.com/x", "http://evil.com/x"]
)
def test_a_path_without_its_leading_slash_never_becomes_the_host(path: str) -> None:
    """uvicorn and hypercorn pass a request target such as `@evil.com` or `http://evil.com/x`
    on as the path; pasted after the host it made request.url's host evil.com. It stays in
    the path, whatever the routing makes of it (CVE-2026-54282 covers the routed cases)."""
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": path,
            "root_path": "",
            "query_string": b"a=1",
            "headers": [(b"host", b"example.com")],
            "scheme": "http",
            "server": ("testserver", 80),
        }
    )

    assert request.url.hostname == "example.com"
    assert request.url.path == "/" + path.replace("?", "%3F")
    assert request.url.query == "a=1"
