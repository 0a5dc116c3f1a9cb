"""Broadcast and idle-connection benchmarks.

Fan-out: one message published to 1,000 subscribers of a channel, timed from the publish call
until the last subscriber holds it (median of the rounds), on lilya.broadcast's memory backend,
on its Redis backend (a redis-server started on a free port; skipped when it or redis-py is
missing) and, as a yardstick, a hand-written loop over 1,000 anyio memory object streams.

Idle WebSockets: 10,000 connections held open in process (accepted, each handler waiting for
a message) on the benchmark apps' echo route (bare ASGI, lilya, Starlette) and on a lilya chat
member subscribed to a broadcast channel (Starlette has no broadcast). Each contender runs in
a fresh interpreter; the cost per connection is the growth of RSS divided by the number of
connections, so it includes the driver's own task per connection (the bare row shows that
floor).

    python -m benchmarks.broadcast [--subscribers 1000] [--connections 10000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import anyio

from benchmarks.memory import rss_kb

FANOUT_CHANNEL = "bench"


@dataclass(frozen=True)
class BroadcastResults:
    subscribers: int
    connections: int
    fanout_ms: dict[str, float | None]  # contender -> median ms (None: not available)
    idle_kb: dict[str, float]  # contender -> KB per idle connection


# -- fan-out ------------------------------------------------------------------------------------


async def _fanout_with(
    subscribe: Callable[[], Any], publish: Callable[[str], Any], n: int, rounds: int
) -> float:
    """Median ms from publish to the n-th delivery, over `rounds` messages."""
    received = 0
    everyone = anyio.Event()
    ready = 0
    all_ready = anyio.Event()

    async def member() -> None:
        nonlocal received, ready, everyone
        async with subscribe() as inbox:
            ready += 1
            if ready == n:
                all_ready.set()
            async for _ in inbox:
                received += 1
                if received == n:
                    everyone.set()

    timings: list[float] = []
    async with anyio.create_task_group() as members:
        for _ in range(n):
            members.start_soon(member)
        await all_ready.wait()
        for number in range(rounds):
            received, everyone = 0, anyio.Event()
            start = time.perf_counter()
            await publish(f"message {number}")
            await everyone.wait()
            timings.append((time.perf_counter() - start) * 1000)
        members.cancel_scope.cancel()
    return statistics.median(timings)


async def fanout_lilya(url: str, n: int, rounds: int) -> float:
    from lilya.broadcast import Broadcast

    async with Broadcast(url) as broadcast:
        return await _fanout_with(
            lambda: broadcast.subscribe(FANOUT_CHANNEL),
            lambda message: broadcast.publish(FANOUT_CHANNEL, message),
            n,
            rounds,
        )


async def fanout_streams(n: int, rounds: int) -> float:
    """The yardstick: a set of anyio memory object streams and a loop over them."""
    members: set[Any] = set()

    @asynccontextmanager
    async def subscribe() -> AsyncIterator[Any]:
        sending, receiving = anyio.create_memory_object_stream[str](1000)
        members.add(sending)
        try:
            yield receiving
        finally:
            members.discard(sending)

    async def publish(message: str) -> None:
        for member in members:
            member.send_nowait(message)

    return await _fanout_with(subscribe, publish, n, rounds)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def redis_server() -> Iterator[str | None]:
    """A throwaway redis-server's URL, or None when redis-server or redis-py is missing."""
    binary = shutil.which("redis-server")
    try:
        import redis  # noqa: F401
    except ModuleNotFoundError:
        binary = None
    if binary is None:
        yield None
        return
    port = _free_port()
    with tempfile.TemporaryDirectory() as workdir:
        command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", workdir, "--loglevel", "warning"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def measure_fanout(n: int, rounds: int) -> dict[str, float | None]:
    results: dict[str, float | None] = {
        "anyio streams (hand-written)": asyncio.run(fanout_streams(n, rounds)),
        "lilya memory://": asyncio.run(fanout_lilya("memory://", n, rounds)),
    }
    with redis_server() as url:
        results["lilya redis://"] = (
            None if url is None else asyncio.run(fanout_lilya(url, n, rounds))
        )
    return results


# -- idle WebSocket connections -------------------------------------------------------------------


