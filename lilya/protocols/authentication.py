"""The shape of an authentication middleware: an ASGI app that can tell who is calling."""

from __future__ import annotations

from typing import Any, ParamSpec, Protocol, runtime_checkable

from lilya.connections import Connection
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["AuthenticationProtocol"]

P = ParamSpec("P")


@runtime_checkable
class AuthenticationProtocol(Protocol[P]):
    """Built as `cls(app, *args, **kwargs)`; `authenticate` answers for one connection."""

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...

    async def authenticate(self, conn: Connection, *args: Any, **kwargs: Any) -> Any: ...
