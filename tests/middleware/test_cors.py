from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.responses import PlainText
from lilya.routing import Path
from lilya.types import Receive, Scope, Send


async def home() -> PlainText:
    return PlainText("home", headers={"x-total": "3"})


def client_for(factory: Any, **options: Any) -> Any:
    app = Lilya(
        routes=[Path("/", home, methods=["GET", "POST"])],
        middleware=[DefineMiddleware(CORSMiddleware, **options)],
    )
    return factory(app)


PREFLIGHT = {"access-control-request-method": "POST"}


def test_simple_request_from_allowed_origin(test_client_factory: Any) -> None:
    client = client_for(
        test_client_factory, allow_origins=["https://a.com"], expose_headers=["x-total"]
    )
    response = client.get("/", headers={"origin": "https://a.com"})
    assert response.headers["access-control-allow-origin"] == "https://a.com"
    # Lilya 0.7.5 also varies an echoed answer that exposes headers on that header.
    assert response.headers["vary"] == "Origin, Access-Control-Expose-Headers"
    assert response.headers["access-control-expose-headers"] == "x-total"


@pytest.mark.parametrize("method", ["get", "options"])
def test_disallowed_origin_never_gets_allow_origin(test_client_factory: Any, method: str) -> None:
    client = client_for(test_client_factory, allow_origins=["https://a.com"], allow_methods=["*"])
    headers = {"origin": "https://evil.com", **(PREFLIGHT if method == "options" else {})}
    response = client.request(method.upper(), "/", headers=headers)
    assert "access-control-allow-origin" not in response.headers
    if method == "options":
        assert response.status_code == 400
        assert response.text == "Disallowed CORS origin"