def _chat_member_app() -> Any:
    from lilya.apps import Lilya
    from lilya.broadcast import Broadcast
    from lilya.routing import WebSocketPath
    from lilya.websockets import WebSocket

    broadcast = Broadcast()

    async def member(websocket: WebSocket) -> None:
        async with broadcast.subscribe("room") as inbox:
            await websocket.accept()
            async with anyio.create_task_group() as tasks:

                async def forward() -> None:
                    async for event in inbox:
                        await websocket.send_text(event.message)

                tasks.start_soon(forward)
                async for text in websocket.iter_text():
                    await broadcast.publish("room", text)
                tasks.cancel_scope.cancel()

    app = Lilya(routes=[WebSocketPath("/ws", member)])
    app.state.broadcast = broadcast
    return app


def _idle_app(contender: str) -> Any:
    from benchmarks.apps import build_bare, build_lilya, build_starlette

    builders = {"bare": build_bare, "lilya": build_lilya, "starlette": build_starlette}
    if contender == "lilya chat member (broadcast)":
        return _chat_member_app()
    return builders[contender]("main")


async def hold_idle(contender: str, connections: int) -> float:
    """KB of RSS per idle WebSocket connection held by `contender`."""
    from benchmarks.inprocess import SCENARIOS, make_scope

    scenario = next(s for s in SCENARIOS if s.name.startswith("WebSocket echo"))
    app = _idle_app(contender)
    broadcast = getattr(getattr(app, "state", None), "broadcast", None)
    accepted = 0
    all_accepted = anyio.Event()
    never = anyio.Event()

    async def connection() -> None:
        connected = False

        async def receive() -> dict[str, Any]:
            nonlocal connected
            if not connected:
                connected = True
                return {"type": "websocket.connect"}
            await never.wait()
            return {"type": "websocket.disconnect", "code": 1000}  # pragma: no cover

        async def send(message: dict[str, Any]) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept":
                accepted += 1
                if accepted == connections:
                    all_accepted.set()

        await app(make_scope(scenario), receive, send)

    async with _maybe(broadcast):
        gc.collect()
        before = rss_kb()
        async with anyio.create_task_group() as held:
            for _ in range(connections):
                held.start_soon(connection)
            await all_accepted.wait()
            gc.collect()
            after = rss_kb()
            held.cancel_scope.cancel()
    return (after - before) / connections


@asynccontextmanager
async def _maybe(broadcast: Any) -> AsyncIterator[None]:
    if broadcast is None:
        yield
    else:
        async with broadcast:
            yield


IDLE_CONTENDERS = ("bare", "lilya", "starlette", "lilya chat member (broadcast)")


def measure_idle(connections: int) -> dict[str, float]:
    """Each contender in a fresh interpreter, so one's freed memory does not hide another's."""
    results: dict[str, float] = {}
    for contender in IDLE_CONTENDERS:
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.broadcast",
                "--idle-child",
                contender,
                "--connections",
                str(connections),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[contender] = json.loads(output.strip().splitlines()[-1])
    return results


# -- report ---------------------------------------------------------------------------------------


def measure(subscribers: int, connections: int, rounds: int) -> BroadcastResults:
    return BroadcastResults(
        subscribers, connections, measure_fanout(subscribers, rounds), measure_idle(connections)
    )


def render(results: BroadcastResults) -> str:
    lines = [
        f"One message to {results.subscribers:,} subscribers of a channel: milliseconds from "
        "the publish call until the last subscriber holds it (median).\n",
        "| fan-out | ms |",
        "|---|---:|",
    ]
    for name, value in results.fanout_ms.items():
        shown = "not measured (no redis-server or redis-py)" if value is None else f"{value:.2f}"
        lines.append(f"| {name} | {shown} |")
    lines += [
        "",
        f"{results.connections:,} idle WebSocket connections held in process (echo route; "
        "RSS growth per connection, driver included; the bare row is that floor).\n",
        "| idle WebSocket | KB per connection |",
        "|---|---:|",
        *(f"| {name} | {value:.1f} |" for name, value in results.idle_kb.items()),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--idle-child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.idle_child:
        print(json.dumps(asyncio.run(hold_idle(arguments.idle_child, arguments.connections))))
        return
    print(render(measure(arguments.subscribers, arguments.connections, arguments.rounds)))


if __name__ == "__main__":
    main()
