from __future__ import annotations

from typing import Literal

import pytest

from docs_src.testing.app import app  # in your project: from myproject.main import app
from lilya.routing import Path, WebSocketPath
from lilya.testclient import TestClient, create_client
from lilya.websockets import WebSocket


def test_greets_by_name() -> None:
    # `with` runs the lifespan: startup before the first request, shutdown at the end.
    with TestClient(app) as client:
        response = client.get("/greet/ada")
    assert response.status_code == 200
    assert response.json() == {"message": "hello, ada"}


def test_unknown_path_is_404() -> None:
    client = TestClient(app)
    assert client.get("/nowhere").status_code == 404


def test_a_route_on_its_own() -> None:
    # create_client builds a throwaway app around a few routes.
    def ping() -> str:
        return "pong"

    with create_client(routes=[Path("/ping", ping)]) as client:
        assert client.get("/ping").json() == "pong"


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_on_both_event_loops(backend: Literal["asyncio", "trio"]) -> None:
    with TestClient(app, backend=backend) as client:
        assert client.get("/greet/grace").json() == {"message": "hello, grace"}


def test_websocket() -> None:
    async def hello(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    client = create_client(routes=[WebSocketPath("/ws", hello)])
    with client.websocket_connect("/ws") as websocket:
        assert websocket.receive_text() == "hello"
