"""DefineMiddleware: a middleware class and its arguments, instantiated when a stack is built."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lilya.types import ASGIApp

__all__ = ["DefineMiddleware", "Middleware"]


class DefineMiddleware:
    """Records `cls(app=..., *args, **kwargs)` to be built lazily around the next app inward.

    Iterating yields (cls, args, kwargs), as Lilya code expects.
    """

    __slots__ = ("args", "kwargs", "middleware")

    def __init__(self, cls: Callable[..., ASGIApp], *args: Any, **kwargs: Any) -> None:
        self.middleware = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self) -> Iterator[Any]:
        return iter((self.middleware, self.args, self.kwargs))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Build the middleware around `app` (given as `app=` or first positional)."""
        if args:
            app, *rest = args
            return self.middleware(*rest, *self.args, app=app, **self.kwargs, **kwargs)
        return self.middleware(*self.args, **self.kwargs, **kwargs)

    def __repr__(self) -> str:
        name = getattr(self.middleware, "__name__", repr(self.middleware))
        arguments = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"DefineMiddleware({', '.join([name, *arguments])})"


Middleware = DefineMiddleware
