from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


@asynccontextmanager
async def lifespan(app: Lilya) -> AsyncIterator[None]:
    app.state.greeting = "hello"  # opened at startup: a pool, a client...
    yield
    app.state.greeting = None  # closed at shutdown


def greet(request: Request, name: str) -> dict[str, str]:
    return {"message": f"{request.app.state.greeting}, {name}"}


app = Lilya(routes=[Path("/greet/{name}", greet)], lifespan=lifespan)
