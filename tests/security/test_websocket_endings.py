"""How a WebSocket ends when the client leaves or sends what the handler cannot use.

Found by sending hostile frames to an application served by uvicorn: a handler reading in a
loop ends with the client's disconnect, and lilya then sent a close frame on a closed socket
(the server refused it and logged a traceback).
"""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.routing import WebSocketPath
from lilya.types import Message
from lilya.websockets import WebSocket

pytestmark = pytest.mark.anyio


async def echo_json(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        await websocket.send_json(await websocket.receive_json())


def websocket_scope(path: str = "/ws") -> dict[str, Any]:
    return {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 12345),
        "server": ("testserver", 80),
        "subprotocols": [],
    }


async def run_session(app: Any, incoming: list[Message]) -> list[Message]:
    """Feed `incoming` to the app (then wait forever, as a quiet client); what it sent."""
    sent: list[Message] = []

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        await anyio.sleep_forever()
        raise AssertionError("unreachable")  # pragma: no cover

    async def send(message: Message) -> None:
        sent.append(message)

    with anyio.fail_after(10):
        await app(websocket_scope(), receive, send)
    return sent


@pytest.mark.parametrize(
    "middleware", [[], [DefineMiddleware(SessionMiddleware, secret_key="secret")]]
)
async def test_a_handler_ended_by_the_clients_disconnect_sends_nothing_more(
    anyio_backend: str, middleware: list[DefineMiddleware]
) -> None:
    """The client's close ends the handler's receive loop: the app returns quietly, without a
    close frame after the client's (which a server refuses) and without an error."""
    app = Lilya(routes=[WebSocketPath("/ws", echo_json)], middleware=middleware)
    incoming: list[Message] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": "[1]"},
        {"type": "websocket.disconnect", "code": 1000},
    ]

    sent = await run_session(app, incoming)

    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.send"]


async def test_invalid_json_closes_1007_with_a_reason_a_close_frame_can_carry(
    anyio_backend: str,
) -> None:
    """A 5000-digit number is refused with 1007; the reason quoting Python's long error message
    is cut to the 123 bytes a close frame allows (uvicorn sent no close at all before)."""
    app = Lilya(routes=[WebSocketPath("/ws", echo_json)])
    incoming: list[Message] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": "1" * 5000},
    ]

    sent = await run_session(app, incoming)

    close = sent[-1]
    assert (close["type"], close["code"]) == ("websocket.close", 1007)
    assert close["reason"].startswith("The frame is not valid JSON")
    assert len(close["reason"].encode("utf-8")) <= 123


@pytest.mark.parametrize("reason", ["é" * 100, "x" * 200, "€" * 41 + "ab"])
async def test_a_long_close_reason_is_cut_at_a_character_boundary(
    anyio_backend: str, reason: str
) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close(4000, reason)

    sent = await run_session(
        Lilya(routes=[WebSocketPath("/ws", handler)]), [{"type": "websocket.connect"}]
    )

    cut = sent[-1]["reason"]
    assert 120 <= len(cut.encode("utf-8")) <= 123
    assert reason.startswith(cut)


async def test_a_short_close_reason_is_kept(anyio_backend: str) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close(4000, "é" * 61 + "a")

    sent = await run_session(
        Lilya(routes=[WebSocketPath("/ws", handler)]), [{"type": "websocket.connect"}]
    )

    assert sent[-1]["reason"] == "é" * 61 + "a"
