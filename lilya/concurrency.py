"""Running blocking code without blocking the event loop, on asyncio and trio alike.

Calls go to lilya's own worker threads (`lilya._threadpool`): a hop costs a fraction of
`anyio.to_thread.run_sync`'s, with the same limit (anyio's default thread limiter), context
variables and cancellation behaviour.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, ParamSpec, TypeVar

from lilya._threadpool import run_sync
from lilya.compat import is_async_callable

__all__ = [
    "AsyncCallable",
    "enforce_async_callable",
    "iterate_in_threadpool",
    "run_in_threadpool",
]

T = TypeVar("T")
P = ParamSpec("P")


async def run_in_threadpool(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a blocking function in a worker thread and await its result."""
    if kwargs:
        func = functools.partial(func, **kwargs)
    return await run_sync(func, *args)


class _StopIterationSentinel(Exception):
    """StopIteration cannot cross a thread/future boundary, so it is translated to this."""


def _next_or_sentinel(iterator: Iterator[T]) -> T:
    try:
        return next(iterator)
    except StopIteration:
        raise _StopIterationSentinel from None


async def iterate_in_threadpool(iterator: Iterable[T]) -> AsyncIterator[T]:
    """Drive a blocking iterator (a file, a generator) from async code, a thread per step."""
    as_iterator = iter(iterator)
    while True:
        try:
            yield await run_sync(_next_or_sentinel, as_iterator)
        except _StopIterationSentinel:
            break


def enforce_async_callable(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Return `func` if it is async, else a coroutine function running it in a thread."""
    if is_async_callable(func):
        return func

    @functools.wraps(func)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(func, *args, **kwargs)

    return run


class AsyncCallable:
    """Wraps any callable so calling it always gives an awaitable."""

    def __init__(self, func: Callable[..., Any], **kwargs: Any) -> None:
        self.func = func
        self.kwargs = kwargs
        self.is_async = is_async_callable(func)

    def __call__(self, *args: Any, **kwargs: Any) -> Awaitable[Any]:
        merged = {**self.kwargs, **kwargs}
        if self.is_async:
            result: Awaitable[Any] = self.func(*args, **merged)
            return result
        return self.run_in_threadpool(*args, **merged)

    async def run_in_threadpool(self, *args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(self.func, *args, **kwargs)
