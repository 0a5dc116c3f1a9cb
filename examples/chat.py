"""WebSocket example: an echo endpoint and chat rooms, with an event-stream feed of each room.

uvicorn examples.chat:app
# echo:      ws://127.0.0.1:8000/ws/echo
# room:      ws://127.0.0.1:8000/ws/rooms/{name}  (every member gets every message)
# feed:      http://127.0.0.1:8000/rooms/{name}/events  (the room as server-sent events)
# post:      http://127.0.0.1:8000/rooms/{name}/messages  (POST a message to the room)

Rooms are broadcast channels (lilya.broadcast). By default they live in the process; with
several workers or machines, point every process at one Redis so all members meet:

LILYA_BROADCAST_URL=redis://127.0.0.1:6379/0 uvicorn examples.chat:app --workers 2

The process that served a connection names itself in the `x-worker-pid` response header.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import anyio

from lilya.apps import Lilya
from lilya.broadcast import Broadcast, Subscriber
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path, WebSocketPath
from lilya.sse import EventStreamResponse, ServerSentEvent
from lilya.websockets import WebSocket

broadcast = Broadcast(os.environ.get("LILYA_BROADCAST_URL") or "memory://")
# Which process answered: for the two-worker test, and to watch a load balancer at work.
WORKER = {"x-worker-pid": str(os.getpid())}


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"echo: {text}")


async def forward(members: Subscriber, websocket: WebSocket) -> None:
    async for event in members:
        await websocket.send_text(event.message)


async def room(websocket: WebSocket, name: str) -> None:
    channel = f"room:{name}"
    # Subscribed before accepting: once the client is connected, it misses no message.
    async with broadcast.subscribe(channel) as members:
        await websocket.accept(headers=[(k.encode(), v.encode()) for k, v in WORKER.items()])
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(forward, members, websocket)
            # Reading the socket is also how the handler learns that its client left.
            async for text in websocket.iter_text():
                await broadcast.publish(channel, f"{name}: {text}")
            tasks.cancel_scope.cancel()


async def feed(name: str) -> EventStreamResponse:
    async def events() -> AsyncIterator[ServerSentEvent]:
        async with broadcast.subscribe(f"room:{name}") as members:
            # A comment (EventSource ignores it) saying the feed listens from now on.
            yield ServerSentEvent(comment=f"joined {name}")
            async for event in members:
                yield ServerSentEvent(data=event.message)

    return EventStreamResponse(events(), headers=WORKER)


async def post(request: Request, name: str) -> PlainText:
    text = (await request.body()).decode("utf-8", errors="replace")
    await broadcast.publish(f"room:{name}", f"{name}: {text}")
    return PlainText("sent", status_code=202, headers=WORKER)


app = Lilya(
    routes=[
        WebSocketPath("/ws/echo", echo),
        WebSocketPath("/ws/rooms/{name}", room),
        Path("/rooms/{name}/events", feed),
        Path("/rooms/{name}/messages", post, methods=["POST"]),
    ],
    on_startup=[broadcast.connect],
    on_shutdown=[broadcast.disconnect],
)
