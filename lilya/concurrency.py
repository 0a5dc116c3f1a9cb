"""Running blocking code without blocking the event loop, on asyncio and trio alike.

Calls go to lilya's own persistent worker threads, which wake the event loop directly: a hop far
cheaper than the usual ones. `anyio.to_thread.run_sync` pays for a checkpoint, a cancel scope, a
limiter context manager and a condition-variable queue on every call; asyncio's
`run_in_executor` pays for two futures chained across threads. Here a call is one small object
put on a lock-free `SimpleQueue`; a worker runs it in a copy of the caller's context and hands
the outcome back with `loop.call_soon_threadsafe` (asyncio, uvloop) or `TrioToken.run_sync_soon`
(trio), which resolves the waiting future or reschedules the waiting task directly.

Behaviour, as with anyio's default:
- at most `anyio.to_thread.current_default_thread_limiter().total_tokens` calls of one event
  loop run at once (40 unless changed); further calls wait for a token;
- a cancelled caller waits for the call to finish, then raises the cancellation and drops the
  result (a call not yet started is skipped);
- context variables of the caller are visible in the worker (changes stay in the worker);
- on asyncio, `anyio.from_thread.run()` in the worker reaches the caller's loop; on trio it
  needs `token=` (capture `anyio.lowlevel.current_token()` before the call).

Workers are daemon threads shared by every event loop of the process; one idle for
`IDLE_SECONDS` exits. After `os.fork()` the child starts with an empty pool.
"""

from __future__ import annotations

import asyncio
import functools
import os
import queue
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextvars import Context, copy_context
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

import anyio
import anyio.to_thread

if TYPE_CHECKING:
    import outcome

try:  # where anyio.from_thread looks for the event loop of an anyio worker thread
    from anyio._core._eventloop import threadlocals as _anyio_threadlocals
    from anyio.lowlevel import EventLoopToken as _EventLoopToken
except ImportError:  # pragma: no cover - another anyio: from_thread needs an explicit token
    _anyio_threadlocals = None  # type: ignore[assignment]
    _EventLoopToken = None  # type: ignore[assignment,misc]

try:
    import sniffio
except ModuleNotFoundError:  # pragma: no cover - trio brings sniffio; without it only asyncio
    sniffio = None  # type: ignore[assignment]

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
    return await _run_in_worker(func, *args)


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
            yield await _run_in_worker(_next_or_sentinel, as_iterator)
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


IDLE_SECONDS = 10.0


