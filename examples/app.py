"""The example served by `scripts/demo`: Lilya's README program plus a few more routes.

Run it with `scripts/demo`, then try:
    curl http://127.0.0.1:8000/
    curl http://127.0.0.1:8000/lilya
    curl http://127.0.0.1:8000/in-request/lilya
    curl http://127.0.0.1:8000/items/42
    curl -X POST http://127.0.0.1:8000/echo -H 'content-type: application/json' -d '{"a": 1}'
    curl http://127.0.0.1:8000/api/v1/health
"""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.requests import Request
from lilya.responses import Ok, PlainText
from lilya.routing import Include, Path


def welcome() -> Ok:
    return Ok({"message": "Welcome to Lilya"})


def user(user: str) -> Ok:
    return Ok({"message": f"Welcome to Lilya, {user}"})


def user_in_request(request: Request) -> Ok:
    user = request.path_params["user"]
    return Ok({"message": f"Welcome to Lilya, {user}"})


async def item(item_id: int) -> dict[str, Any]:
    return {"item_id": item_id, "type": type(item_id).__name__}


async def echo(request: Request) -> dict[str, Any]:
    return {"received": await request.json()}


class Health(Controller):
    async def get(self) -> PlainText:
        return PlainText("ok")


app = Lilya(
    routes=[
        Path("/", welcome),
        Path("/{user}", user),
        Path("/in-request/{user}", user_in_request),
        Path("/items/{item_id:int}", item, name="item"),
        Path("/echo", echo, methods=["POST"]),
        Include("/api/v1", routes=[Path("/health", Health, name="health")], name="v1"),
    ]
)
