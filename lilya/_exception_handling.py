"""Finding and running exception handlers, and the one guard every error layer runs.

Handlers are looked up by status code first (for HTTPException), then by the exception's class
through its MRO. A handler may be sync or async, takes (request, exc) and returns a response.

`guard_http` and `guard_websocket` are the only two guards: they run a layer's app, note whether
a response started (HTTP) or the socket was closed (WebSocket), and hand failures to the
layer's `answer_failure` / `answer_websocket_failure`. The app's error layers
(ServerErrorMiddleware, ExceptionMiddleware, ErrorBoundary) and the route layers all use them.

Route layers (`RouteErrorLayer`, placed by `lilya.routing._layers` inside a route's or an
Include's middleware) answer with the handlers of every enclosing layer merged: the app's,
then each Include's, then the route's own, so the most specific exception class wins across
layers and, for the same key, the innermost layer. The chain is handed down in the scope under
`ROUTE_HANDLERS`, only by layers that have handlers of their own.

As in Lilya 0.7.5, only what the handler raised becomes a response inside the middleware: an
exception raised by a route's (or Include's) permissions or middleware leaves that route
"escaped" (`LayerFailures`, around them), answered by the route's own handlers or else further
out, past every enclosing route middleware, whose RouteErrorLayers let it through.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol

from lilya import status
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.exceptions import ClientDisconnect, HTTPException, WebSocketException
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, ExceptionHandler, Message, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketDisconnect, _fit_reason

__all__ = [
    "ROUTE_HANDLERS",
    "ExceptionHandlingLayer",
    "Guard",
    "LayerFailures",
    "RouteErrorLayer",
    "default_handlers",
    "escaped",
    "guard_http",
    "guard_websocket",
    "http_exception_response",
    "lookup_handler",
    "mark_escaped",
    "run_handler",
]

# Scope key: (app, parent entry, handlers) of the nearest enclosing layer with handlers.
ROUTE_HANDLERS = "lilya.exception_handlers"

# Attribute marking an exception that escaped a route's permissions or middleware.
_ESCAPED = "_lilya_escaped_route_layers"

# Messages after which a socket needs no closing by us.
_CLOSING = frozenset(("websocket.close", "websocket.http.response.body"))


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


async def _render_http_exception(connection: Any, exc: Exception) -> Response | None:
    # Async so the default rendering never pays for a worker-thread hop (404s are common).
    response = http_exception_response(connection, exc)
    if isinstance(connection, WebSocket):
        await deny_websocket(connection, response)
        return None
    return response


async def _close_websocket(websocket: Any, exc: Exception) -> None:
    assert isinstance(exc, WebSocketException)
    await websocket.close(code=exc.code, reason=exc.reason)


async def deny_websocket(websocket: WebSocket, response: Response) -> None:
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


def default_handlers() -> dict[Any, ExceptionHandler]:
    """The handlers every app starts with: HTTPException rendered, WebSocketException closes."""
    return {HTTPException: _render_http_exception, WebSocketException: _close_websocket}


_DEFAULTS = default_handlers()


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
        """Answer `exc` raised by `app` on HTTP; `tracking_send` is the send the app was given
        and `started` whether the app had sent anything. Re-raise what it cannot answer."""

    async def answer_websocket_failure(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Answer `exc` raised by `app` on a WebSocket (`send` tracks closing); re-raise what
        it cannot answer."""


async def guard_http(layer: Guard, scope: Scope, receive: Receive, send: Send) -> None:
    """Run `layer.app`, noting whether it started a response; hand a failure to
    `layer.answer_failure`.

    Other scope types go to `layer.app` unguarded: the application itself is a layer whose
    `__call__` is this guard, and it serves lifespan and WebSocket scopes too.
    """
    if scope["type"] != "http":
        await layer.app(scope, receive, send)
        return
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


async def guard_websocket(layer: Guard, scope: Scope, receive: Receive, send: Send) -> None:
    """Run `layer.app` on a WebSocket; hand a failure to `layer.answer_websocket_failure`.
    What it does not answer closes the socket with 1011 (unless closed already), so a client
    never hangs, and is re-raised."""
    closed = accepted = False

    def tracking_send(message: Message) -> Awaitable[None]:
        nonlocal closed, accepted
        kind = message["type"]
        if kind != "websocket.send":  # frames first: most messages
            if kind in _CLOSING:
                closed = True
            elif kind == "websocket.accept":
                accepted = True
        return send(message)

    try:
        await layer.app(scope, receive, tracking_send)
    except Exception as exc:
        answer_send = _denials_as_closes(tracking_send) if accepted else tracking_send
        try:
            await layer.answer_websocket_failure(exc, scope, receive, answer_send)
        except ClientDisconnect:
            raise
        except WebSocketDisconnect:
            # The client closed the socket, and the handler let that end it: nothing is left
            # to close (a close now breaks the ASGI protocol) and nothing failed here.
            return
        except Exception as failure:
            # A route layer lets an escaped exception through untouched: the layer further
            # out that answers it may still deny the handshake.
            passing = getattr(layer, "passes_escaped", False) and escaped(failure)
            if not closed and not passing:
                await send({"type": "websocket.close", "code": 1011, "reason": ""})
            raise


