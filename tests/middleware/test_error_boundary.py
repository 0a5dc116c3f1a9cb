"""The fused error layer answers exactly as ServerErrorMiddleware around ExceptionMiddleware."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import ClientDisconnect, HTTPException
from lilya.middleware import DefineMiddleware
from lilya.middleware._error_boundary import ErrorBoundary
from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.middleware.server_error import ServerErrorMiddleware
from lilya.requests import Request
from lilya.responses import PlainText, Response, StreamingResponse
from lilya.routing import Path, WebSocketPath
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket


class Teapot(Exception):
    pass


class PassThrough:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


async def handled() -> None:
    raise Teapot()


async def http_error() -> None:
    raise HTTPException(status_code=409, detail="conflict")


async def unhandled() -> None:
    raise KeyError("boom")


async def broken_handler_route() -> None:
    raise ValueError("handled badly")


async def gone() -> None:
    raise ClientDisconnect()


async def late() -> StreamingResponse:
    async def body() -> Any:
        yield b"partial"
        raise Teapot()

    return StreamingResponse(body())


async def socket(websocket: WebSocket) -> None:
    await websocket.accept()
    raise KeyError("socket boom")


def teapot(request: Request, exc: Exception) -> Response:
    return PlainText("short and stout", status_code=418)


def failing(request: Request, exc: Exception) -> Response:
    raise RuntimeError("the handler itself failed")


class BoundaryCalledDirectly(Lilya):
    """Lilya runs its boundary's HTTP guard inline; this calls the ErrorBoundary itself."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self
        scope.setdefault("router", self.router)
        if self.middleware_stack is None:
            self.middleware_stack = self.build_middleware_stack()
        await self.middleware_stack(scope, receive, send)


def make_app(fused: bool, app_class: type[Lilya] = Lilya) -> Lilya:
    app = app_class(
        routes=[
            Path("/handled", handled),
            Path("/http-error", http_error),
            Path("/unhandled", unhandled),
            Path("/broken-handler", broken_handler_route),
            Path("/gone", gone),
            Path("/late", late),
            WebSocketPath("/ws", socket),
        ],
        exception_handlers={Teapot: teapot, ValueError: failing},
        middleware=[] if fused else [DefineMiddleware(PassThrough)],
    )
    return app


@pytest.fixture(params=["fused", "stacked", "direct"])
def app(request: pytest.FixtureRequest) -> Lilya:
    if request.param == "direct":
        return make_app(True, BoundaryCalledDirectly)
    return make_app(request.param == "fused")


def test_stack_shape() -> None:
    fused = make_app(True)
    fused.middleware_stack = fused.build_middleware_stack()
    assert isinstance(fused.middleware_stack, ErrorBoundary)
    stacked = make_app(False)
    assert isinstance(stacked.build_middleware_stack(), ServerErrorMiddleware)


def test_handled_exception_gets_its_handler(test_client_factory: Any, app: Lilya) -> None:
    response = test_client_factory(app).get("/handled")
    assert (response.status_code, response.text) == (418, "short and stout")


def test_http_exception_gets_the_default_renderer(test_client_factory: Any, app: Lilya) -> None:
    response = test_client_factory(app).get("/http-error")
    assert (response.status_code, response.text) == (409, "conflict")


def test_unhandled_exception_is_a_500_and_reraised(test_client_factory: Any, app: Lilya) -> None:
    with pytest.raises(KeyError):
        test_client_factory(app).get("/unhandled")
    quiet = test_client_factory(app, raise_server_exceptions=False)
    response = quiet.get("/unhandled")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_failing_handler_is_a_500(test_client_factory: Any, app: Lilya) -> None:
    quiet = test_client_factory(app, raise_server_exceptions=False)
    assert quiet.get("/broken-handler").status_code == 500
    with pytest.raises(RuntimeError, match="handler itself"):
        test_client_factory(app).get("/broken-handler")


@pytest.mark.anyio
async def test_client_disconnect_ends_quietly(anyio_backend: str, app: Lilya) -> None:
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/gone", "headers": [], "query_string": b""}
    await app(scope, receive, send)
    assert sent == []


def test_exception_after_the_response_started_is_raised(
    test_client_factory: Any, app: Lilya
) -> None:
    with pytest.raises(RuntimeError, match="already started"):
        test_client_factory(app).get("/late")


@pytest.mark.anyio
async def test_websocket_crash_closes_1011(anyio_backend: str, app: Lilya) -> None:
    sent: list[Any] = []
    incoming = [{"type": "websocket.connect"}]

    async def receive() -> Any:
        return incoming.pop(0) if incoming else {"type": "websocket.disconnect", "code": 1000}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": "/ws", "headers": [], "query_string": b""}
    with pytest.raises(KeyError):
        await app(scope, receive, send)
    assert sent[-1] == {"type": "websocket.close", "code": 1011, "reason": ""}


def test_boundary_needs_exception_middleware_inside() -> None:
    with pytest.raises(TypeError):
        ErrorBoundary(ServerErrorMiddleware(PassThrough(PlainText("x"))))


def test_exception_middleware_inside_is_reused() -> None:
    inner = ExceptionMiddleware(PlainText("x"))
    boundary = ErrorBoundary(ServerErrorMiddleware(inner))
    assert boundary.exceptions is inner


async def close_then_crash(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.close(code=4000)
    raise KeyError("after close")


async def socket_gone(websocket: WebSocket) -> None:
    await websocket.accept()
    raise ClientDisconnect()


async def drive_socket(app: Lilya, path: str, sent: list[Any]) -> list[Any]:
    incoming = [{"type": "websocket.connect"}]

    async def receive() -> Any:
        return incoming.pop(0) if incoming else {"type": "websocket.disconnect", "code": 1000}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": path, "headers": [], "query_string": b""}
    await app(scope, receive, send)
    return sent


@pytest.mark.anyio
@pytest.mark.parametrize("fused", [True, False], ids=["fused", "stacked"])
async def test_socket_closed_before_a_crash_is_not_closed_again(
    anyio_backend: str, fused: bool
) -> None:
    app = make_app(fused)
    app.add_websocket_route("/close-then-crash", close_then_crash)
    sent: list[Any] = []
    with pytest.raises(KeyError):
        await drive_socket(app, "/close-then-crash", sent)
    closes = [m for m in sent if m["type"] == "websocket.close"]
    assert closes == [{"type": "websocket.close", "code": 4000, "reason": ""}]


@pytest.mark.anyio
@pytest.mark.parametrize("fused", [True, False], ids=["fused", "stacked"])
async def test_socket_client_gone_ends_quietly(anyio_backend: str, fused: bool) -> None:
    app = make_app(fused)
    app.add_websocket_route("/gone", socket_gone)
    sent = await drive_socket(app, "/gone", [])
    assert [m["type"] for m in sent] == ["websocket.accept"]


def test_an_outer_layer_subclass_is_called_through_its_own_call(test_client_factory: Any) -> None:
    """Lilya runs the guard of its own outermost layers inline; a subclass is called as is."""
    calls: list[str] = []

    class Recording(ServerErrorMiddleware):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            calls.append(scope["path"])
            await super().__call__(scope, receive, send)

    app = make_app(True)
    app.middleware_stack = Recording(app.build_middleware_stack())
    response = test_client_factory(app).get("/handled")
    assert (response.status_code, calls) == (418, ["/handled"])
