"""Exception handlers, sync or async, hashable or not, answer the same way every time."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from lilya._exception_handling import _is_async_handler
from lilya.apps import ChildLilya, Lilya
from lilya.exceptions import HTTPException, LilyaException, NotFound, PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Include, Path, Router, WebSocketPath
from lilya.testclient import WebSocketDenialResponse
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class Teapot(Exception):
    pass


class Unhashable:
    """An async callable handler that cannot be a dict key."""

    __hash__ = None  # type: ignore[assignment]

    async def __call__(self, request: Request, exc: Exception) -> PlainText:
        return PlainText("unhashable handler", status_code=418)


async def teapot() -> None:
    raise Teapot()


async def async_handler(request: Request, exc: Exception) -> PlainText:
    return PlainText("async handler", status_code=418)


def sync_handler(request: Request, exc: Exception) -> PlainText:
    in_worker = threading.current_thread() is not threading.main_thread()
    return PlainText(f"sync handler in a worker: {in_worker}", status_code=418)


def answers(factory: Any, handler: Any) -> list[str]:
    app = Lilya(routes=[Path("/", teapot)], exception_handlers={Teapot: handler})
    client = factory(app)
    return [client.get("/").text for _ in range(3)]


def test_async_handlers_are_awaited(test_client_factory: Any) -> None:
    assert answers(test_client_factory, async_handler) == ["async handler"] * 3


def test_sync_handlers_run_in_a_worker(test_client_factory: Any) -> None:
    assert answers(test_client_factory, sync_handler) == ["sync handler in a worker: True"] * 3


def test_unhashable_handlers_work(test_client_factory: Any) -> None:
    assert answers(test_client_factory, Unhashable()) == ["unhashable handler"] * 3


def test_whether_a_handler_is_async_is_worked_out_once() -> None:
    _is_async_handler.cache_clear()
    assert _is_async_handler(async_handler) is True
    assert _is_async_handler(sync_handler) is False
    assert _is_async_handler(async_handler) is True
    assert _is_async_handler.cache_info().hits == 1


# -- exceptions answered inside routes (compat-gaps 8 and 9) ---------------------------------


class MarkResponses:
    """Adds x-seen: yes to every response it sees start."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marking(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-seen", b"yes")]
            await send(message)

        await self.app(scope, receive, marking)


async def deny() -> None:
    raise PermissionDenied()


def app_denied(request: Request, exc: Exception) -> PlainText:
    return PlainText("app handler", status_code=403)


def path_lilya_error(request: Request, exc: Exception) -> PlainText:
    return PlainText("path handler", status_code=418)


def test_path_middleware_sees_the_error_response_of_its_handler(test_client_factory: Any) -> None:
    # Lilya 0.7.5: an exception raised in a handler is answered inside the route, so the
    # route's own middleware sees the 403 (and can add a header to it).
    app = Lilya(routes=[Path("/", deny, middleware=[DefineMiddleware(MarkResponses)])])
    response = test_client_factory(app).get("/")
    assert (response.status_code, response.headers.get("x-seen")) == (403, "yes")


def test_include_middleware_sees_the_error_response_of_a_route(test_client_factory: Any) -> None:
    # Lilya 0.7.5: an enclosing Include's middleware sees the app handler's response too.
    app = Lilya(
        routes=[
            Include("/inc", routes=[Path("/", deny)], middleware=[DefineMiddleware(MarkResponses)])
        ],
        exception_handlers={PermissionDenied: app_denied},
    )
    response = test_client_factory(app).get("/inc/")
    assert (response.text, response.headers.get("x-seen")) == ("app handler", "yes")


def test_most_specific_handler_wins_across_layers(test_client_factory: Any) -> None:
    # Lilya 0.7.5: an app-level PermissionDenied handler beats a Path-level LilyaException
    # handler for a PermissionDenied.
    app = Lilya(
        routes=[Path("/", deny, exception_handlers={LilyaException: path_lilya_error})],
        exception_handlers={PermissionDenied: app_denied},
    )
    assert test_client_factory(app).get("/").text == "app handler"


