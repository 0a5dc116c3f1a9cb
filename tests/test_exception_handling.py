"""Exception handlers, sync or async, hashable or not, answer the same way every time."""

from __future__ import annotations

import threading
from typing import Any

from lilya.apps import Lilya
from lilya.exception_handling import _is_async_handler
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path


class Teapot(Exception):
    pass


class Unhashable:
    """An async callable handler that cannot be a dict key."""

    __hash__ = None  # type: ignore[assignment]

    async def __call__(self, request: Request, exc: Exception) -> PlainText:
        return PlainText("unhashable handler", status_code=418)


async def teapot() -> None:
    raise Teapot()


async def async_handler(request: Request, exc: Exception) -> PlainText:
    return PlainText("async handler", status_code=418)


def sync_handler(request: Request, exc: Exception) -> PlainText:
    in_worker = threading.current_thread() is not threading.main_thread()
    return PlainText(f"sync handler in a worker: {in_worker}", status_code=418)


def answers(factory: Any, handler: Any) -> list[str]:
    app = Lilya(routes=[Path("/", teapot)], exception_handlers={Teapot: handler})
    client = factory(app)
    return [client.get("/").text for _ in range(3)]


def test_async_handlers_are_awaited(test_client_factory: Any) -> None:
    assert answers(test_client_factory, async_handler) == ["async handler"] * 3


def test_sync_handlers_run_in_a_worker(test_client_factory: Any) -> None:
    assert answers(test_client_factory, sync_handler) == ["sync handler in a worker: True"] * 3


def test_unhashable_handlers_work(test_client_factory: Any) -> None:
    assert answers(test_client_factory, Unhashable()) == ["unhashable handler"] * 3


def test_whether_a_handler_is_async_is_worked_out_once() -> None:
    _is_async_handler.cache_clear()
    assert _is_async_handler(async_handler) is True
    assert _is_async_handler(sync_handler) is False
    assert _is_async_handler(async_handler) is True
    assert _is_async_handler.cache_info().hits == 1
