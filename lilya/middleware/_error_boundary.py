"""The app's error layers: ErrorBoundary (ServerErrorMiddleware and ExceptionMiddleware fused
into one layer) and, when user middleware sit between them, AppServerErrors and AppExceptions.

An app without user middleware has nothing between its two error layers, so one guard (one
`try`, one send-tracking closure) can serve both: an exception with a handler gets the
handler's response, anything else a 500 and is re-raised, exactly as the two stacked layers
would answer. Saving a frame and a closure per request (per message, on a WebSocket) matters
on the hot path.
"""

from __future__ import annotations

from lilya._exception_handling import guarded_call
from lilya.exceptions import ClientDisconnect
from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.middleware.server_error import ServerErrorMiddleware
from lilya.types import Receive, Scope, Send

__all__ = ["AppExceptions", "AppServerErrors", "ErrorBoundary"]


class ErrorBoundary:
    """Run `server_errors` (whose app must be an ExceptionMiddleware) as a single layer.

    Its `__call__` hands back the guard's coroutine (lilya._exception_handling.guarded_call):
    the app awaits it directly.
    """

    __slots__ = ("app", "exceptions", "server_errors")

    def __init__(self, server_errors: ServerErrorMiddleware) -> None:
        if not isinstance(server_errors.app, ExceptionMiddleware):
            raise TypeError(
                "ErrorBoundary needs a ServerErrorMiddleware around ExceptionMiddleware."
            )
        self.server_errors = server_errors
        self.exceptions: ExceptionMiddleware = server_errors.app
        self.app = self.exceptions.app

    __call__ = guarded_call

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
        (see lilya._exception_handling.guard_http)."""
        try:
            await self.exceptions.handle(exc, scope, receive, tracking_send, started)
        except ClientDisconnect:
            return  # nobody is listening any more: end quietly, as ExceptionMiddleware does
        except Exception as unhandled:
            await self.server_errors.answer(unhandled, scope, receive, send, started)
            raise

    async def answer_websocket_failure(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """A handler may still close or deny the socket; else the guard closes it (1011)."""
        await self.exceptions.answer_websocket_failure(exc, scope, receive, send)


class AppExceptions(ExceptionMiddleware):
    """ExceptionMiddleware as an app's stack holds it: `__call__` hands back the guard's
    coroutine (one frame less per request under user middleware)."""

    __slots__ = ()

    __call__ = guarded_call  # type: ignore[assignment]


class AppServerErrors(ServerErrorMiddleware):
    """ServerErrorMiddleware as an app's stack holds it: `__call__` hands back the guard's
    coroutine instead of awaiting it (the app awaits it directly: one frame less per request).
    Not for serving on its own: servers expect an async `__call__`."""

    __call__ = guarded_call  # type: ignore[assignment]