def test_inner_layer_wins_for_the_same_exception_class(test_client_factory: Any) -> None:
    def include_denied(request: Request, exc: Exception) -> PlainText:
        return PlainText("include handler", status_code=403)

    app = Lilya(
        routes=[
            Include(
                "/inc",
                routes=[Path("/", deny)],
                exception_handlers={PermissionDenied: include_denied},
            )
        ],
        exception_handlers={PermissionDenied: app_denied},
    )
    assert test_client_factory(app).get("/inc/").text == "include handler"


def test_include_handler_applies_to_a_route_with_middleware(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Include(
                "/inc",
                routes=[Path("/", teapot, middleware=[DefineMiddleware(MarkResponses)])],
                exception_handlers={Teapot: async_handler},
            )
        ]
    )
    response = test_client_factory(app).get("/inc/")
    assert (response.text, response.headers.get("x-seen")) == ("async handler", "yes")


def test_unhandled_error_in_a_route_with_middleware_is_still_a_500(
    test_client_factory: Any,
) -> None:
    async def broken() -> None:
        raise ValueError("x")

    app = Lilya(routes=[Path("/", broken, middleware=[DefineMiddleware(MarkResponses)])])
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.headers.get("x-seen")) == (500, None)


def test_route_layers_of_a_bare_router_render_http_exceptions(test_client_factory: Any) -> None:
    router = Router(routes=[Path("/", deny, middleware=[DefineMiddleware(MarkResponses)])])
    response = test_client_factory(router).get("/")
    assert (response.status_code, response.headers.get("x-seen")) == (403, "yes")


def test_child_app_answers_with_its_own_handlers_not_the_parents(
    test_client_factory: Any,
) -> None:
    def parent_teapot(request: Request, exc: Exception) -> PlainText:
        return PlainText("parent include", status_code=418)

    child = ChildLilya(routes=[Path("/", teapot, middleware=[DefineMiddleware(MarkResponses)])])
    app = Lilya(routes=[Include("/child", app=child, exception_handlers={Teapot: parent_teapot})])
    response = test_client_factory(app, raise_server_exceptions=False).get("/child/")
    # The child knows no Teapot handler: its own 500; the parent Include's handler answers
    # nothing inside another app's error layers.
    assert response.status_code == 500


# -- an HTTPException on a WebSocket that was already accepted -----------------------------------


def _accept_then_raise(exc: Exception) -> Any:
    async def handler(websocket: Any) -> None:
        await websocket.accept()
        raise exc

    return handler


@pytest.mark.parametrize(
    ("exc", "code", "reason"),
    [
        (NotFound(), 1008, "The resource cannot be found."),
        (PermissionDenied(detail="no entry"), 1008, "no entry"),
        (HTTPException(status_code=503, detail="later"), 1011, "later"),
        (NotFound(detail="x" * 500), 1008, "x" * 123),
    ],
)
def test_http_exception_after_accept_closes_instead_of_denying(
    test_client_factory: Any, exc: Exception, code: int, reason: str
) -> None:
    """A denial response is only possible during the handshake; once accepted, the socket is
    closed (1008 for a client error, 1011 for a server error) with the detail as reason, cut
    to what a close frame carries."""
    app = Lilya(routes=[WebSocketPath("/ws", _accept_then_raise(exc))])
    with test_client_factory(app).websocket_connect("/ws") as session:
        message = session.receive()
    assert message == {"type": "websocket.close", "code": code, "reason": reason}


def test_http_exception_before_accept_still_denies_the_handshake(
    test_client_factory: Any,
) -> None:
    async def handler(websocket: Any) -> None:
        raise NotFound()

    app = Lilya(routes=[WebSocketPath("/ws", handler)])
    with pytest.raises(WebSocketDenialResponse) as denied:  # noqa: SIM117 - entering denies
        with test_client_factory(app).websocket_connect("/ws"):
            pass
    assert denied.value.status_code == 404
