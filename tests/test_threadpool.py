"""lilya's worker threads: results, errors, context variables, the thread limit, cancellation
and reuse across event loops, on asyncio and trio (plus uvicorn and hypercorn serving a plain
`def` handler)."""

from __future__ import annotations

import contextvars
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest

from lilya.apps import Lilya
from lilya.concurrency import WorkerPool
from lilya.concurrency import run_in_threadpool as run_sync
from lilya.routing import Path
from tests.servers import free_port, serve

pytestmark = pytest.mark.filterwarnings("error")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def add(left: int, right: int) -> int:
    return left + right


@pytest.mark.anyio
async def test_the_result_comes_back(anyio_backend: str) -> None:
    assert await run_sync(add, 2, 3) == 5


@pytest.mark.anyio
async def test_the_call_runs_in_a_lilya_worker_thread(anyio_backend: str) -> None:
    name = await run_sync(lambda: threading.current_thread().name)
    assert name == "lilya worker"
    assert name != threading.current_thread().name


@pytest.mark.anyio
async def test_an_exception_is_raised_in_the_caller(anyio_backend: str) -> None:
    def fail() -> None:
        raise LookupError("no such thing")

    with pytest.raises(LookupError, match="no such thing"):
        await run_sync(fail)


@pytest.mark.anyio
async def test_stop_iteration_becomes_a_runtime_error(anyio_backend: str) -> None:
    with pytest.raises(RuntimeError, match="StopIteration") as caught:
        await run_sync(next, iter([]))
    assert isinstance(caught.value.__cause__, StopIteration)


@pytest.mark.anyio
async def test_context_variables_of_the_caller_are_seen_in_the_worker(anyio_backend: str) -> None:
    request_id.set("abc")
    assert await run_sync(request_id.get) == "abc"


@pytest.mark.anyio
async def test_context_changes_made_in_the_worker_stay_there(anyio_backend: str) -> None:
    request_id.set("caller")
    await run_sync(request_id.set, "worker")
    assert request_id.get() == "caller"


@pytest.mark.anyio
async def test_a_blocking_call_leaves_the_loop_free(anyio_backend: str) -> None:
    released = threading.Event()

    def wait_for_the_loop() -> bool:
        return released.wait(30)  # only the event loop sets it

    async with anyio.create_task_group() as group:

        async def call() -> None:
            assert await run_sync(wait_for_the_loop) is True

        group.start_soon(call)
        await anyio.sleep(0.01)
        released.set()


@pytest.mark.anyio
async def test_many_calls_all_finish_and_no_more_than_the_limit_run_at_once(
    anyio_backend: str,
) -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()
    saved = limiter.total_tokens
    limiter.total_tokens = 4
    lock = threading.Lock()
    running = 0
    most = 0

    def busy(number: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threading.Event().wait(0.002)
        with lock:
            running -= 1
        return number

    results: list[int] = []

    async def call(number: int) -> None:
        results.append(await run_sync(busy, number))

    try:
        async with anyio.create_task_group() as group:
            for number in range(200):
                group.start_soon(call, number)
    finally:
        limiter.total_tokens = saved
    assert sorted(results) == list(range(200))
    assert 1 <= most <= 4


@pytest.mark.anyio
async def test_a_cancelled_caller_waits_for_the_call_then_drops_its_result(
    anyio_backend: str,
) -> None:
    started = threading.Event()
    release = threading.Event()
    finished = threading.Event()
    after_the_call: list[object] = []
    finished_when_cancelled: list[bool] = []
    scopes: list[anyio.CancelScope] = []

    def slow() -> str:
        started.set()
        release.wait(30)
        finished.set()
        return "dropped"

    async def call() -> None:
        with anyio.CancelScope() as scope:
            scopes.append(scope)
            after_the_call.append(await run_sync(slow))
        finished_when_cancelled.append(finished.is_set())

    with warnings.catch_warnings(record=True) as caught:
        async with anyio.create_task_group() as group:
            group.start_soon(call)
            while not started.is_set():
                await anyio.sleep(0.001)
            scopes[0].cancel()
            await anyio.sleep(0.01)  # the loop keeps running meanwhile
            assert scopes[0].cancel_called
            release.set()
    assert after_the_call == []
    assert finished_when_cancelled == [True]
    assert caught == []


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_call_cancelled_on_asyncio_by_task_cancel_still_finishes_first(
    anyio_backend: str,
) -> None:
    import asyncio

    started = threading.Event()
    release = threading.Event()
    finished = threading.Event()

    def slow() -> None:
        started.set()
        release.wait(30)
        finished.set()

    task = asyncio.ensure_future(run_sync(slow))
    while not started.is_set():
        await asyncio.sleep(0.001)
    task.cancel()
    await asyncio.sleep(0.01)
    task.cancel()  # a second cancellation while waiting changes nothing
    await asyncio.sleep(0.01)
    assert not task.done()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert finished.is_set()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_anyio_from_thread_reaches_the_loop_from_an_asyncio_worker(
    anyio_backend: str,
) -> None:
    import anyio.from_thread

    async def on_the_loop() -> str:
        return threading.current_thread().name

    assert await run_sync(anyio.from_thread.run, on_the_loop) == threading.current_thread().name


def test_the_pool_serves_one_event_loop_after_another_and_both_backends() -> None:
    for backend in ("asyncio", "trio", "asyncio", "trio"):
        assert anyio.run(run_sync, add, 1, 1, backend=backend) == 2


def test_an_idle_worker_exits() -> None:
    pool = WorkerPool(idle_seconds=0.01)
    done = threading.Event()

    class Call:
        def run(self) -> None:
            done.set()

    pool.submit(Call())
    assert done.wait(30)
    for _ in range(3000):
        if pool.threads == 0:
            break
        threading.Event().wait(0.01)
    assert pool.threads == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_starts_with_its_own_workers() -> None:
    assert anyio.run(run_sync, add, 1, 1) == 2  # the parent has a worker now
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # forking with threads alive
        child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        signal.alarm(20)
        code = 0 if anyio.run(run_sync, add, 2, 2) == 4 else 1
        os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_call_from_outside_an_event_loop_says_so() -> None:
    coroutine = run_sync(add, 1, 1)
    with pytest.raises(RuntimeError):
        coroutine.send(None)
    coroutine.close()


# -- a real server ---------------------------------------------------------------------------


def current_thread_name() -> dict[str, Any]:
    return {"thread": threading.current_thread().name, "request": request_id.get()}


app = Lilya(routes=[Path("/thread", current_thread_name)])


@pytest.fixture(params=["uvicorn", "hypercorn-trio"])
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    port = free_port()
    target = f"{__name__}:app"
    if request.param == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", target, "--port", str(port)]
        command += ["--host", "127.0.0.1", "--loop", "asyncio", "--log-level", "warning"]
    else:
        command = [sys.executable, "-m", "hypercorn", target, "--bind", f"127.0.0.1:{port}"]
        command += ["--worker-class", "trio", "--log-level", "warning"]
    yield from serve(command, port)


def test_a_def_handler_is_served_from_a_worker_thread(server_url: str) -> None:
    with httpx.Client(base_url=server_url) as client:
        for _ in range(3):
            response = client.get("/thread")
            assert response.status_code == 200
            assert response.json() == {"thread": "lilya worker", "request": "none"}
