"""Work to do after the response has been sent: one `Task`, or several as `Tasks`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

import anyio

from lilya.concurrency import enforce_async_callable

__all__ = ["Task", "Tasks"]

P = ParamSpec("P")


class Task:
    """A call to make later: `await task()` runs `func(*args, **kwargs)`.

    Sync functions run in a worker thread so they cannot block the event loop.
    """

    __slots__ = ("args", "func", "kwargs")

    def __init__(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.func = enforce_async_callable(func)
        self.args = args
        self.kwargs = kwargs

    async def __call__(self) -> None:
        await self.func(*self.args, **self.kwargs)

    def __repr__(self) -> str:
        name = getattr(self.func, "__qualname__", repr(self.func))
        return f"{type(self).__name__}(func={name}, args={self.args!r}, kwargs={self.kwargs!r})"


class Tasks(Task):
    """Several tasks: run one after the other, or concurrently when `as_group` is true.

    In order, a failing task stops the ones after it; in a group, it cancels the others and
    the error surfaces as an ExceptionGroup.
    """

    __slots__ = ("as_group", "tasks")

    def __init__(self, tasks: Sequence[Task] | None = None, as_group: bool = False) -> None:
        self.tasks: list[Task] = list(tasks) if tasks else []
        self.as_group = as_group

    def add_task(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        """Append `func(*args, **kwargs)` to the tasks to run."""
        self.tasks.append(Task(func, *args, **kwargs))

    async def run_single(self) -> None:
        """Run the tasks one at a time, in the order they were added."""
        for task in self.tasks:
            await task()

    async def run_as_group(self) -> None:
        """Run every task concurrently in an anyio task group."""
        async with anyio.create_task_group() as group:
            for task in self.tasks:
                group.start_soon(task)

    async def __call__(self) -> None:
        if self.as_group:
            await self.run_as_group()
        else:
            await self.run_single()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(tasks={self.tasks!r}, as_group={self.as_group!r})"
