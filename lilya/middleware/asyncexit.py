"""AsyncExitStackMiddleware: one AsyncExitStack per request, closed after the response.

Handlers (or dependencies) register clean-up on scope["lilya_astack"] - close a database
session, release a lock - and it runs once the response has been sent, also when the handler
failed; the failure is then seen by the callbacks and re-raised unchanged.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["SCOPE_KEY", "AsyncExitStackMiddleware"]

SCOPE_KEY = "lilya_astack"


class AsyncExitStackMiddleware:
    """Open an AsyncExitStack in the scope for each HTTP or WebSocket connection."""

    def __init__(self, app: ASGIApp, context_name: str = SCOPE_KEY) -> None:
        self.app = app
        self.context_name = context_name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        async with AsyncExitStack() as stack:
            scope[self.context_name] = stack
            await self.app(scope, receive, send)
