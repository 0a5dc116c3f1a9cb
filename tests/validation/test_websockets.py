"""Typed parameters on WebSocket handlers: path, query, header and cookie values are read and
validated before the handler runs; a handshake that does not validate is refused with the 422
problem (a denial response, or a close 1008 where the server cannot send one)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Annotated, Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import ImproperlyConfigured
from lilya.params import Body, Cookie, Form, Header, PathParam, Query
from lilya.responses import PlainText
from lilya.routing import WebSocketPath
from lilya.testclient import WebSocketDenialResponse
from lilya.types import Message
from lilya.validation import RequestValidationError
from lilya.websockets import WebSocket

Factory = Callable[..., Any]


async def room(
    websocket: WebSocket,
    name: Annotated[int, PathParam(ge=1)],
    token: str = Query(),
    limit: int = Query(10, le=50),
    agent: str = Header("none", alias="user-agent"),
    theme: str | None = Cookie(None),
) -> None:
    await websocket.accept()
    await websocket.send_json(
        {"name": name, "token": token, "limit": limit, "agent": agent, "theme": theme}
    )
    await websocket.close()


def room_app() -> Lilya:
    return Lilya(routes=[WebSocketPath("/rooms/{name}", room)])


def test_typed_values_reach_the_handler(test_client_factory: Factory) -> None:
    client = test_client_factory(room_app(), cookies={"theme": "dark"})
    with client.websocket_connect(
        "/rooms/3?token=t&limit=5", headers={"user-agent": "ua"}
    ) as session:
        assert session.receive_json() == {
            "name": 3,
            "token": "t",
            "limit": 5,
            "agent": "ua",
            "theme": "dark",
        }


@pytest.mark.parametrize(
    ("url", "location", "field"),
    [
        ("/rooms/0?token=t", "path", "name"),
        ("/rooms/3", "query", "token"),
        ("/rooms/3?token=t&limit=99", "query", "limit"),
        ("/rooms/3?token=t&limit=ten", "query", "limit"),
    ],
)
def test_an_invalid_handshake_is_denied_with_the_422_problem(
    test_client_factory: Factory, url: str, location: str, field: str
) -> None:
    with pytest.raises(WebSocketDenialResponse) as denied:  # noqa: SIM117 - entering denies
        with test_client_factory(room_app()).websocket_connect(url):
            pass
    assert denied.value.status_code == 422
    assert denied.value.headers["content-type"] == "application/problem+json"
    errors = denied.value.json()["errors"]
    assert [(e["location"], e["field"]) for e in errors] == [(location, field)]


@pytest.mark.anyio
async def test_without_the_denial_extension_an_invalid_handshake_is_closed_1008(
    anyio_backend: str,
) -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/rooms/3",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"example.com")],
        "scheme": "ws",
        "server": ("example.com", 80),
    }
    await room_app()(scope, receive, send)
    assert [(m["type"], m["code"]) for m in sent] == [("websocket.close", 1008)]
    assert "token" in sent[0]["reason"]


def test_a_handler_for_validation_errors_answers_the_handshake(
    test_client_factory: Factory,
) -> None:
    def refused(websocket: Any, exc: RequestValidationError) -> PlainText:
        return PlainText(f"{len(exc.errors)} bad", status_code=400)

    app = Lilya(
        routes=[WebSocketPath("/rooms/{name}", room)],
        exception_handlers={RequestValidationError: refused},
    )
    with pytest.raises(WebSocketDenialResponse) as denied:  # noqa: SIM117 - entering denies
        with test_client_factory(app).websocket_connect("/rooms/0"):
            pass
    assert (denied.value.status_code, denied.value.text) == (400, "2 bad")


@pytest.mark.parametrize("marker", [Body(), Form()])
def test_a_body_or_form_marker_is_refused_when_the_route_is_built(marker: Any) -> None:
    async def handler(websocket: WebSocket, data: dict[str, Any] = marker) -> None:
        await websocket.close()

    with pytest.raises(ImproperlyConfigured, match="WebSocket handshake has no request body"):
        WebSocketPath("/ws", handler)


@dataclasses.dataclass
class Settings:
    size: int = 1


def test_plain_websocket_handlers_keep_lilyas_behaviour(test_client_factory: Factory) -> None:
    """Without a marker nothing is read or converted: path parameters by name, as Lilya
    passes them, and a structured annotation is not taken for a body."""

    async def handler(websocket: WebSocket, name: str, options: Settings | None = None) -> None:
        await websocket.accept()
        await websocket.send_text(json.dumps([name, options]))
        await websocket.close()

    app = Lilya(routes=[WebSocketPath("/plain/{name}", handler)])
    with test_client_factory(app).websocket_connect("/plain/007") as session:
        assert json.loads(session.receive_text()) == ["007", None]
