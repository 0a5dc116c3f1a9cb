from __future__ import annotations

import time

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.responses import PlainText
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class TimingMiddleware:
    """A plain ASGI middleware: adds the time the app took, in milliseconds, as a header."""

    def __init__(self, app: ASGIApp, header: str = "x-time-ms") -> None:
        self.app = app
        self.header = header.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed = f"{(time.perf_counter() - started) * 1000:.1f}".encode()
                message["headers"] = [*message.get("headers", []), (self.header, elapsed)]
            await send(message)

        await self.app(scope, receive, send_with_time)


class PoweredByMiddleware:
    """Names the toolkit in a header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-powered-by", b"lilya")]
            await send(message)

        await self.app(scope, receive, send_with_header)


def home() -> PlainText:
    return PlainText("home")


def report() -> PlainText:
    return PlainText("report")


app = Lilya(
    routes=[
        Path("/", home),
        # Middleware on an Include or a Path wraps only that part of the app.
        Include(
            "/admin",
            routes=[Path("/report", report)],
            middleware=[DefineMiddleware(PoweredByMiddleware)],
        ),
    ],
    middleware=[DefineMiddleware(TimingMiddleware, header="x-time-ms")],
)
