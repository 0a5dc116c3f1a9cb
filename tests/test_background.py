from __future__ import annotations

import sys
import threading

import anyio
import pytest

from lilya.background import Task, Tasks

if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import BaseExceptionGroup

pytestmark = pytest.mark.anyio


async def test_task_runs_async_function_with_arguments() -> None:
    seen: list[tuple[int, str]] = []

    async def record(number: int, *, label: str) -> None:
        seen.append((number, label))

    await Task(record, 1, label="a")()
    assert seen == [(1, "a")]


async def test_task_runs_sync_function_in_a_worker_thread() -> None:
    threads: list[int] = []

    def record() -> None:
        threads.append(threading.get_ident())

    await Task(record)()
    assert threads
    assert threads[0] != threading.get_ident()


async def test_task_propagates_errors() -> None:
    def fail() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await Task(fail)()


async def test_task_repr_names_the_function() -> None:
    def job() -> None: ...

    assert "job" in repr(Task(job, 1, a=2))


async def test_tasks_run_in_order_by_default() -> None:
    order: list[str] = []

    async def slow(name: str) -> None:
        await anyio.sleep(0.01)
        order.append(name)

    def fast(name: str) -> None:
        order.append(name)

    tasks = Tasks()
    tasks.add_task(slow, "first")
    tasks.add_task(fast, "second")
    tasks.add_task(slow, name="third")
    await tasks()
    assert order == ["first", "second", "third"]


async def test_tasks_accept_initial_tasks() -> None:
    order: list[int] = []

    async def record(number: int) -> None:
        order.append(number)

    tasks = Tasks([Task(record, 1), Task(record, 2)])
    tasks.add_task(record, 3)
    await tasks()
    assert order == [1, 2, 3]


async def test_tasks_in_order_stop_at_the_first_failure() -> None:
    ran: list[str] = []

    async def fail() -> None:
        raise RuntimeError("stop")

    async def after() -> None:
        ran.append("after")

    tasks = Tasks([Task(fail), Task(after)])
    with pytest.raises(RuntimeError, match="stop"):
        await tasks.run_single()
    assert ran == []


async def test_tasks_as_group_run_concurrently() -> None:
    # Each task waits for the other: only concurrent execution can finish.
    first_started, second_started = anyio.Event(), anyio.Event()

    async def first() -> None:
        first_started.set()
        await second_started.wait()

    async def second() -> None:
        second_started.set()
        await first_started.wait()

    tasks = Tasks(as_group=True)
    tasks.add_task(first)
    tasks.add_task(second)
    with anyio.fail_after(5):
        await tasks()
    assert first_started.is_set()
    assert second_started.is_set()


async def test_tasks_as_group_surface_failures_as_exception_group() -> None:
    async def fail() -> None:
        raise KeyError("x")

    tasks = Tasks([Task(fail)], as_group=True)
    with pytest.raises(BaseExceptionGroup) as info:
        await tasks.run_as_group()
    assert isinstance(info.value.exceptions[0], KeyError)


async def test_empty_tasks_do_nothing() -> None:
    await Tasks()()
    await Tasks(as_group=True)()


async def test_tasks_repr_lists_tasks() -> None:
    assert "as_group=True" in repr(Tasks(as_group=True))
