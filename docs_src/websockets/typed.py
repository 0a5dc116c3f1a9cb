from __future__ import annotations

from typing import Annotated

from lilya.apps import Lilya
from lilya.params import Header, Query
from lilya.routing import WebSocketPath
from lilya.websockets import WebSocket


async def feed(
    websocket: WebSocket,
    token: Annotated[str, Query(min_length=8)],
    limit: int = Query(10, ge=1, le=100),
    client: str = Header("unknown", alias="x-client"),
) -> None:
    await websocket.accept()
    await websocket.send_json({"limit": limit, "client": client})
    await websocket.close()


app = Lilya(routes=[WebSocketPath("/ws/feed", feed)])
