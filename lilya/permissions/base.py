"""DefinePermission: a permission class and its arguments, instantiated around an app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lilya.types import ASGIApp

__all__ = ["DefinePermission", "Permission"]


class DefinePermission:
    """Records `cls(app, *args, **kwargs)`; the permission calls the app to allow or raises
    PermissionDenied to deny. Iterating yields (cls, args, kwargs)."""

    __slots__ = ("args", "kwargs", "permission")

    def __init__(self, cls: Callable[..., ASGIApp], *args: Any, **kwargs: Any) -> None:
        self.permission = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self) -> Iterator[Any]:
        return iter((self.permission, self.args, self.kwargs))

    def __call__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> Any:
        return self.permission(app, *args, *self.args, **self.kwargs, **kwargs)

    def __repr__(self) -> str:
        name = getattr(self.permission, "__name__", repr(self.permission))
        arguments = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"DefinePermission({', '.join([name, *arguments])})"


Permission = DefinePermission
