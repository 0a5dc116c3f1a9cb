"""How a route's, an Include's and a Router's permissions, middleware and exception handlers
nest, as in Lilya 0.7.5: permissions outside middleware; only what the handler raised is
answered inside the middleware; what permissions or middleware raise (and a routing 404 or
405 below an Include) goes past every route middleware, answered by the layer's own handlers
or further out."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Include, Path, Router, WebSocketPath
from lilya.testclient import WebSocketDenialResponse
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from lilya.websockets import WebSocket


class Seen:
    """Notes its name in the scope, then calls the app."""

    def __init__(self, app: ASGIApp, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("seen", []).append(self.name)
        await self.app(scope, receive, send)


class Marks:
    """Adds `x-marked: 1` to every response it sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marking(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-marked", b"1")]
            await send(message)

        await self.app(scope, receive, marking)


class Deny:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise PermissionDenied()


class RaisingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise PermissionDenied(detail="from middleware")


async def seen(request: Request) -> PlainText:
    return PlainText(",".join(request.scope.get("seen", [])))


def handler_denies() -> None:
    raise PermissionDenied()


def own_403(request: Request, exc: Exception) -> PlainText:
    return PlainText(f"own: {getattr(exc, 'detail', '')}", status_code=403)


def app_403(request: Request, exc: Exception) -> PlainText:
    return PlainText("app", status_code=403)


MARKS = [DefineMiddleware(Marks)]
DENY = [DefinePermission(Deny)]


def mw(name: str) -> DefineMiddleware:
    return DefineMiddleware(Seen, name=name)


def perm(name: str) -> DefinePermission:
    return DefinePermission(Seen, name=name)


def test_permissions_run_outside_middleware(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Path("/p", seen, middleware=[mw("m1"), mw("m2")], permissions=[perm("p1"), perm("p2")]),
            Include(
                "/i",
                routes=[Path("/x", seen, middleware=[mw("pm")], permissions=[perm("pp")])],
                middleware=[mw("im")],
                permissions=[perm("ip")],
            ),
            Include(
                "/r",
                app=Router(
                    routes=[Path("/x", seen)], middleware=[mw("rm")], permissions=[perm("rp")]
                ),
            ),
        ],
        middleware=[mw("am")],
        permissions=[perm("ap")],
    )
    client = test_client_factory(app)
    # The app keeps its middleware outside its permissions; every route layer nests them the
    # other way round.
    assert client.get("/p").text == "am,ap,p1,p2,m1,m2"
    assert client.get("/i/x").text == "am,ap,ip,im,pp,pm"
    assert client.get("/r/x").text == "am,ap,rp,rm"


def test_websocket_path_permissions_run_outside_middleware(test_client_factory: Any) -> None:
    async def socket(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(",".join(websocket.scope.get("seen", [])))
        await websocket.close()

    route = WebSocketPath("/ws", socket, middleware=[mw("m")], permissions=[perm("p")])
    with test_client_factory(Lilya(routes=[route])).websocket_connect("/ws") as session:
        assert session.receive_text() == "p,m"


def test_a_denial_is_not_answered_inside_the_route_middleware(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Path("/plain", seen, middleware=MARKS, permissions=DENY),
            Path(
                "/own", seen, middleware=MARKS, permissions=DENY, exception_handlers={403: own_403}
            ),
            Include("/i", routes=[Path("/x", seen, permissions=DENY)], middleware=MARKS),
        ],
        exception_handlers={403: app_403},
    )
    client = test_client_factory(app)
    plain = client.get("/plain")
    assert (plain.status_code, plain.text, "x-marked" in plain.headers) == (403, "app", False)
    own = client.get("/own")
    assert (own.text, "x-marked" in own.headers) == (
        "own: You do not have permission to perform this action.",
        False,
    )
    nested = client.get("/i/x")
    assert (nested.text, "x-marked" in nested.headers) == ("app", False)


def test_what_the_handler_raises_is_still_answered_inside_the_middleware(
    test_client_factory: Any,
) -> None:
    app = Lilya(
        routes=[
            Path("/p", handler_denies, middleware=MARKS),
            Include("/i", routes=[Path("/x", handler_denies)], middleware=MARKS),
        ]
    )
    client = test_client_factory(app)
    for url in ("/p", "/i/x"):
        response = client.get(url)
        assert (response.status_code, response.headers.get("x-marked")) == (403, "1")


def test_the_route_own_handler_answers_its_permission_by_class(test_client_factory: Any) -> None:
    """Lilya 0.7.5: the route's PermissionDenied handler answers its own permission's denial,
    although the app registered one for the status code."""
    route = Path("/p", seen, permissions=DENY, exception_handlers={PermissionDenied: own_403})
    client = test_client_factory(Lilya(routes=[route], exception_handlers={403: app_403}))
    assert client.get("/p").text == "own: You do not have permission to perform this action."


def test_what_middleware_raises_is_answered_by_the_route_own_handler(
    test_client_factory: Any,
) -> None:
    route = Path(
        "/p",
        seen,
        middleware=[DefineMiddleware(Marks), DefineMiddleware(RaisingMiddleware)],
        exception_handlers={403: own_403},
    )
    response = test_client_factory(Lilya(routes=[route])).get("/p")
    assert (response.text, "x-marked" in response.headers) == ("own: from middleware", False)


def test_routing_404_and_405_below_an_include_pass_its_middleware(
    test_client_factory: Any,
) -> None:
    def include_404(request: Request, exc: Exception) -> PlainText:
        return PlainText("include 404", status_code=404)

    app = Lilya(
        routes=[
            Include("/i", routes=[Path("/x", seen)], middleware=MARKS),
            Include("/h", routes=[Path("/x", seen)], exception_handlers={404: include_404}),
        ]
    )
    client = test_client_factory(app)
    for response in (client.get("/i/nothing"), client.post("/i/x")):
        assert response.status_code in (404, 405)
        assert "x-marked" not in response.headers
    assert client.get("/h/nothing").text == "include 404"


@pytest.mark.parametrize("url", ["/ws", "/i/ws"])
def test_a_denied_websocket_below_route_middleware_is_still_denied(
    test_client_factory: Any, url: str
) -> None:
    async def socket(websocket: WebSocket) -> None:  # pragma: no cover - never reached
        await websocket.accept()

    app = Lilya(
        routes=[
            WebSocketPath("/ws", socket, middleware=MARKS, permissions=DENY),
            Include(
                "/i", routes=[WebSocketPath("/ws", socket, permissions=DENY)], middleware=MARKS
            ),
        ]
    )
    with (
        pytest.raises(WebSocketDenialResponse) as denied,
        test_client_factory(app).websocket_connect(url),
    ):
        pass  # pragma: no cover
    assert denied.value.status_code == 403
