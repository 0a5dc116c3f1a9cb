"""The ASGI type vocabulary shared by every layer of lilya."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

__all__ = [
    "ASGIApp",
    "ApplicationType",
    "Empty",
    "ExceptionHandler",
    "HTTPExceptionHandler",
    "Lifespan",
    "LifespanEvent",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "StatelessLifespan",
    "StatefulLifespan",
    "WebSocketExceptionHandler",
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
# The two kinds Lilya 0.7.5 names: an HTTP handler returns a response (or an awaitable of
# one), a WebSocket handler is awaited for its effect.
HTTPExceptionHandler = Callable[[Any, Any], Any]
WebSocketExceptionHandler = Callable[[Any, Any], Awaitable[None]]

# on_startup / on_shutdown: callables run in order.
LifespanEvent = Sequence[Callable[[], Any]]


class Empty:
    """Marker for "no value given", distinct from None (which may be a real value)."""

    def __repr__(self) -> str:
        return "Empty"
