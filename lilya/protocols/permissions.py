"""The shape of a permission class: call the inner app to allow, raise PermissionDenied to deny."""

from __future__ import annotations

from typing import Any, ParamSpec, Protocol, runtime_checkable

from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["PermissionProtocol"]

P = ParamSpec("P")


@runtime_checkable
class PermissionProtocol(Protocol[P]):
    """Built as `cls(app, *args, **kwargs)`; called as an ASGI app."""

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...
