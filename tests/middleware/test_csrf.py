from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest

from lilya.middleware.csrf import CSRF_SECRET_LENGTH, CSRFMiddleware
from lilya.responses import PlainText
from lilya.types import Receive, Scope, Send

SECRET = "csrf-secret"


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": 1000})
        return
    await PlainText(f"done {scope['method']}")(scope, receive, send)


def client_for(factory: Any, **options: Any) -> Any:
    return factory(CSRFMiddleware(app, secret=SECRET, **options))


def issued_token(client: Any) -> str:
    response = client.get("/")
    token: str = response.cookies["csrftoken"]
    return token


def test_safe_request_receives_a_signed_token_cookie(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    token = issued_token(client)
    # Lilya 0.7.5's format: 64 hex digits of random value, then their 64-digit HMAC-SHA256.
    value, signature = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    assert len(token) == CSRF_SECRET_LENGTH + 64
    assert hmac.new(SECRET.encode(), value.encode(), hashlib.sha256).hexdigest() == signature
    assert CSRFMiddleware(app, secret=SECRET).verify(token)
    assert not CSRFMiddleware(app, secret="other").verify(token)


def test_dotted_token_of_earlier_versions_still_verifies() -> None:
    middleware = CSRFMiddleware(app, secret=SECRET)
    token = middleware.generate_token()
    dotted = token[:CSRF_SECRET_LENGTH] + "." + token[CSRF_SECRET_LENGTH:]
    assert middleware.verify(dotted)
    assert not middleware.verify(dotted[:-1] + ("0" if dotted[-1] != "0" else "1"))


def test_valid_token_cookie_is_not_reissued(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    issued_token(client)
    assert "set-cookie" not in client.get("/").headers


def test_matching_header_passes(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    token = issued_token(client)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = client.request(method, "/", headers={"X-CSRFToken": token})
        assert (response.status_code, response.text) == (200, f"done {method}")


def test_missing_header_is_rejected(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    issued_token(client)
    response = client.post("/")
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_cookie_only_token_is_rejected(test_client_factory: Any) -> None:
    """A cross-site form can make the browser send the cookie, never the header."""
    client = client_for(test_client_factory)
    token = issued_token(client)
    assert client.post("/", data={"csrftoken": token}).status_code == 403


def test_missing_cookie_is_rejected(test_client_factory: Any) -> None:
    token = issued_token(client_for(test_client_factory))
    fresh = client_for(test_client_factory)
    assert fresh.post("/", headers={"X-CSRFToken": token}).status_code == 403


def test_mismatched_token_is_rejected(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    issued_token(client)
    other = issued_token(client_for(test_client_factory))
    assert client.post("/", headers={"X-CSRFToken": other}).status_code == 403


@pytest.mark.parametrize(
    "forged",
    [
        "a" * CSRF_SECRET_LENGTH + "." + "b" * 64,
        "a" * CSRF_SECRET_LENGTH + "b" * 64,
        "short.token",
        "no-dot",
        "",
        "\u00e9" * 129,
        "\u00e9" * 128,
    ],
)
def test_unsigned_token_in_both_places_is_rejected(test_client_factory: Any, forged: str) -> None:
    client = client_for(test_client_factory)
    raw = forged.encode("utf-8")
    response = client.post("/", headers={"cookie": b"csrftoken=" + raw, "X-CSRFToken": raw})
    assert response.status_code == 403


def test_token_signed_with_another_secret_is_rejected(test_client_factory: Any) -> None:
    foreign = issued_token(test_client_factory(CSRFMiddleware(app, secret="other")))
    client = client_for(test_client_factory)
    response = client.post("/", headers={"cookie": f"csrftoken={foreign}", "X-CSRFToken": foreign})
    assert response.status_code == 403


def test_other_cookies_are_ignored(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    token = issued_token(client)
    cookie = f"theme=dark; csrftoken={token}; lang=en"
    response = client.post("/", headers={"cookie": cookie, "X-CSRFToken": token})
    assert response.status_code == 200
    assert (
        client_for(test_client_factory).post("/", headers={"cookie": "theme=dark"}).status_code
        == 403
    )


def test_invalid_cookie_is_replaced_on_a_safe_request(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    response = client.get("/", headers={"cookie": "csrftoken=forged"})
    assert response.cookies["csrftoken"] != "forged"


def test_custom_names_and_cookie_attributes(test_client_factory: Any) -> None:
    client = client_for(
        test_client_factory,
        cookie_name="xsrf",
        header_name="X-XSRF",
        cookie_path="/app",
        secure=True,
        httponly=True,
        samesite="strict",
        domain="example.com",
    )
    response = client.get("https://example.com/app")
    cookie = response.headers["set-cookie"].lower()
    for part in ("xsrf=", "path=/app", "secure", "httponly", "samesite=strict"):
        assert part in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    response = client.post(
        "https://example.com/app", headers={"cookie": f"xsrf={token}", "X-XSRF": token}
    )
    assert response.status_code == 200


def test_custom_safe_methods(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, safe_methods={"get", "post"})
    assert client.post("/").status_code == 200
    assert client.delete("/").status_code == 403


def test_websockets_pass_through(test_client_factory: Any) -> None:
    client = client_for(test_client_factory)
    with client.websocket_connect("/") as websocket:
        websocket.close()


def test_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        CSRFMiddleware(app, secret="")
