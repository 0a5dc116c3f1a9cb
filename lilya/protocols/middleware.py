"""The shape of an ASGI middleware class as lilya builds it."""

from __future__ import annotations

from typing import Any, ParamSpec, Protocol, runtime_checkable

from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["MiddlewareProtocol"]

P = ParamSpec("P")


@runtime_checkable
class MiddlewareProtocol(Protocol[P]):
    """Built as `cls(app=inner, **options)`; called as an ASGI app."""

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...
