from __future__ import annotations

from typing import Any

import pytest

from lilya.middleware.trustedhost import TrustedHostMiddleware
from lilya.responses import PlainText
from lilya.testclient import WebSocketDenialResponse, WebSocketDisconnect
from lilya.types import Receive, Scope, Send


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": 1000})
        return
    await PlainText("ok")(scope, receive, send)


def client_for(factory: Any, hosts: list[str], **options: Any) -> Any:
    return factory(TrustedHostMiddleware(app, allowed_hosts=hosts, **options))


@pytest.mark.parametrize("host", ["example.com", "EXAMPLE.com", "example.com:8080", "a.api.org"])
def test_allowed_hosts_pass_whatever_case_or_port(test_client_factory: Any, host: str) -> None:
    client = client_for(test_client_factory, ["example.com", "*.api.org"])
    assert client.get("/", headers={"host": host}).text == "ok"


@pytest.mark.parametrize(
    "host", ["evil.com", "EVIL.com:443", "example.com.evil.com", "api.org", "", "xexample.com"]
)
def test_other_hosts_get_400(test_client_factory: Any, host: str) -> None:
    client = client_for(test_client_factory, ["example.com", "*.api.org"])
    response = client.get("/", headers={"host": host})
    assert (response.status_code, response.text) == (400, "Invalid host header")


def test_www_redirect_is_a_307(test_client_factory: Any) -> None:
    """Lilya 0.7.5 redirects with a 307 (this used to be a 301)."""
    client = client_for(test_client_factory, ["www.example.com"])
    response = client.get(
        "http://example.com:8000/p?q=1",
        headers={"host": "example.com:8000"},
        follow_redirects=False,
    )
    assert response.status_code == 307
    assert response.headers["location"] == "http://www.example.com:8000/p?q=1"
    off = client_for(test_client_factory, ["www.example.com"], www_redirect=False)
    assert off.get("/", headers={"host": "example.com"}).status_code == 400


def test_wildcard_allows_everything(test_client_factory: Any) -> None:
    assert client_for(test_client_factory, ["*"]).get("/").text == "ok"


@pytest.mark.parametrize("pattern", ["example.*", "*example.com"])
def test_bad_wildcard_is_refused(pattern: str) -> None:
    # Lilya 0.7.5 asserts, with this message; the error is a ValueError too.
    with pytest.raises(AssertionError) as refused:
        TrustedHostMiddleware(app, allowed_hosts=[pattern])
    assert isinstance(refused.value, ValueError)
    assert str(refused.value) == (
        "Domain wildcard patterns must be as per example '*.example.com'."
    )


def test_websocket_for_another_host_is_denied_with_400(test_client_factory: Any) -> None:
    """Lilya 0.7.5 denies the handshake with the HTTP answer, 400 "Invalid host header"."""
    client = client_for(test_client_factory, ["example.com"])
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        client.websocket_connect("/", headers={"host": "evil"}),
    ):
        pass
    assert (denied.value.status_code, denied.value.text) == (400, "Invalid host header")
    with client.websocket_connect("/", headers={"host": "example.com"}):
        pass


@pytest.mark.anyio
async def test_websocket_without_the_denial_extension_is_closed(anyio_backend: str) -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": "/", "headers": [(b"host", b"evil")]}
    await TrustedHostMiddleware(app, allowed_hosts=["example.com"])(scope, None, send)  # type: ignore[arg-type]
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "Invalid host header"}]


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("example.com", "example.com:@evil.com"),
        ("*.example.org", "evil.com#.example.org"),
        ("*.example.org", "evil.com/.example.org"),
        ("*.example.org", "evil.com\\.example.org"),
        ("*.example.org", "evil.com?.example.org"),
        ("example.com", "example.com:80:81"),
        ("*.example.org", ".example.org"),
        ("*.example.org", "a..example.org"),
    ],
)
def test_hosts_that_would_point_urls_elsewhere_get_400(
    test_client_factory: Any, allowed: str, host: str
) -> None:
    client = client_for(test_client_factory, [allowed])
    response = client.get("/", headers={"host": host})
    assert (response.status_code, response.text) == (400, "Invalid host header")


def test_ipv6_literal_host_is_allowed_by_its_bracketed_form(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, ["[::1]"])
    assert client.get("/", headers={"host": "[::1]:8000"}).text == "ok"


def test_invalid_host_is_refused_even_when_a_www_redirect_would_match(
    test_client_factory: Any,
) -> None:
    client = client_for(test_client_factory, ["www.example.com"])
    response = client.get("/", headers={"host": "example.com:@evil.com"}, follow_redirects=False)
    assert response.status_code == 400


def test_websocket_with_an_invalid_host_is_closed(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, ["*.example.org"])
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/", headers={"host": "evil.com#.example.org"}),
    ):
        pass
