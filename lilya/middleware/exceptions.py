"""ExceptionMiddleware: turns exceptions into responses through the registered handlers.

Out of the box it renders HTTPException (plain text detail with its status and headers), closes
WebSockets on WebSocketException with its code, and ends a request quietly when the client has
disconnected. User handlers, by status code or exception class, take precedence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lilya.exception_handling import ExceptionHandlingLayer, http_exception_response
from lilya.exceptions import ClientDisconnect, HTTPException, WebSocketException
from lilya.requests import Request
from lilya.responses import Response
from lilya.types import ASGIApp
from lilya.websockets import WebSocket

__all__ = ["ExceptionMiddleware"]


async def _render_http_exception(connection: Any, exc: Exception) -> Response | None:
    # Async so the default rendering never pays for a worker-thread hop (404s are common).
    response = http_exception_response(connection, exc)
    if isinstance(connection, WebSocket):
        await _deny_websocket(connection, response)
        return None
    return response


async def _deny_websocket(websocket: WebSocket, response: Response) -> None:
    """Refuse a handshake: an HTTP denial response where the server supports one (e.g. 403),
    else a close with 1008 (policy violation), which servers turn into a 403 before accept."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send(
            {
                "type": "websocket.http.response.start",
                "status": response.status_code,
                "headers": response.raw_headers,
            }
        )
        await websocket.send({"type": "websocket.http.response.body", "body": response.body})
        return
    await websocket.close(code=1008, reason=str(response.body[:120], "utf-8", "replace"))


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
        defaults: dict[Any, Any] = {
            HTTPException: _render_http_exception,
            WebSocketException: self.websocket_exception,
        }
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
