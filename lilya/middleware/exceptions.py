"""ExceptionMiddleware: turns exceptions into responses through the registered handlers.

Out of the box it renders HTTPException (plain text detail with its status and headers), closes
WebSockets on WebSocketException with its code, and ends a request quietly when the client has
disconnected. User handlers, by status code or exception class, take precedence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lilya._exception_handling import (
    ExceptionHandlingLayer,
    default_handlers,
    http_exception_response,
)
from lilya.exceptions import ClientDisconnect, WebSocketException
from lilya.requests import Request
from lilya.responses import Response
from lilya.types import ASGIApp

__all__ = ["ExceptionMiddleware"]


class ExceptionMiddleware(ExceptionHandlingLayer):
    """Applies exception handlers to everything inside it (routers, permissions, routes)."""

    __slots__ = ("debug",)

    # A client that went away needs no answer: end the request without an error.
    ends_quietly = (ClientDisconnect,)

    def __init__(
        self,
        app: ASGIApp,
        handlers: Mapping[Any, Callable[[Request, Exception], Response]] | None = None,
        debug: bool = False,
    ) -> None:
        defaults = {**default_handlers(), WebSocketException: self.websocket_exception}
        super().__init__(app, {**defaults, **dict(handlers or {})})
        self.debug = debug

    def add_exception_handler(
        self,
        exception_or_status: type[Exception] | int,
        handler: Callable[[Request, Exception], Response],
    ) -> None:
        self.handlers[exception_or_status] = handler

    def http_exception(self, request: Request, exc: Exception) -> Response:
        return http_exception_response(request, exc)

    async def websocket_exception(self, websocket: Any, exc: Exception) -> None:
        assert isinstance(exc, WebSocketException)
        await websocket.close(code=exc.code, reason=exc.reason)
