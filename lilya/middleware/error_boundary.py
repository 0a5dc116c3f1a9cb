"""ErrorBoundary: ServerErrorMiddleware and ExceptionMiddleware fused into one HTTP layer.

An app without user middleware has nothing between its two error layers, so one `try` and one
send-tracking closure can serve both: an exception with a handler gets the handler's response,
anything else a 500 and is re-raised, exactly as the two stacked layers would answer. Saving a
frame and a closure per request (per message, on a WebSocket) matters on the hot path.
"""

from __future__ import annotations

from collections.abc import Awaitable

from lilya.exception_handling import run_guarded
from lilya.exceptions import ClientDisconnect
from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.middleware.server_error import ServerErrorMiddleware
from lilya.requests import Request
from lilya.types import Message, Receive, Scope, Send

__all__ = ["ErrorBoundary"]

# Messages after which a socket needs no closing by us.
_CLOSING = ("websocket.close", "websocket.http.response.body")


class ErrorBoundary:
    """Run `server_errors` (whose app must be an ExceptionMiddleware) as a single layer."""

    __slots__ = ("app", "exceptions", "server_errors")

    def __init__(self, server_errors: ServerErrorMiddleware) -> None:
        if not isinstance(server_errors.app, ExceptionMiddleware):
            raise TypeError(
                "ErrorBoundary needs a ServerErrorMiddleware around ExceptionMiddleware."
            )
        self.server_errors = server_errors
        self.exceptions: ExceptionMiddleware = server_errors.app
        self.app = self.exceptions.app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind != "http":
            if kind == "websocket":
                await self._websocket(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        await run_guarded(self, scope, receive, send)

    async def answer_failure(
        self,
        exc: Exception,
        scope: Scope,
        receive: Receive,
        send: Send,
        tracking_send: Send,
        started: bool,
    ) -> None:
        """Answer an exception from the app: its handler's response, else a 500 and re-raise
        (see lilya.exception_handling.run_guarded)."""
        try:
            await self.exceptions.handle(exc, scope, receive, tracking_send, started)
        except ClientDisconnect:
            return  # nobody is listening any more: end quietly, as ExceptionMiddleware does
        except Exception as unhandled:
            await self.server_errors.handle_exception(
                Request(scope), unhandled, scope, receive, send, started
            )
            raise

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        closed = False

        def tracking_send(message: Message) -> Awaitable[None]:
            nonlocal closed
            kind = message["type"]
            if kind != "websocket.send" and kind in _CLOSING:  # frames first: most messages
                closed = True
            return send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            try:
                # Whether anything was sent matters to HTTP only: a handler may still close
                # or deny a socket.
                await self.exceptions.handle(exc, scope, receive, tracking_send, False)
            except ClientDisconnect:
                return
            except Exception:
                if not closed:  # never leave the client hanging: close as a server error
                    await send({"type": "websocket.close", "code": 1011, "reason": ""})
                raise
