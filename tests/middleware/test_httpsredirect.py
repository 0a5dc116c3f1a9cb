from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.httpsredirect import HTTPSRedirectMiddleware
from lilya.routing import Path, WebSocketPath
from lilya.testclient import WebSocketDenialResponse, WebSocketDisconnect
from lilya.websockets import WebSocket


async def home() -> str:
    return "home"


async def socket(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.close()


def build() -> Lilya:
    return Lilya(
        routes=[Path("/", home), WebSocketPath("/ws", socket)],
        middleware=[DefineMiddleware(HTTPSRedirectMiddleware)],
    )


@pytest.mark.parametrize(
    ("base", "path", "location"),
    [
        ("http://testserver", "/?a=1", "https://testserver/?a=1"),
        ("http://testserver:80", "/", "https://testserver/"),
        ("http://testserver:443", "/", "https://testserver/"),
        ("http://testserver:8080", "/x", "https://testserver:8080/x"),
    ],
)
def test_http_is_redirected_to_https(
    test_client_factory: Any, base: str, path: str, location: str
) -> None:
    client = test_client_factory(build(), base_url=base)
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == location


def test_https_passes_through(test_client_factory: Any) -> None:
    client = test_client_factory(build(), base_url="https://testserver")
    assert client.get("/").json() == "home"


def test_ws_handshake_is_refused_with_a_redirect_to_wss(test_client_factory: Any) -> None:
    client = test_client_factory(build())
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/ws"):
        pass
    assert denied.value.status_code == 307
    assert denied.value.headers["location"] == "https://testserver/ws"


def test_ipv6_host_keeps_its_brackets(test_client_factory: Any) -> None:
    client = test_client_factory(build(), base_url="http://testserver")
    response = client.get("/p", headers={"host": "[::1]:8443"}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "https://[::1]:8443/p"


def test_invalid_host_gets_400_instead_of_a_redirect(test_client_factory: Any) -> None:
    client = test_client_factory(build(), base_url="http://testserver")
    response = client.get("/", headers={"host": "example.com:@evil.com"}, follow_redirects=False)
    assert (response.status_code, response.text) == (400, "Invalid host header")


def test_websocket_with_an_invalid_host_is_closed(test_client_factory: Any) -> None:
    client = test_client_factory(build(), base_url="http://testserver")
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/ws", headers={"host": "evil.com/x"}),
    ):
        pass


async def _call_bare(scope: dict[str, Any]) -> list[Any]:
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    async def never(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not be reached")

    await HTTPSRedirectMiddleware(never)(scope, receive, send)
    return sent


@pytest.mark.anyio
async def test_without_host_header_the_ipv6_server_address_keeps_brackets(
    anyio_backend: str,
) -> None:
    scope = {
        "type": "http",
        "scheme": "http",
        "method": "GET",
        "path": "/p",
        "query_string": b"",
        "headers": [],
        "server": ("::1", 8080),
    }
    start = (await _call_bare(scope))[0]
    assert dict(start["headers"])[b"location"] == b"https://[::1]:8080/p"


@pytest.mark.anyio
async def test_bare_websocket_with_an_invalid_host_is_closed_1008(anyio_backend: str) -> None:
    scope = {
        "type": "websocket",
        "scheme": "ws",
        "path": "/ws",
        "query_string": b"",
        "headers": [(b"host", b"example.com:@evil.com")],
    }
    assert await _call_bare(scope) == [
        {"type": "websocket.close", "code": 1008, "reason": "Invalid host header"}
    ]


@pytest.mark.anyio
async def test_bare_http_with_an_invalid_host_gets_400(anyio_backend: str) -> None:
    scope = {
        "type": "http",
        "scheme": "http",
        "method": "GET",
        "path": "/",
        "query_string": b"",
        "headers": [(b"host", b"evil.com\\.example.org")],
    }
    sent = await _call_bare(scope)
    assert sent[0]["status"] == 400
    assert sent[1]["body"] == b"Invalid host header"


@pytest.mark.anyio
async def test_without_host_header_a_default_port_is_dropped(anyio_backend: str) -> None:
    scope = {
        "type": "http",
        "scheme": "http",
        "method": "GET",
        "path": "/",
        "query_string": b"",
        "headers": [],
        "server": ("example.org", 80),
    }
    start = (await _call_bare(scope))[0]
    assert dict(start["headers"])[b"location"] == b"https://example.org/"
