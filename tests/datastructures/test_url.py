from __future__ import annotations

from typing import Any

import pytest

from lilya.datastructures.url import URL
from lilya.exceptions import BadRequest


def _scope(host: bytes | None = None, **extra: Any) -> dict[str, Any]:
    headers = [] if host is None else [(b"host", host)]
    return {
        "type": "http",
        "scheme": "http",
        "server": ("10.0.0.1", 80),
        "path": "/p",
        "query_string": b"",
        "headers": headers,
        **extra,
    }


@pytest.mark.parametrize(
    "host",
    [
        b"example.com:@evil.com",
        b"evil.com#.example.org",
        b"evil.com/.example.org",
        b"evil.com\\.example.org",
        b"user@example.com",
        b"example.com:abc",
    ],
)
def test_url_from_scope_with_an_invalid_host_raises_bad_request(host: bytes) -> None:
    with pytest.raises(BadRequest) as info:
        URL(scope=_scope(host))
    assert info.value.status_code == 400


def test_url_from_scope_with_two_host_headers_raises_bad_request() -> None:
    scope = _scope(b"example.com")
    scope["headers"].append((b"host", b"evil.com"))
    with pytest.raises(BadRequest):
        URL.build_from_scope(scope)


def test_url_from_scope_keeps_ipv6_host_brackets() -> None:
    url = URL(scope=_scope(b"[::1]:8443"))
    assert str(url) == "http://[::1]:8443/p"
    assert (url.hostname, url.port) == ("::1", 8443)


def test_url_from_scope_brackets_an_ipv6_server_address() -> None:
    assert str(URL(scope=_scope(server=("::1", 8000)))) == "http://[::1]:8000/p"


def test_url_from_scope_with_an_empty_host_uses_the_server() -> None:
    assert str(URL(scope=_scope(b""))) == "http://10.0.0.1/p"


def test_url_replace_hostname_brackets_ipv6() -> None:
    url = URL("http://example.com:8080/p").replace(hostname="::1")
    assert str(url) == "http://[::1]:8080/p"


def _app() -> Any:
    from lilya.apps import Lilya
    from lilya.requests import Request
    from lilya.routing import Path

    async def home(request: Request) -> str:
        return str(request.url_for("home"))

    return Lilya(routes=[Path("/home", home, name="home")])


def test_url_for_with_a_valid_host_uses_it(test_client_factory: Any) -> None:
    response = test_client_factory(_app()).get("/home", headers={"host": "example.com:8000"})
    assert response.json() == "http://example.com:8000/home"


@pytest.mark.parametrize("path", ["/home/", "/home"], ids=["slash-redirect", "url_for"])
def test_absolute_urls_are_never_built_from_an_invalid_host(
    test_client_factory: Any, path: str
) -> None:
    client = test_client_factory(_app())
    response = client.get(path, headers={"host": "example.com:@evil.com"}, follow_redirects=False)
    assert response.status_code == 400
    assert "evil.com" not in response.headers.get("location", "")
