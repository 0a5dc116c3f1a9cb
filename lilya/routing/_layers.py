"""Wrapping a route's (or Include's) app in its own middleware, handlers and permissions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lilya._exception_handling import LayerFailures, RouteErrorLayer
from lilya.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

__all__ = ["wrap_in_layers", "wrap_requests_in_layers"]


def wrap_in_layers(
    app: ASGIApp,
    *,
    middleware: Sequence[Iterable[Any]] | None = None,
    permissions: Sequence[Iterable[Any]] | None = None,
    exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
) -> ASGIApp:
    """Outer to inner, as Lilya 0.7.5 nests them: permissions (first listed outermost), then
    middleware (first listed outermost), then an exception layer.

    The inner exception layer answers with the handlers of every enclosing layer merged (app,
    Includes, this one): it goes in when there are handlers, and also when there is middleware,
    so that middleware sees the error response of what the handler raised. What permissions or
    middleware raise, and what escaped a nested route (a denial, a routing 404 or 405), is
    answered outside them (LayerFailures): by this layer's own handlers, else further out, so
    it never passes through middleware as a response. Nothing is added for what is not given,
    so a plain route costs no extra call.
    """
    if exception_handlers or middleware:
        app = RouteErrorLayer(app, exception_handlers or {})
    for cls, args, kwargs in reversed(list(middleware or ())):
        app = cls(app=app, *args, **kwargs)  # noqa: B026 - the documented construction
    for cls, args, kwargs in reversed(list(permissions or ())):
        app = cls(app, *args, **kwargs)
    if middleware or permissions or exception_handlers:
        app = LayerFailures(app, exception_handlers or {})
    return app


def wrap_requests_in_layers(
    app: ASGIApp,
    *,
    middleware: Sequence[Iterable[Any]] | None = None,
    permissions: Sequence[Iterable[Any]] | None = None,
) -> ASGIApp:
    """`app` in its middleware and permissions for http and websocket scopes; lifespan goes
    around them to `app` (as in Lilya 0.7.5: a DenyAll must not stop an app from starting)."""
    guarded = wrap_in_layers(app, middleware=middleware, permissions=permissions)
    return app if guarded is app else _RequestsOnly(guarded, app)


class _RequestsOnly:
    """Send http and websocket scopes through the layers, lifespan straight to the app."""

    __slots__ = ("app", "lifespan")

    def __init__(self, guarded: ASGIApp, unguarded: ASGIApp) -> None:
        self.app = guarded
        self.lifespan = unguarded

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Any:
        if scope["type"] == "lifespan":
            return self.lifespan(scope, receive, send)
        return self.app(scope, receive, send)
