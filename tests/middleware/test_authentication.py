from __future__ import annotations

import base64
import binascii
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.connections import Connection
from lilya.exceptions import AuthenticationError
from lilya.middleware import DefineMiddleware
from lilya.middleware.authentication import (
    AnonymousUser,
    AuthenticationMiddleware,
    AuthResult,
    BaseAuthMiddleware,
)
from lilya.protocols.authentication import AuthenticationProtocol
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText
from lilya.routing import Path, WebSocketPath
from lilya.testclient import WebSocketDisconnect
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket

USERS = {"alice": "wonderland"}


class BasicAuth(BaseAuthMiddleware):
    """HTTP Basic: a known user, anonymous without the header, an error for bad credentials."""

    async def authenticate(self, request: Connection) -> AuthResult | None:
        header = request.headers.get("authorization")
        if header is None:
            return None
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            name, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise AuthenticationError("Invalid basic auth credentials") from None
        if USERS.get(name) != password:
            raise AuthenticationError("Wrong user name or password")
        return AuthResult(user=name, auth=["authenticated"])


def basic(name: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"authorization": f"Basic {token}"}


async def whoami_app(scope: Scope, receive: Receive, send: Send) -> None:
    """A bare ASGI app reading what the middleware stored."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": str(scope["user"])})
        await send({"type": "websocket.close", "code": 1000})
        return
    request = Request(scope, receive)
    await JSONResponse({"user": str(request.user), "auth": request.auth})(scope, receive, send)


def test_base_middleware_sets_user_and_auth(test_client_factory: Any) -> None:
    client = test_client_factory(BasicAuth(whoami_app))
    response = client.get("/", headers=basic("alice", "wonderland"))
    assert response.json() == {"user": "alice", "auth": ["authenticated"]}


def test_no_credentials_is_anonymous(test_client_factory: Any) -> None:
    client = test_client_factory(BasicAuth(whoami_app))
    assert client.get("/").json() == {"user": "AnonymousUser()", "auth": None}
    other_scheme = client.get("/", headers={"authorization": "Bearer x"})
    assert other_scheme.json()["user"] == "AnonymousUser()"


def test_anonymous_user_reads_as_not_authenticated() -> None:
    user = AnonymousUser()
    assert not user
    assert user.is_authenticated is False
    assert user.display_name == ""


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (basic("alice", "nope"), "Wrong user name or password"),
        ({"authorization": "Basic %%%not-base64"}, "Invalid basic auth credentials"),
    ],
)
def test_authentication_error_is_401_not_500(
    test_client_factory: Any, headers: dict[str, str], message: str
) -> None:
    reached: list[bool] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(True)
        await PlainText("secret")(scope, receive, send)

    response = test_client_factory(BasicAuth(app)).get("/", headers=headers)
    assert (response.status_code, response.text) == (401, message)
    assert reached == []


def test_error_without_message_says_unauthorized(test_client_factory: Any) -> None:
    class Refuse(BaseAuthMiddleware):
        async def authenticate(self, request: Connection) -> AuthResult | None:
            raise AuthenticationError

    response = test_client_factory(Refuse(whoami_app)).get("/")
    assert (response.status_code, response.text) == (401, "Unauthorized")


@pytest.mark.parametrize("asynchronous", [False, True])
def test_custom_on_error(test_client_factory: Any, asynchronous: bool) -> None:
    def on_error(conn: Connection, exc: AuthenticationError) -> JSONResponse:
        return JSONResponse({"error": str(exc), "path": conn.url.path}, status_code=400)

    async def on_error_async(conn: Connection, exc: AuthenticationError) -> JSONResponse:
        return on_error(conn, exc)

    handler = on_error_async if asynchronous else on_error
    client = test_client_factory(BasicAuth(whoami_app, on_error=handler))
    response = client.get("/p", headers=basic("alice", "x"))
    assert response.status_code == 400
    assert response.json() == {"error": "Wrong user name or password", "path": "/p"}


def test_websocket_user_and_refusal(test_client_factory: Any) -> None:
    client = test_client_factory(BasicAuth(whoami_app))
    with client.websocket_connect("/ws", headers=basic("alice", "wonderland")) as ws:
        assert ws.receive_text() == "alice"
    with pytest.raises(WebSocketDisconnect) as refused:  # noqa: SIM117
        with client.websocket_connect("/ws", headers=basic("alice", "bad")):
            pass
    assert refused.value.code == 1008


class TokenBackend:
    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens

    async def authenticate(self, conn: Connection) -> AuthResult | None:
        token = conn.headers.get("x-token")
        if token is None:
            return None
        if token not in self.tokens:
            raise AuthenticationError("Unknown token")
        return AuthResult(user=self.tokens[token], auth=["token"])


class CookieBackend:
    async def authenticate(self, conn: Connection) -> AuthResult | None:
        name = conn.cookies.get("user")
        return AuthResult(user=name, auth=["cookie"]) if name else None


def test_backends_are_tried_in_order(test_client_factory: Any) -> None:
    middleware = AuthenticationMiddleware(
        whoami_app, backend=[TokenBackend({"t1": "bob"}), CookieBackend()]
    )
    client = test_client_factory(middleware)
    assert client.get("/", headers={"x-token": "t1"}).json() == {"user": "bob", "auth": ["token"]}
    client.cookies.set("user", "carol")
    assert client.get("/").json() == {"user": "carol", "auth": ["cookie"]}
    assert client.get("/", headers={"x-token": "t1"}).json()["user"] == "bob"
    assert client.get("/", headers={"x-token": "zzz"}).status_code == 401
    client.cookies.clear()
    assert client.get("/").json()["user"] == "AnonymousUser()"


def test_single_backend_and_empty_list() -> None:
    assert len(AuthenticationMiddleware(whoami_app, backend=CookieBackend()).backends) == 1
    with pytest.raises(ValueError, match="at least one backend"):
        AuthenticationMiddleware(whoami_app, backend=[])


def test_in_a_lilya_app_handlers_read_request_user(test_client_factory: Any) -> None:
    async def me(request: Request) -> dict[str, Any]:
        return {"user": request.user, "auth": request.auth}

    async def ws_me(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_json({"user": websocket.user})
        await websocket.close()

    app = Lilya(
        routes=[Path("/me", me), WebSocketPath("/ws", ws_me)],
        middleware=[DefineMiddleware(AuthenticationMiddleware, backend=TokenBackend({"t": "dan"}))],
    )
    client = test_client_factory(app)
    assert client.get("/me", headers={"x-token": "t"}).json() == {"user": "dan", "auth": ["token"]}
    assert client.get("/me", headers={"x-token": "nope"}).status_code == 401
    with client.websocket_connect("/ws", headers={"x-token": "t"}) as ws:
        assert ws.receive_json() == {"user": "dan"}


def test_lifespan_passes_through(test_client_factory: Any) -> None:
    events: list[str] = []
    app = Lilya(
        routes=[],
        on_startup=[lambda: events.append("up")],
        middleware=[DefineMiddleware(BasicAuth)],
    )
    with test_client_factory(app):
        assert events == ["up"]


def test_protocol_is_satisfied_by_the_middleware() -> None:
    assert isinstance(BasicAuth(whoami_app), AuthenticationProtocol)


class HttpOnlyAuth(BasicAuth):
    """Narrows `scopes`, as a Lilya 0.7.5 subclass may."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.scopes = {"http"}


def test_scopes_lists_what_is_authenticated(test_client_factory: Any) -> None:
    assert BasicAuth(whoami_app).scopes == {"http", "websocket"}
    client = test_client_factory(HttpOnlyAuth(whoami_app))
    assert client.get("/", headers=basic("alice", "wonderland")).json()["user"] == "alice"
    # The websocket scope was left alone: no user was stored for it.
    with (
        pytest.raises(KeyError),
        client.websocket_connect("/", headers=basic("alice", "wonderland")) as ws,
    ):
        ws.receive_text()