def _denials_as_closes(send: Send) -> Send:
    """The send for answering a failure once the handshake was accepted: a denial response
    (an HTTPException's, say) can no longer be sent, so it becomes a close instead, 1008 for
    a client error and 1011 for a server error, its body as the reason."""
    status = 0
    reason = b""

    async def closing_send(message: Message) -> None:
        nonlocal status, reason
        kind = message["type"]
        if kind == "websocket.http.response.start":
            status = int(message.get("status", 500))
        elif kind == "websocket.http.response.body":
            reason += bytes(message.get("body", b""))[:200]
            if not message.get("more_body", False):
                code = 1011 if status >= 500 else 1008
                text = _fit_reason(reason.decode("utf-8", "replace"))
                await send({"type": "websocket.close", "code": code, "reason": text})
        else:
            await send(message)

    return closing_send


def guarded_call(layer: Any, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
    """An error layer's `__call__` as a plain function: a WebSocket goes through its guard,
    anything else through guard_http (which guards HTTP and passes lifespan straight to the
    app). It hands back the guard's coroutine, so the caller awaits it directly (one frame
    less per request than an async __call__)."""
    if scope["type"] == "websocket":
        return guard_websocket(layer, scope, receive, send)
    return guard_http(layer, scope, receive, send)


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
        await guarded_call(self, scope, receive, send)

    def handlers_for(self, scope: Scope) -> Mapping[Any, ExceptionHandler]:
        """The handlers answering for this scope (here: this layer's own)."""
        return self.handlers

    async def answer_failure(
        self,
        exc: Exception,
        scope: Scope,
        receive: Receive,
        send: Send,
        tracking_send: Send,
        started: bool,
    ) -> None:
        try:
            await self.handle(exc, scope, receive, send, started)
        except self.ends_quietly:
            return

    async def answer_websocket_failure(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> None:
        try:
            # Whether anything was sent matters to HTTP only: a handler may still close or
            # deny a socket.
            await self.handle(exc, scope, receive, send, False)
        except self.ends_quietly:
            return

    async def handle(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool
    ) -> None:
        """Answer `exc` with its handler's response; re-raise it when no handler matches."""
        handler = lookup_handler(self.handlers_for(scope), exc)
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


class RouteErrorLayer(ExceptionHandlingLayer):
    """Answers exceptions inside a route or Include (inside its middleware, which then sees
    the error response), with the handlers of every enclosing layer merged.

    `handlers` are the layer's own (may be empty). A layer with handlers hands the chain down
    in the scope for the layers inside it; the merge happens only when something failed. An
    exception that escaped a nested route's permissions or middleware goes through unanswered.
    """

    __slots__ = ()

    passes_escaped = True

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:  # type: ignore[override]
        if self.handlers:
            kind = scope["type"]
            if kind == "http" or kind == "websocket":
                app = scope.get("app")
                scope[ROUTE_HANDLERS] = (app, scope.get(ROUTE_HANDLERS), self.handlers)
        return guarded_call(self, scope, receive, send)

    def handlers_for(self, scope: Scope) -> Mapping[Any, ExceptionHandler]:
        return enclosing_handlers(scope)

    async def handle(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool
    ) -> None:
        if escaped(exc):
            raise exc
        await super().handle(exc, scope, receive, send, started)


class LayerFailures(ExceptionHandlingLayer):
    """Around a route's (or Include's, Router's, Host's) permissions and middleware: what they
    raise, or let out, is marked as escaped and answered only by this layer's own handlers,
    outside the middleware (as Lilya 0.7.5 answers it); anything else goes further out."""

    __slots__ = ()

    passes_escaped = True

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:  # type: ignore[override]
        return guarded_call(self, scope, receive, send)

    async def handle(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool
    ) -> None:
        mark_escaped(exc)
        await super().handle(exc, scope, receive, send, started)


def mark_escaped(exc: BaseException) -> BaseException:
    """Mark `exc` as not raised by a handler: route middleware it passes never sees it
    answered (as the 404 and 405 of routing, and what permissions raise, in Lilya 0.7.5)."""
    try:
        setattr(exc, _ESCAPED, True)
    except AttributeError:  # pragma: no cover - an exception that takes no attributes
        pass
    return exc


def escaped(exc: BaseException) -> bool:
    """Whether `exc` escaped a route's permissions or middleware (see LayerFailures)."""
    return getattr(exc, _ESCAPED, False) is True


def enclosing_handlers(scope: Scope) -> dict[Any, ExceptionHandler]:
    """The handlers answering inside `scope`: the serving app's (defaults without an app),
    then each enclosing Include's and route's, inner ones overriding outer ones."""
    app = scope.get("app")
    base = getattr(app, "route_exception_handlers", None)
    layers: list[Mapping[Any, ExceptionHandler]] = []
    entry = scope.get(ROUTE_HANDLERS)
    while entry is not None:
        owner, entry, handlers = entry
        if owner is app:
            layers.append(handlers)
    merged = dict(_DEFAULTS if base is None else base)
    for handlers in reversed(layers):
        merged.update(handlers)
    return merged
