"""Finding and running exception handlers: shared by the app, Include and route layers.

Handlers are looked up by status code first (for HTTPException), then by the exception's class
through its MRO. A handler may be sync or async, takes (request, exc) and returns a response.
`run_guarded` is the guard every error layer puts around its app: it notes whether a response
started and hands failures to the layer's `answer_failure`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol

from lilya import status
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, ExceptionHandler, Message, Receive, Scope, Send
from lilya.websockets import WebSocket

__all__ = [
    "ExceptionHandlingLayer",
    "Guard",
    "http_exception_response",
    "lookup_handler",
    "run_guarded",
    "run_handler",
]


def lookup_handler(
    handlers: Mapping[Any, ExceptionHandler], exc: BaseException
) -> ExceptionHandler | None:
    """The handler registered for this exception's status code, else for its nearest class."""
    if isinstance(exc, HTTPException) and exc.status_code in handlers:
        return handlers[exc.status_code]
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None


async def run_handler(handler: ExceptionHandler, connection: Any, exc: Exception) -> Any:
    """Call a sync or async handler; sync ones run in a worker thread."""
    try:
        is_async = _is_async_handler(handler)
    except TypeError:  # an unhashable callable: asked afresh each time
        is_async = is_async_callable(handler)
    if is_async:
        return await handler(connection, exc)
    return await run_in_threadpool(handler, connection, exc)


@functools.lru_cache(maxsize=256)
def _is_async_handler(handler: ExceptionHandler) -> bool:
    """is_async_callable, remembered per handler: asking inspect measured about 1 µs of every
    error response (a 404 among them), and an app has a handful of handlers."""
    return is_async_callable(handler)


def http_exception_response(request: Any, exc: Exception) -> Response:
    """Default rendering of an HTTPException: its detail as plain text with its status."""
    assert isinstance(exc, HTTPException)
    code = exc.status_code or status.HTTP_500_INTERNAL_SERVER_ERROR
    if code in (status.HTTP_204_NO_CONTENT, status.HTTP_304_NOT_MODIFIED):
        return Response(status_code=code, headers=exc.headers)
    return PlainText(str(exc.detail), status_code=code, headers=exc.headers)


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
    """Run `layer.app`, noting whether it started a response; hand any failure to
    `layer.answer_failure`. The error layers share it; Lilya.__call__ runs the same steps
    inline for its outermost layer, saving a frame on every request."""
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


class ExceptionHandlingLayer:
    """Wraps an ASGI app so exceptions with a registered handler become that handler's response.

    Exceptions without a handler propagate unchanged to the next layer out.
    """

    __slots__ = ("app", "handlers")

    # Exceptions that end the connection quietly when no handler answers them (none here).
    ends_quietly: tuple[type[Exception], ...] = ()

    def __init__(self, app: ASGIApp, handlers: Mapping[Any, ExceptionHandler]) -> None:
        self.app = app
        self.handlers = dict(handlers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        # run_guarded's steps, inline: this layer is on the request path of every app with
        # middleware (ExceptionMiddleware) and of routes with handlers of their own.
        started = False

        def tracking_send(message: Message) -> Awaitable[None]:
            nonlocal started
            started = True
            return send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            try:
                await self.handle(exc, scope, receive, send, started)
            except self.ends_quietly:
                return

    async def handle(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool
    ) -> None:
        """Answer `exc` with its handler's response; re-raise it when no handler matches."""
        handler = lookup_handler(self.handlers, exc)
        if handler is None:
            raise exc
        if started and scope["type"] == "http":
            raise RuntimeError(
                "An exception handler matched, but the response had already started."
            ) from exc
        await self.respond(handler, scope, receive, send, exc)

    async def respond(
        self,
        handler: ExceptionHandler,
        scope: Scope,
        receive: Receive,
        send: Send,
        exc: Exception,
    ) -> None:
        """Run `handler` and send what it returns."""
        if scope["type"] == "websocket":
            result = await run_handler(handler, WebSocket(scope, receive, send), exc)
            if result is not None and callable(result):
                await result(scope, receive, send)
            return
        request = Request(scope, receive, send)
        response = await run_handler(handler, request, exc)
        if response is not None:
            await response(scope, receive, send)
