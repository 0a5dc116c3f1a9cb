from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.conf import settings as global_settings
from lilya.conf.global_settings import Settings
from lilya.middleware import DefineMiddleware
from lilya.middleware.app_settings import ApplicationSettingsMiddleware
from lilya.middleware.asyncexit import AsyncExitStackMiddleware
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path, WebSocketPath
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket


@dataclass
class ShopSettings(Settings):
    shop_name: str = "corner shop"


def test_app_settings_reach_the_scope_in_a_lilya_app(test_client_factory: Any) -> None:
    seen: list[Any] = []

    async def show(request: Request) -> PlainText:
        seen.append(request.scope["settings"])
        return PlainText(request.settings.shop_name)

    app = Lilya(
        routes=[Path("/", show)],
        settings_module=ShopSettings,
        middleware=[DefineMiddleware(ApplicationSettingsMiddleware)],
    )
    assert test_client_factory(app).get("/").text == "corner shop"
    assert seen == [app.settings]


def test_without_an_app_the_global_settings_are_used(test_client_factory: Any) -> None:
    async def bare(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["settings"] is global_settings
        await PlainText(str(Request(scope).settings.debug))(scope, receive, send)

    client = test_client_factory(ApplicationSettingsMiddleware(bare))
    assert client.get("/").text == str(global_settings.debug)


def test_settings_already_in_scope_are_kept(test_client_factory: Any) -> None:
    mine = ShopSettings(shop_name="kept")

    async def outer(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["settings"] = mine
        await ApplicationSettingsMiddleware(inner)(scope, receive, send)

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainText(scope["settings"].shop_name)(scope, receive, send)

    assert test_client_factory(outer).get("/").text == "kept"


class Resource:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def __aenter__(self) -> Resource:
        self.log.append("open")
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self.log.append(f"close:{exc_info[0].__name__ if exc_info[0] else None}")


def test_exit_stack_closes_after_the_response(test_client_factory: Any) -> None:
    log: list[str] = []

    async def handler(request: Request) -> PlainText:
        stack: AsyncExitStack = request.scope["lilya_astack"]
        await stack.enter_async_context(Resource(log))
        log.append("handler")
        return PlainText("done")

    app = Lilya(
        routes=[Path("/", handler)], middleware=[DefineMiddleware(AsyncExitStackMiddleware)]
    )
    response = test_client_factory(app).get("/")
    assert response.text == "done"
    assert log == ["open", "handler", "close:None"]


def test_exit_stack_sees_and_reraises_the_failure(test_client_factory: Any) -> None:
    log: list[str] = []

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        await scope["lilya_astack"].enter_async_context(Resource(log))
        raise KeyError("boom")

    client = test_client_factory(AsyncExitStackMiddleware(broken))
    with pytest.raises(KeyError, match="boom"):
        client.get("/")
    assert log == ["open", "close:KeyError"]


def test_exit_stack_for_websockets_and_custom_name(test_client_factory: Any) -> None:
    log: list[str] = []

    async def echo(websocket: WebSocket) -> None:
        await websocket.scope["stack"].enter_async_context(Resource(log))
        await websocket.accept()
        await websocket.send_text(await websocket.receive_text())
        await websocket.close()

    app = Lilya(
        routes=[WebSocketPath("/ws", echo)],
        middleware=[DefineMiddleware(AsyncExitStackMiddleware, context_name="stack")],
    )
    with test_client_factory(app).websocket_connect("/ws") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "hi"
    assert log == ["open", "close:None"]


def test_lifespan_is_passed_through(test_client_factory: Any) -> None:
    events: list[str] = []
    app = Lilya(
        on_startup=[lambda: events.append("up")],
        on_shutdown=[lambda: events.append("down")],
        middleware=[DefineMiddleware(AsyncExitStackMiddleware)],
    )
    with test_client_factory(app):
        assert events == ["up"]
    assert events == ["up", "down"]
