"""Lifespan support: startup/shutdown callables or one lifespan context manager factory."""

from __future__ import annotations

import inspect
import traceback
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from lilya.compat import is_async_callable
from lilya.exceptions import ImproperlyConfigured
from lilya.types import Receive, Scope, Send

__all__ = ["LifespanHandler"]

LifespanFactory = Callable[[Any], AbstractAsyncContextManager[Any]]


class LifespanHandler:
    """Holds the startup and shutdown callables, or a lifespan factory (never both)."""

    def __init__(
        self,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: LifespanFactory | None = None,
    ) -> None:
        if lifespan is not None and (on_startup or on_shutdown):
            raise ImproperlyConfigured(
                "Use either 'lifespan' or 'on_startup'/'on_shutdown', not both."
            )
        if inspect.isgeneratorfunction(lifespan) or inspect.isasyncgenfunction(lifespan):
            # Lilya 0.7.5 refuses both when the app or router is built; without this a plain
            # generator would fail only at startup, with a TypeError.
            raise ImproperlyConfigured(
                "A lifespan must return an async context manager: decorate the generator "
                "function with @contextlib.asynccontextmanager."
            )
        self.on_startup: list[Callable[[], Any]] = list(on_startup or [])
        self.on_shutdown: list[Callable[[], Any]] = list(on_shutdown or [])
        self.lifespan_factory = lifespan

    async def startup(self) -> None:
        for handler in self.on_startup:
            await _call(handler)

    async def shutdown(self) -> None:
        for handler in self.on_shutdown:
            await _call(handler)

    def context(self, app: Any) -> AbstractAsyncContextManager[Any]:
        """The context manager to run for the app's lifetime."""
        if self.lifespan_factory is not None:
            return self.lifespan_factory(app)
        return self._events()

    @asynccontextmanager
    async def _events(self) -> AsyncIterator[None]:
        await self.startup()
        yield
        await self.shutdown()


async def _call(handler: Callable[[], Any]) -> None:
    if is_async_callable(handler):
        await handler()
    else:
        handler()


async def _run_lifespan_protocol(
    handler: LifespanHandler, app: Any, scope: Scope, receive: Receive, send: Send
) -> None:
    """Speak the ASGI lifespan protocol around `handler.context(app)`."""
    started = False
    await receive()  # lifespan.startup
    try:
        async with handler.context(app) as state:
            if state is not None:
                if "state" not in scope:
                    raise RuntimeError(
                        "The server does not support lifespan state; do not yield a value."
                    )
                scope["state"].update(state)
            await send({"type": "lifespan.startup.complete"})
            started = True
            await receive()  # lifespan.shutdown
    except BaseException:
        text = traceback.format_exc()
        if started:
            await send({"type": "lifespan.shutdown.failed", "message": text})
        else:
            await send({"type": "lifespan.startup.failed", "message": text})
        raise
    else:
        await send({"type": "lifespan.shutdown.complete"})
