from __future__ import annotations

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.responses import Ok
from lilya.routing import Path


def welcome() -> Ok:
    return Ok({"message": "Welcome to lilya"})


def user(user: str) -> Ok:
    return Ok({"message": f"Welcome to lilya, {user}"})


async def user_in_request(request: Request) -> Ok:
    user = request.path_params["user"]
    return Ok({"message": f"Welcome to lilya, {user}"})


app = Lilya(
    routes=[
        Path("/", welcome),
        Path("/{user}", user),
        Path("/in-request/{user}", user_in_request),
    ]
)
