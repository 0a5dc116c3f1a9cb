# Notifications that reach every open page, whichever worker or machine serves it.
from __future__ import annotations

import os
from collections.abc import AsyncIterator

from lilya.apps import Lilya
from lilya.broadcast import Broadcast
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Path
from lilya.sse import EventStreamResponse, ServerSentEvent, last_event_id

# memory:// in development; redis://host:6379/0 when several processes serve the app.
broadcast = Broadcast(os.environ.get("LILYA_BROADCAST_URL") or "memory://")


async def notify(request: Request) -> JSONResponse:
    note = (await request.json())["text"]
    await broadcast.publish("notifications", note)
    return JSONResponse({"sent": note}, status_code=202)


async def notifications(request: Request) -> EventStreamResponse:
    # A reconnecting browser says what it saw last; pub/sub keeps nothing, so a page that
    # must not miss anything reloads the gap from its database here.
    resumed = last_event_id(request)

    async def events() -> AsyncIterator[ServerSentEvent]:
        async with broadcast.subscribe("notifications") as inbox:
            yield ServerSentEvent(comment=f"listening (last seen: {resumed or 'none'})")
            async for event in inbox:
                yield ServerSentEvent(data=event.message, event="notification")

    return EventStreamResponse(events(), ping_interval=15)


app = Lilya(
    routes=[
        Path("/notify", notify, methods=["POST"]),
        Path("/notifications", notifications),
    ],
    on_startup=[broadcast.connect],
    on_shutdown=[broadcast.disconnect],
)