def test_wildcard_without_credentials_says_star(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, allow_origins=["*"])
    response = client.get("/", headers={"origin": "https://any.com"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_credentialed_response_never_says_star(test_client_factory: Any) -> None:
    client = client_for(
        test_client_factory, allow_origins=["*"], allow_credentials=True, allow_methods=["POST"]
    )
    simple = client.get("/", headers={"origin": "https://any.com", "cookie": "a=1"})
    assert simple.headers["access-control-allow-origin"] == "https://any.com"
    assert simple.headers["access-control-allow-credentials"] == "true"
    preflight = client.options("/", headers={"origin": "https://any.com", **PREFLIGHT})
    assert preflight.headers["access-control-allow-origin"] == "https://any.com"
    assert preflight.headers["access-control-allow-credentials"] == "true"


def test_preflight_allowed(test_client_factory: Any) -> None:
    client = client_for(
        test_client_factory,
        allow_origins=["https://a.com"],
        allow_methods=["GET", "POST"],
        allow_headers=["X-Token"],
        max_age=60,
    )
    response = client.options(
        "/",
        headers={
            "origin": "https://a.com",
            "access-control-request-method": "POST",
            "access-control-request-headers": "x-token, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-methods"] == "GET, POST"
    assert response.headers["access-control-allow-headers"] == (
        "Accept, Accept-Language, Content-Language, Content-Type, X-Token"
    )
    assert response.headers["access-control-max-age"] == "60"


def test_preflight_with_disallowed_method_and_headers(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, allow_origins=["https://a.com"])
    response = client.options(
        "/",
        headers={
            "origin": "https://a.com",
            "access-control-request-method": "DELETE",
            "access-control-request-headers": "x-secret",
        },
    )
    assert response.status_code == 400
    assert response.text == "Disallowed CORS method, headers"


def test_any_header_echoes_the_requested_ones(test_client_factory: Any) -> None:
    client = client_for(
        test_client_factory,
        allow_origins=["https://a.com"],
        allow_headers=["*"],
        allow_methods=["*"],
    )
    response = client.options(
        "/",
        headers={
            "origin": "https://a.com",
            "access-control-request-method": "PATCH",
            "access-control-request-headers": "x-anything",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-headers"] == "x-anything"


def test_origin_regex_must_match_fully(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, allow_origin_regex=r"https://.*\.example\.org")
    ok = client.get("/", headers={"origin": "https://app.example.org"})
    assert ok.headers["access-control-allow-origin"] == "https://app.example.org"
    bad = client.get("/", headers={"origin": "https://app.example.org.evil.com"})
    assert "access-control-allow-origin" not in bad.headers


def test_requests_without_origin_are_untouched(test_client_factory: Any) -> None:
    response = client_for(test_client_factory, allow_origins=["*"]).get("/")
    assert "access-control-allow-origin" not in response.headers


def test_works_around_a_bare_asgi_app(test_client_factory: Any) -> None:
    async def bare(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await PlainText("bare")(scope, receive, send)

    client = test_client_factory(CORSMiddleware(bare, allow_origins=["https://a.com"]))
    response = client.get("/", headers={"origin": "https://a.com"})
    assert (response.text, response.headers["access-control-allow-origin"]) == (
        "bare",
        "https://a.com",
    )
    with test_client_factory(CORSMiddleware(bare)):
        pass


def test_preflight_for_any_origin_says_star(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, allow_origins=["*"], allow_methods=["POST"])
    response = client.options("/", headers={"origin": "https://x.org", **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "vary" not in response.headers


def test_preflight_response_method_gives_a_response() -> None:
    from lilya.datastructures.headers import Headers

    middleware = CORSMiddleware(home, allow_origins=["https://a.com"], allow_methods=["POST"])
    request_headers = Headers(
        raw=[(b"origin", b"https://a.com"), (b"access-control-request-method", b"post")]
    )
    response = middleware.preflight_response(request_headers)
    assert (response.status_code, response.body) == (200, b"OK")
    assert response.headers["access-control-allow-origin"] == "https://a.com"
    assert response.headers["content-length"] == "2"


def test_set_explicit_origin_adds_vary() -> None:
    from lilya.datastructures.headers import Header

    headers = Header(raw=[(b"vary", b"Accept-Encoding")])
    CORSMiddleware(home).set_explicit_origin(headers, "https://a.com")
    assert headers["access-control-allow-origin"] == "https://a.com"
    assert headers["vary"] == "Accept-Encoding, Origin"


@pytest.mark.anyio
async def test_simple_response_method_adds_headers(anyio_backend: str) -> None:
    from lilya.datastructures.headers import Headers

    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    inner = PlainText("x", headers={"access-control-allow-origin": "stale"})
    middleware = CORSMiddleware(inner, allow_origins=["https://a.com"], allow_credentials=True)
    scope = {"type": "http", "method": "GET", "headers": [(b"origin", b"https://a.com")]}
    await middleware.simple_response(scope, receive, send, Headers(raw=scope["headers"]))
    headers = dict(sent[0]["headers"])
    assert headers[b"access-control-allow-origin"] == b"https://a.com"
    assert headers[b"access-control-allow-credentials"] == b"true"
    assert [k for k, _ in sent[0]["headers"]].count(b"access-control-allow-origin") == 1


async def varying_home() -> PlainText:
    return PlainText("home", headers={"vary": "Accept-Encoding"})


def _wildcard_client(factory: Any) -> Any:
    app = Lilya(
        routes=[Path("/", home), Path("/varying", varying_home)],
        middleware=[DefineMiddleware(CORSMiddleware, allow_origins=["*"])],
    )
    return factory(app)


def test_wildcard_echoes_the_origin_of_a_request_with_cookies(test_client_factory: Any) -> None:
    """Lilya 0.7.5: allow_origins=["*"] without credentials names the origin of a request
    that carries cookies, without Allow-Credentials."""
    response = _wildcard_client(test_client_factory).get(
        "/", headers={"origin": "https://x.org", "cookie": "a=1"}
    )
    assert response.headers["access-control-allow-origin"] == "https://x.org"
    assert response.headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in response.headers


def test_wildcard_with_cookies_appends_origin_to_an_existing_vary(
    test_client_factory: Any,
) -> None:
    response = _wildcard_client(test_client_factory).get(
        "/varying", headers={"origin": "https://x.org", "cookie": "a=1"}
    )
    assert response.headers["vary"] == "Accept-Encoding, Origin"


def test_wildcard_without_cookies_keeps_star_and_vary(test_client_factory: Any) -> None:
    response = _wildcard_client(test_client_factory).get(
        "/varying", headers={"origin": "https://x.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["vary"] == "Accept-Encoding"


@pytest.mark.anyio
async def test_simple_response_method_echoes_the_origin_of_a_request_with_cookies(
    anyio_backend: str,
) -> None:
    from lilya.datastructures.headers import Headers

    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    middleware = CORSMiddleware(PlainText("x"), allow_origins=["*"])
    raw = [(b"origin", b"https://a.com"), (b"cookie", b"s=1")]
    scope = {"type": "http", "method": "GET", "headers": raw}
    await middleware.simple_response(scope, receive, send, Headers(raw=raw))
    headers = dict(sent[0]["headers"])
    assert headers[b"access-control-allow-origin"] == b"https://a.com"
    assert b"access-control-allow-credentials" not in headers


def test_preflight_names_allowed_headers_as_given_sorted_title_case_safelist(
    test_client_factory: Any,
) -> None:
    """Lilya 0.7.5 answers with the safelisted headers in Title-Case and the allowed ones as
    the app spelled them (they used to be lowercased); requests still match any case."""
    client = client_for(
        test_client_factory, allow_origins=["https://a.com"], allow_headers=["X-Custom"]
    )
    response = client.options(
        "/",
        headers={
            "origin": "https://a.com",
            "access-control-request-method": "GET",
            "access-control-request-headers": "X-CUSTOM",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-headers"] == (
        "Accept, Accept-Language, Content-Language, Content-Type, X-Custom"
    )


def test_all_methods_are_listed_in_lilya_order(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, allow_origins=["https://a.com"], allow_methods=["*"])
    response = client.options(
        "/", headers={"origin": "https://a.com", "access-control-request-method": "DELETE"}
    )
    assert response.headers["access-control-allow-methods"] == (
        "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"
    )


def test_refused_preflight_varies_by_origin_when_origins_are_listed(
    test_client_factory: Any,
) -> None:
    """As Lilya 0.7.5: the 400 answer depends on the Origin too, so caches must know."""
    client = client_for(test_client_factory, allow_origins=["https://a.com"])
    response = client.options(
        "/", headers={"origin": "https://b.com", "access-control-request-method": "GET"}
    )
    assert response.status_code == 400
    assert response.headers["vary"] == "Origin"
    everyone = client_for(test_client_factory, allow_origins=["*"])
    refused = everyone.options(
        "/", headers={"origin": "https://b.com", "access-control-request-method": "PUT"}
    )
    assert refused.status_code == 400
    assert "vary" not in refused.headers


def test_refused_preflight_from_allowed_origin_still_names_it(test_client_factory: Any) -> None:
    """Lilya 0.7.5: a 400 preflight (method or headers refused) keeps Allow-Origin for an
    allowed origin ("*" when all are allowed)."""
    named = client_for(test_client_factory, allow_origins=["https://a.com"])
    headers = {"origin": "https://a.com", "access-control-request-method": "PUT"}
    response = named.options("/", headers=headers)
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "https://a.com"
    everyone = client_for(test_client_factory, allow_origins=["*"])
    response = everyone.options("/", headers=headers)
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "*"


def test_any_header_without_requested_headers_answers_star(test_client_factory: Any) -> None:
    """Lilya 0.7.5: allow_headers=["*"] answers "Access-Control-Allow-Headers: *" to a
    preflight that lists no headers."""
    client = client_for(test_client_factory, allow_origins=["https://a.com"], allow_headers=["*"])
    response = client.options(
        "/", headers={"origin": "https://a.com", "access-control-request-method": "GET"}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-headers"] == "*"


def test_credentials_and_exposed_headers_are_sent_whatever_the_origin(
    test_client_factory: Any,
) -> None:
    """Lilya 0.7.5 adds Allow-Credentials and Expose-Headers to every response to a request
    with an Origin; only Allow-Origin depends on the origin being allowed."""
    client = client_for(
        test_client_factory,
        allow_origins=["https://a.com"],
        allow_credentials=True,
        expose_headers=["x-total"],
    )
    response = client.get("/", headers={"origin": "https://evil.com"})
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-expose-headers"] == "x-total"
    assert "vary" not in response.headers
