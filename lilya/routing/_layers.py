"""Wrapping a route's (or Include's) app in its own middleware, handlers and permissions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lilya._exception_handling import RouteErrorLayer
from lilya.types import ASGIApp, ExceptionHandler

__all__ = ["wrap_in_layers"]


def wrap_in_layers(
    app: ASGIApp,
    *,
    middleware: Sequence[Iterable[Any]] | None = None,
    permissions: Sequence[Iterable[Any]] | None = None,
    exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
) -> ASGIApp:
    """Outer to inner: middleware (first listed outermost), exception handlers, permissions.

    The exception layer answers with the handlers of every enclosing layer merged (app,
    Includes, this one): it goes in when there are handlers, and also when there is middleware,
    so that middleware sees the error response of anything raised inside. Handlers sit outside
    permissions so a denial can be rendered by a route's own handler. Nothing is added for what
    is not given, so a plain route costs no extra call.
    """
    for cls, args, kwargs in reversed(list(permissions or ())):
        app = cls(app, *args, **kwargs)
    if exception_handlers or middleware:
        app = RouteErrorLayer(app, exception_handlers or {})
    for cls, args, kwargs in reversed(list(middleware or ())):
        app = cls(app=app, *args, **kwargs)  # noqa: B026 - the documented construction
    return app
