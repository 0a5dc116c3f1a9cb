from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.controllers import WebSocketController
from lilya.routing import WebSocketPath
from lilya.websockets import WebSocket


class Calculator(WebSocketController):
    """Each frame is decoded as JSON before on_receive; bad JSON closes with 1007."""

    encoding = "json"

    async def on_connect(self, websocket: WebSocket) -> None:
        await websocket.accept()

    async def on_receive(self, websocket: WebSocket, data: Any) -> None:
        await websocket.send_json({"sum": sum(data["numbers"])})

    async def on_disconnect(self, websocket: WebSocket, close_code: int) -> None:
        pass


app = Lilya(routes=[WebSocketPath("/ws/sum", Calculator)])