class WorkerPool:
    """Daemon threads taking calls from one queue; a thread is added when all are busy."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.threads = 0  # live workers
        self._idle = 0  # workers waiting for a call
        self._backlog = 0  # calls put on the queue and not yet taken

    def submit(self, call: Any) -> None:
        """Queue `call` (its `run()` never raises); start a worker if none is free for it."""
        with self._lock:
            self._backlog += 1
            start = self._backlog > self._idle
            if start:
                self.threads += 1
        self._queue.put(call)
        if start:
            threading.Thread(target=self._work, name="lilya worker", daemon=True).start()

    def _work(self) -> None:
        lock = self._lock
        get = self._queue.get
        while True:
            with lock:
                self._idle += 1
            try:
                call = get(timeout=self.idle_seconds)
            except queue.Empty:
                with lock:
                    if self._backlog == 0:
                        self._idle -= 1
                        self.threads -= 1
                        return
                # A call was queued for this worker as it timed out: take it.
                call = get()  # pragma: no cover - a race
            with lock:
                self._idle -= 1
                self._backlog -= 1
            call.run()
            del call  # hold no result while idle


_POOL = WorkerPool()
os.register_at_fork(after_in_child=_POOL._reset)


def _invoke(context: Context, func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        return context.run(func, *args)
    except StopIteration as exc:
        # A StopIteration cannot travel through a future or into a coroutine.
        raise RuntimeError("a function run in a worker thread raised StopIteration") from exc


# -- asyncio (and uvloop) ----------------------------------------------------------------------


class _AsyncioCall:
    """One call from an asyncio task: the worker resolves `future` through the loop."""

    __slots__ = ("args", "context", "delivered", "finished", "func", "future", "loop")

    def __init__(
        self, loop: asyncio.AbstractEventLoop, func: Callable[..., Any], args: tuple[Any, ...]
    ) -> None:
        self.loop = loop
        self.future: asyncio.Future[Any] = loop.create_future()
        self.context = copy_context()
        self.func = func
        self.args = args
        self.delivered = False
        self.finished: asyncio.Future[None] | None = None

    def run(self) -> None:  # in the worker
        result: Any = None
        error: BaseException | None = None
        if not self.future.cancelled():  # else the caller gave up before the call started
            if _anyio_threadlocals is not None:
                _anyio_threadlocals.current_token = _asyncio_token(self.loop)
            try:
                result = _invoke(self.context, self.func, self.args)
            except BaseException as exc:
                error = exc
        try:
            self.loop.call_soon_threadsafe(self._deliver, result, error)
        except RuntimeError:  # pragma: no cover - the loop is closed: nobody waits any more
            pass

    def _deliver(self, result: Any, error: BaseException | None) -> None:  # in the loop
        self.delivered = True
        future = self.future
        if not future.done():
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)
        if self.finished is not None and not self.finished.done():
            self.finished.set_result(None)

    async def outlive(self) -> None:
        """After a cancellation: wait, shielded, until the worker is done with the call."""
        if self.delivered:
            return
        finished = self.finished = self.loop.create_future()
        with anyio.CancelScope(shield=True):
            while not finished.done():
                try:
                    await asyncio.shield(finished)
                except asyncio.CancelledError:  # a native task.cancel(): keep waiting
                    pass


_last_token: tuple[object, Any] = (None, None)


def _asyncio_token(loop: asyncio.AbstractEventLoop) -> Any:
    """anyio's token for `loop`, so `anyio.from_thread.run()` works in the worker as in anyio's."""
    global _last_token
    last = _last_token
    if last[0] is loop:
        return last[1]
    from anyio._backends._asyncio import backend_class

    token = _EventLoopToken(backend_class, loop)
    _last_token = (loop, token)
    return token


async def _run_on_asyncio(func: Callable[..., T], args: tuple[Any, ...]) -> T:
    loop = asyncio.get_running_loop()
    limiter = _limiter_for(loop)
    call = _AsyncioCall(loop, func, args)
    try:
        limiter.acquire_on_behalf_of_nowait(call)
    except anyio.WouldBlock:
        await limiter.acquire_on_behalf_of(call)
    try:
        _POOL.submit(call)
        try:
            return cast(T, await call.future)
        except asyncio.CancelledError:
            await call.outlive()
            raise
    finally:
        limiter.release_on_behalf_of(call)


# -- trio ----------------------------------------------------------------------------------


class _TrioCall:
    """One call from a trio task: the worker reschedules the task through its trio token."""

    __slots__ = ("args", "context", "func", "raise_cancel", "skip", "task", "token")

    def __init__(self, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
        import trio

        self.token = trio.lowlevel.current_trio_token()
        self.task = trio.lowlevel.current_task()
        self.context = copy_context()
        self.func = func
        self.args = args
        self.skip = False
        self.raise_cancel: Callable[[], Any] | None = None

    def run(self) -> None:  # in the worker
        import outcome
        import trio

        result: outcome.Outcome[Any] = outcome.Value(None)
        if not self.skip:  # else the caller was cancelled before the call started
            result = outcome.capture(_invoke, self.context, self.func, self.args)
        try:
            self.token.run_sync_soon(self._deliver, result)
        except trio.RunFinishedError:  # pragma: no cover - the run is over: nobody waits
            pass

    def _deliver(self, result: outcome.Outcome[Any]) -> None:  # in trio's thread
        import outcome
        import trio

        if self.raise_cancel is not None:
            result = outcome.capture(self.raise_cancel)
        trio.lowlevel.reschedule(self.task, result)

    def abort(self, raise_cancel: Callable[[], Any]) -> Any:
        """Cancelled while waiting: skip the call if not started, else let it finish."""
        import trio

        self.skip = True
        self.raise_cancel = raise_cancel
        return trio.lowlevel.Abort.FAILED


async def _run_on_trio(func: Callable[..., T], args: tuple[Any, ...]) -> T:
    import trio

    call = _TrioCall(func, args)
    limiter = _limiter_for(call.token)
    try:
        limiter.acquire_on_behalf_of_nowait(call)
    except anyio.WouldBlock:
        await limiter.acquire_on_behalf_of(call)
    try:
        _POOL.submit(call)
        return cast(T, await trio.lowlevel.wait_task_rescheduled(call.abort))
    finally:
        limiter.release_on_behalf_of(call)


# -- entry point ---------------------------------------------------------------------------

# The default limiter of the last event loop seen (reading it through anyio costs ~2 µs), as
# one tuple so that loops in other threads never see a loop paired with another's limiter.
_last: tuple[object, Any] = (None, None)


def _limiter_for(loop: object) -> Any:
    global _last
    last = _last
    if last[0] is loop:
        return last[1]
    limiter = anyio.to_thread.current_default_thread_limiter()
    _last = (loop, limiter)
    return limiter


def _current_library() -> str:
    if sniffio is None:  # pragma: no cover - see the import
        return "asyncio"
    try:
        return sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return "asyncio"  # asyncio.get_running_loop() then says what is wrong


async def _run_in_worker(func: Callable[..., T], *args: Any) -> T:
    """Call `func(*args)` in a worker thread and await its result, on asyncio or trio."""
    if _current_library() == "trio":
        return await _run_on_trio(func, args)
    return await _run_on_asyncio(func, args)
