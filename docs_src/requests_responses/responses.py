from __future__ import annotations

from collections.abc import AsyncIterator

from lilya.apps import Lilya
from lilya.background import Task
from lilya.responses import HTML, JSON, Ok, PlainText, Redirect, Response, Streaming
from lilya.routing import Path

sent: list[str] = []


def send_welcome_mail(address: str) -> None:
    sent.append(address)


def plain() -> PlainText:
    return PlainText("hello")


def page() -> HTML:
    return HTML("<h1>hello</h1>")


def created() -> JSON:
    return JSON({"id": 1}, status_code=201, headers={"X-Resource": "item"})


def register() -> Ok:
    # The task runs after the response has been sent.
    return Ok({"registered": True}, background=Task(send_welcome_mail, "ada@example.com"))


def old_home() -> Redirect:
    return Redirect("/", status_code=301)


def remember() -> Response:
    response = PlainText("remembered")
    response.set_cookie("theme", "dark", max_age=3600, httponly=True)
    return response


async def numbers() -> AsyncIterator[str]:
    for number in range(3):
        yield f"{number}\n"


def stream() -> Streaming:
    return Streaming(numbers(), media_type="text/plain")


def plain_value() -> dict[str, int]:
    # Any other return value is sent as JSON.
    return {"answer": 42}


app = Lilya(
    routes=[
        Path("/plain", plain),
        Path("/page", page),
        Path("/created", created),
        Path("/register", register, methods=["POST"]),
        Path("/old-home", old_home),
        Path("/remember", remember),
        Path("/stream", stream),
        Path("/value", plain_value),
    ]
)
