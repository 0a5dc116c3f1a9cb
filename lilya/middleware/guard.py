"""The HTTP guard of the outermost error layers: run the app, note whether it started a
response, and hand any failure to the layer's `answer_failure`.

ErrorBoundary and ServerErrorMiddleware share it when called as ASGI apps; Lilya.__call__
runs the same steps inline for its own outermost layer, saving a frame on every request.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Protocol

from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Guard", "run_guarded"]


class Guard(Protocol):
    """A layer that wraps `app` and knows how to answer its failures."""

    app: ASGIApp

    async def answer_failure(
        self,
        exc: Exception,
        scope: Scope,
        receive: Receive,
        send: Send,
        tracking_send: Send,
        started: bool,
    ) -> None:
        """Answer `exc` raised by `app`; `tracking_send` is the send the app was given and
        `started` whether the app had sent anything."""


async def run_guarded(layer: Guard, scope: Scope, receive: Receive, send: Send) -> None:
    started = False

    def tracking_send(message: Message) -> Awaitable[None]:
        # A plain function handing back send's awaitable: no coroutine of its own.
        nonlocal started
        started = True
        return send(message)

    try:
        await layer.app(scope, receive, tracking_send)
    except Exception as exc:
        await layer.answer_failure(exc, scope, receive, send, tracking_send, started)
