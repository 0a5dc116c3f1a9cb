"""`sync_to_thread`: where a plain `def` handler runs (a worker thread by default, the event
loop when opted in), chosen per app, Include or Path, and the debug-mode blocking warning."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import ImproperlyConfigured
from lilya.params import Query
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Include, Path, WebSocketPath
from lilya.routing._handlers import BLOCKING_WARNING_SECONDS
from tests.asgi_helpers import call_asgi

pytestmark = pytest.mark.anyio


def thread_of_handler() -> PlainText:
    return PlainText(str(threading.get_ident()))


def thread_of_request_handler(request: Request) -> PlainText:
    return PlainText(str(threading.get_ident()))


def thread_of_typed_handler(limit: int = Query(3)) -> PlainText:
    return PlainText(str(threading.get_ident()))


def thread_of_bound_handler(item: str) -> PlainText:
    return PlainText(str(threading.get_ident()))


async def ran_on_loop(app: Any, path: str) -> bool:
    """Whether the handler at `path` ran in this test's thread: the event loop's."""
    sent = await call_asgi(app, path=path)
    assert sent.status == 200, sent.body
    return int(sent.body) == threading.get_ident()


async def test_def_handler_runs_in_a_worker_thread_by_default(anyio_backend: str) -> None:
    app = Lilya(routes=[Path("/", thread_of_handler)])
    assert not await ran_on_loop(app, "/")


@pytest.mark.parametrize(
    "handler",
    [thread_of_handler, thread_of_request_handler, thread_of_typed_handler],
    ids=["no parameters", "request", "typed"],
)
async def test_def_handler_of_a_path_opting_in_runs_on_the_loop(
    anyio_backend: str, handler: Any
) -> None:
    app = Lilya(routes=[Path("/", handler, sync_to_thread=False)])
    assert await ran_on_loop(app, "/")


async def test_def_handler_with_path_parameters_opting_in_runs_on_the_loop(
    anyio_backend: str,
) -> None:
    app = Lilya(routes=[Path("/{item}", thread_of_bound_handler, sync_to_thread=False)])
    assert await ran_on_loop(app, "/pen")


async def test_path_stating_true_keeps_a_worker_thread(anyio_backend: str) -> None:
    app = Lilya(routes=[Path("/", thread_of_handler, sync_to_thread=True)])
    assert not await ran_on_loop(app, "/")


async def test_app_choice_is_the_default_of_its_routes(anyio_backend: str) -> None:
    app = Lilya(routes=[Path("/", thread_of_handler)], sync_to_thread=False)
    assert await ran_on_loop(app, "/")


async def test_include_choice_reaches_paths_two_levels_below(anyio_backend: str) -> None:
    inner = Include("/v1", routes=[Path("/here", thread_of_handler)])
    app = Lilya(routes=[Include("/api", routes=[inner], sync_to_thread=False)])
    assert await ran_on_loop(app, "/api/v1/here")


async def test_path_overrides_its_include(anyio_backend: str) -> None:
    routes = [
        Path("/loop", thread_of_handler),
        Path("/thread", thread_of_handler, sync_to_thread=True),
    ]
    app = Lilya(routes=[Include("/api", routes=routes, sync_to_thread=False)])
    assert await ran_on_loop(app, "/api/loop")
    assert not await ran_on_loop(app, "/api/thread")


async def test_inner_include_overrides_the_app(anyio_backend: str) -> None:
    app = Lilya(
        routes=[
            Path("/loop", thread_of_handler),
            Include("/threads", routes=[Path("/here", thread_of_handler)], sync_to_thread=True),
        ],
        sync_to_thread=False,
    )
    assert await ran_on_loop(app, "/loop")
    assert not await ran_on_loop(app, "/threads/here")


async def test_include_choice_reaches_a_mounted_app_that_states_none(anyio_backend: str) -> None:
    child = Lilya(routes=[Path("/here", thread_of_handler)])
    app = Lilya(routes=[Include("/child", app=child, sync_to_thread=False)])
    assert await ran_on_loop(app, "/child/here")


async def test_async_handler_is_untouched_by_the_choice(anyio_backend: str) -> None:
    async def handler() -> PlainText:
        return PlainText(str(threading.get_ident()))

    route = Path("/", handler)
    app = route.app
    Lilya(routes=[route], sync_to_thread=False)
    assert route.app is app
    assert await ran_on_loop(Lilya(routes=[route]), "/")


def test_sync_to_thread_must_be_a_bool_or_none() -> None:
    with pytest.raises(ImproperlyConfigured, match="sync_to_thread"):
        Path("/", thread_of_handler, sync_to_thread="no")  # type: ignore[arg-type]


def slow_handler() -> PlainText:
    time.sleep(BLOCKING_WARNING_SECONDS * 2)
    return PlainText("done")


async def test_debug_mode_logs_a_def_handler_blocking_the_loop(
    anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = Lilya(routes=[Path("/", slow_handler, sync_to_thread=False)], debug=True)
    with caplog.at_level(logging.WARNING, logger="lilya.routing"):
        sent = await call_asgi(app, path="/")
    assert sent.body == b"done"
    assert "slow_handler() blocked the event loop" in caplog.text


async def test_without_debug_a_blocking_handler_is_not_logged(
    anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = Lilya(routes=[Path("/", slow_handler, sync_to_thread=False)])
    with caplog.at_level(logging.WARNING, logger="lilya.routing"):
        sent = await call_asgi(app, path="/")
    assert sent.body == b"done"
    assert "blocked the event loop" not in caplog.text


async def test_a_handler_in_a_worker_thread_is_not_logged_in_debug_mode(
    anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = Lilya(routes=[Path("/", slow_handler)], debug=True)
    with caplog.at_level(logging.WARNING, logger="lilya.routing"):
        await call_asgi(app, path="/")
    assert "blocked the event loop" not in caplog.text


async def test_app_choice_reaches_routes_added_later(anyio_backend: str) -> None:
    app = Lilya(sync_to_thread=False)
    app.add_route("/added", thread_of_handler)
    app.include("/included", app=Lilya(routes=[Path("/here", thread_of_handler)]))
    assert await ran_on_loop(app, "/added")
    assert await ran_on_loop(app, "/included/here")


async def test_routes_without_def_handlers_are_left_alone(anyio_backend: str) -> None:
    async def echo(websocket: Any) -> None:
        await websocket.accept()

    async def asgi_app(scope: Any, receive: Any, send: Any) -> None:
        await PlainText("mounted")(scope, receive, send)

    socket_route = WebSocketPath("/ws", echo)
    socket_app = socket_route.app
    app = Lilya(
        routes=[socket_route, Include("/raw", app=asgi_app), Path("/", thread_of_handler)],
        sync_to_thread=False,
    )
    assert socket_route.app is socket_app
    assert (await call_asgi(app, path="/raw/x")).body == b"mounted"
    assert await ran_on_loop(app, "/")
