from __future__ import annotations

import time

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


async def greet(name: str) -> dict[str, str]:
    # Async: runs on the event loop.
    return {"hello": name}


def slow_report(year: int) -> dict[str, int]:
    # Sync: runs in a worker thread, so blocking calls do not stall other requests.
    time.sleep(0.01)
    return {"year": year}


async def both(request: Request, name: str) -> dict[str, str]:
    # Parameters are matched by name: the request, then path parameters.
    return {"name": name, "method": request.method}


app = Lilya(
    routes=[
        Path("/greet/{name}", greet),
        Path("/reports/{year:int}", slow_report),
        Path("/both/{name}", both, methods=["GET", "POST"]),
    ]
)
