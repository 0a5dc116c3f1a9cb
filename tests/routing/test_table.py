from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lilya.middleware import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.responses import PlainText
from lilya.routing import Path, Router
from lilya.types import ASGIApp, Receive, Scope, Send

ClientFactory = Callable[..., Any]


class DenyAll:
    """A permission refusing every request (and failing loudly if it ever sees lifespan)."""

    def __init__(self, app: ASGIApp, **options: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            raise AssertionError("a router permission saw the lifespan scope")
        await PlainText("Denied", status_code=403)(scope, receive, send)


class Recording:
    """Middleware that records the scope types it sees."""

    seen: list[str] = []

    def __init__(self, app: ASGIApp, **options: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        Recording.seen.append(scope["type"])
        await self.app(scope, receive, send)


def home() -> PlainText:
    return PlainText("home")


def test_router_permissions_leave_lifespan_alone(test_client_factory: ClientFactory) -> None:
    started: list[bool] = []
    router = Router(
        [Path("/", home)],
        permissions=[DefinePermission(DenyAll)],
        on_startup=[lambda: started.append(True)],
    )
    with test_client_factory(router) as client:
        assert client.get("/").status_code == 403
    assert started == [True]


def test_router_middleware_does_not_see_lifespan(test_client_factory: ClientFactory) -> None:
    Recording.seen = []
    router = Router([Path("/", home)], middleware=[DefineMiddleware(Recording)])
    with test_client_factory(router) as client:
        assert client.get("/").text == "home"
    assert Recording.seen == ["http"]
