"""WebSocket example: an echo endpoint and a broadcast room.

uvicorn examples.chat:app
# echo:      ws://127.0.0.1:8000/ws/echo
# broadcast: ws://127.0.0.1:8000/ws/rooms/{name}  (every member gets every message)
"""

from __future__ import annotations

import anyio

from lilya.apps import Lilya
from lilya.routing import WebSocketPath
from lilya.websockets import WebSocket

rooms: dict[str, set[WebSocket]] = {}


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"echo: {text}")


async def room(websocket: WebSocket, name: str) -> None:
    await websocket.accept()
    members = rooms.setdefault(name, set())
    members.add(websocket)
    try:
        async for text in websocket.iter_text():
            # Sent side by side, so one slow member does not hold up the others.
            async with anyio.create_task_group() as sending:
                for member in list(members):
                    sending.start_soon(member.send_text, f"{name}: {text}")
    finally:
        members.discard(websocket)


app = Lilya(
    routes=[
        WebSocketPath("/ws/echo", echo),
        WebSocketPath("/ws/rooms/{name}", room),
    ]
)
