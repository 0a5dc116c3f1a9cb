"""run_in_threadpool and iterate_in_threadpool go through lilya's worker threads; a plain `def`
handler runs there with the request's context variables."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.concurrency import iterate_in_threadpool, run_in_threadpool
from lilya.middleware import DefineMiddleware
from lilya.routing import Path
from lilya.types import Receive, Scope, Send

user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="anonymous")


@pytest.mark.anyio
async def test_run_in_threadpool_passes_positional_and_keyword_arguments(
    anyio_backend: str,
) -> None:
    def describe(name: str, *, greeting: str) -> tuple[str, str]:
        return f"{greeting}, {name}", threading.current_thread().name

    assert await run_in_threadpool(describe, "ada", greeting="hi") == ("hi, ada", "lilya worker")


@pytest.mark.anyio
async def test_iterate_in_threadpool_steps_in_worker_threads(anyio_backend: str) -> None:
    def names() -> Iterator[str]:
        for _ in range(2):
            yield threading.current_thread().name

    assert [name async for name in iterate_in_threadpool(names())] == ["lilya worker"] * 2


def test_a_def_handler_sees_context_variables_set_by_middleware(
    test_client_factory: Callable[..., Any],
) -> None:
    class SetUser:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            user.set("ada")
            await self.app(scope, receive, send)

    def whoami() -> dict[str, str]:
        return {"user": user.get(), "thread": threading.current_thread().name}

    app = Lilya(routes=[Path("/", whoami)], middleware=[DefineMiddleware(SetUser)])
    response = test_client_factory(app).get("/")
    assert response.json() == {"user": "ada", "thread": "lilya worker"}
