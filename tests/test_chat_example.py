"""The chat example: in process, under uvicorn and granian driven by a real client (the
`websockets` package), and under uvicorn with two workers sharing a real Redis.

Granian's send returns awaitables that are not coroutines: the room, which sends from a task
of a task group, needs WebSocket's methods to be coroutines anyway."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import anyio
import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.redis_server import running_redis
from tests.servers import ROOT, free_port, serve

Factory = Callable[..., Any]


@pytest.fixture
def chat(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The example module, imported afresh with the memory backend (a Broadcast connects once)."""
    monkeypatch.delenv("LILYA_BROADCAST_URL", raising=False)
    from examples import chat

    return importlib.reload(chat)


@pytest.fixture(params=["uvicorn", "granian"])
def chat_url(request: pytest.FixtureRequest) -> Iterator[str]:
    port = free_port()
    if request.param == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", "examples.chat:app", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--log-level", "warning"]
    else:
        command = [sys.executable, "-m", "granian", "--interface", "asgi", "examples.chat:app"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("LILYA_BROADCAST_URL", None)
    for url in serve(command, port, env=env):
        yield url.replace("http://", "ws://")


def test_echo_and_broadcast_over_a_real_connection(chat_url: str) -> None:
    async def scenario() -> None:
        with anyio.fail_after(15):
            async with connect(f"{chat_url}/ws/echo") as echo:
                await echo.send("hello")
                assert await echo.recv() == "echo: hello"
            async with (
                connect(f"{chat_url}/ws/rooms/lobby") as first,
                connect(f"{chat_url}/ws/rooms/lobby") as second,
            ):
                await second.send("hi all")
                assert await first.recv() == "lobby: hi all"
                assert await second.recv() == "lobby: hi all"

    anyio.run(scenario)


def test_the_feed_streams_the_room_over_a_real_connection(chat_url: str) -> None:
    base = chat_url.replace("ws://", "http://")

    async def scenario() -> None:
        with anyio.fail_after(15):
            async with (
                httpx.AsyncClient(base_url=base) as client,
                client.stream("GET", "/rooms/lobby/events") as feed,
            ):
                lines = feed.aiter_lines()
                assert await anext(lines) == ": joined lobby"
                await client.post("/rooms/lobby/messages", content=b"over http")
                assert [await anext(lines) for _ in range(2)] == ["", "data: lobby: over http"]

    anyio.run(scenario)


def test_the_docstring_names_the_routes_the_app_has(chat: ModuleType) -> None:
    documented = set(re.findall(r"(?:ws|http)://127\.0\.0\.1:8000(\S+)", chat.__doc__ or ""))
    assert documented == {route.path for route in chat.app.routes}


def test_a_websocket_message_reaches_the_feed(
    chat: ModuleType, test_client_factory: Factory
) -> None:
    with (
        test_client_factory(chat.app) as client,
        client.stream_events("/rooms/lobby/events") as feed,
        client.websocket_connect("/ws/rooms/lobby") as websocket,
    ):
        assert next(feed).comment == "joined lobby"
        websocket.send_text("hello")
        assert websocket.receive_text() == "lobby: hello"
        assert next(feed).data == "lobby: hello"


def test_a_posted_message_reaches_the_room(chat: ModuleType, test_client_factory: Factory) -> None:
    with (
        test_client_factory(chat.app) as client,
        client.websocket_connect("/ws/rooms/lobby") as websocket,
    ):
        response = client.post("/rooms/lobby/messages", content=b"from http")
        assert response.status_code == 202
        assert websocket.receive_text() == "lobby: from http"


def test_rooms_are_apart(chat: ModuleType, test_client_factory: Factory) -> None:
    with (
        test_client_factory(chat.app) as client,
        client.websocket_connect("/ws/rooms/lobby") as lobby,
        client.websocket_connect("/ws/rooms/kitchen") as kitchen,
    ):
        kitchen.send_text("soup")
        assert kitchen.receive_text() == "kitchen: soup"
        lobby.send_text("hello")
        assert lobby.receive_text() == "lobby: hello"


# -- two workers, one Redis ---------------------------------------------------------------------


@pytest.fixture
def two_workers() -> Iterator[str]:
    """examples/chat.py under uvicorn --workers 2, both workers on one real redis-server."""
    with running_redis() as redis_url:
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", "examples.chat:app", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--log-level", "warning", "--workers", "2"]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "LILYA_BROADCAST_URL": redis_url}
        for url in serve(command, port, env=env):
            yield url.replace("http://", "ws://")


def worker_of(member: ClientConnection) -> str:
    """The pid of the worker that accepted the connection (the example's debug header)."""
    assert member.response is not None
    return member.response.headers["x-worker-pid"]


async def members_on_two_workers(room: str) -> tuple[ClientConnection, ClientConnection]:
    """Connect until two members are served by different worker processes.

    Which worker accepts a connection is up to the kernel, and a worker still starting takes
    none: connections are opened side by side, a few at a time, until both workers answered
    (a connection to a worker already met is closed at once). The caller's deadline bounds it.
    """
    by_worker: dict[str, ClientConnection] = {}

    async def join() -> None:
        member = await connect(room)
        if by_worker.setdefault(worker_of(member), member) is not member:
            await member.close()

    while len(by_worker) < 2:
        async with anyio.create_task_group() as joining:
            for _ in range(4):
                joining.start_soon(join)
        await anyio.sleep(0.05)
    first, second = list(by_worker.values())[:2]
    return first, second


def test_a_message_reaches_members_on_the_other_worker(two_workers: str) -> None:
    async def scenario() -> None:
        with anyio.fail_after(30):
            first, second = await members_on_two_workers(f"{two_workers}/ws/rooms/lobby")
            try:
                assert worker_of(first) != worker_of(second)
                await first.send("from the first worker")
                assert await second.recv() == "lobby: from the first worker"
                assert await first.recv() == "lobby: from the first worker"
                await second.send("from the second worker")
                assert await first.recv() == "lobby: from the second worker"
            finally:
                await first.close()
                await second.close()

    anyio.run(scenario)
