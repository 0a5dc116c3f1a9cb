"""The WebSocket example under uvicorn and granian, driven by a real client (the `websockets`
package). Granian's send returns awaitables that are not coroutines: the broadcast, which
schedules send_text in a task group, needs WebSocket's methods to be coroutines anyway."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import anyio
import pytest
from websockets.asyncio.client import connect

from tests.servers import free_port, serve


@pytest.fixture(params=["uvicorn", "granian"])
def chat_url(request: pytest.FixtureRequest) -> Iterator[str]:
    port = free_port()
    if request.param == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", "examples.chat:app", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--log-level", "warning"]
    else:
        command = [sys.executable, "-m", "granian", "--interface", "asgi", "examples.chat:app"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    for url in serve(command, port):
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
                await first.send("ping")  # the first joined; make sure the second has too
                assert await first.recv() == "lobby: ping"
                await second.send("hi all")
                assert await first.recv() == "lobby: hi all"
                assert await second.recv() in ("lobby: ping", "lobby: hi all")

    anyio.run(scenario)


def test_the_docstring_names_the_routes_the_app_has() -> None:
    from examples import chat

    documented = set(re.findall(r"ws://127\.0\.0\.1:8000(\S+)", chat.__doc__ or ""))
    assert documented == {route.path for route in chat.app.routes}
