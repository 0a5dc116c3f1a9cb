from __future__ import annotations

from lilya.apps import Lilya
from lilya.routing import WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_text(f"echo: {text}")
    except WebSocketDisconnect:
        pass


async def room(websocket: WebSocket, name: str) -> None:
    await websocket.accept()
    await websocket.send_json({"room": name})
    await websocket.close()


app = Lilya(
    routes=[
        WebSocketPath("/ws/echo", echo),
        WebSocketPath("/ws/rooms/{name}", room),
    ]
)
