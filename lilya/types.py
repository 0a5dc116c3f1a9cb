"""The ASGI type vocabulary shared by every layer of lilya."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

__all__ = [
    "ASGIApp",
    "ApplicationType",
    "Empty",
    "ExceptionHandler",
    "Lifespan",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "StatelessLifespan",
    "StatefulLifespan",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ApplicationType = TypeVar("ApplicationType")

StatelessLifespan = Callable[[ApplicationType], AbstractAsyncContextManager[None]]
StatefulLifespan = Callable[[ApplicationType], AbstractAsyncContextManager[Mapping[str, Any]]]
Lifespan = StatelessLifespan[ApplicationType] | StatefulLifespan[ApplicationType]

# (request-or-websocket, exception) -> response-or-None, sync or async. The exception is
# typed Any: a handler registered for NotFound may declare `exc: NotFound` (a Callable taking
# Exception would refuse it, since it could not take every other exception).
ExceptionHandler = Callable[[Any, Any], Any]


class Empty:
    """Marker for "no value given", distinct from None (which may be a real value)."""

    def __repr__(self) -> str:
        return "Empty"
