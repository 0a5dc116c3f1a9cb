from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.controllers import WebSocketController
from lilya.enums import WebSocketState
from lilya.exceptions import PermissionDenied, WebSocketException, WebSocketRuntimeError
from lilya.permissions import DefinePermission
from lilya.routing import Include, Path, WebSocketPath
from lilya.testclient import WebSocketDenialResponse
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketClose, WebSocketDisconnect


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(f"echo {text}")


def client_for(factory: Any, *routes: Any, **options: Any) -> Any:
    return factory(Lilya(routes=list(routes), **options))


def test_echo_text(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, WebSocketPath("/ws", echo))
    with client.websocket_connect("/ws") as session:
        session.send_text("hi")
        assert session.receive_text() == "echo hi"


def test_bytes_json_and_modes(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept(subprotocol="chat", headers=[(b"x-extra", b"1")])
        data = await websocket.receive_bytes()
        await websocket.send_bytes(data[::-1])
        value = await websocket.receive_json()
        await websocket.send_json({"got": value})
        value = await websocket.receive_json(mode="binary")
        await websocket.send_json({"bin": value}, mode="binary")
        await websocket.close(code=1001, reason="bye")

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws", subprotocols=["chat"]) as session:
        assert session.accepted_subprotocol == "chat"
        session.send_bytes(b"abc")
        assert session.receive_bytes() == b"cba"
        session.send_json([1, 2])
        assert session.receive_json() == {"got": [1, 2]}
        session.send_json({"k": 1}, mode="binary")
        assert session.receive_json(mode="binary") == {"bin": {"k": 1}}
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
        assert (closed.value.code, closed.value.reason) == (1001, "bye")


def test_send_json_uses_the_json_encoders(test_client_factory: Any) -> None:
    import dataclasses
    import uuid

    @dataclasses.dataclass
    class Move:
        player: uuid.UUID
        square: str

    player = uuid.UUID(int=7)

    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_json(Move(player, "e4"))
        await websocket.send_json({"caf\u00e9": [1.5, None]}, mode="binary")
        with pytest.raises(ValueError, match="not JSON compliant"):
            await websocket.send_json({"score": float("nan")})  # not JSON: refused, not sent
        await websocket.close()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        assert session.receive_text() == f'{{"player":"{player}","square":"e4"}}'
        assert session.receive_bytes() == '{"caf\u00e9":[1.5,null]}'.encode()
        with pytest.raises(WebSocketDisconnect):
            session.receive_text()


def test_path_params_are_injected_by_name(test_client_factory: Any) -> None:
    async def room(websocket: WebSocket, name: str, number: int) -> None:
        await websocket.accept()
        await websocket.send_json({"name": name, "number": number})
        await websocket.close()

    client = client_for(test_client_factory, WebSocketPath("/rooms/{name}/{number:int}", room))
    with client.websocket_connect("/rooms/lobby/3") as session:
        assert session.receive_json() == {"name": "lobby", "number": 3}


def test_socket_goes_to_the_first_parameter_when_unnamed(test_client_factory: Any) -> None:
    async def handler(ws: Any) -> None:
        await ws.accept()
        await ws.send_text(type(ws).__name__)
        await ws.close()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        assert session.receive_text() == "WebSocket"


def test_states_move_through_the_connection(test_client_factory: Any) -> None:
    seen: list[tuple[WebSocketState, WebSocketState]] = []

    async def handler(websocket: WebSocket) -> None:
        seen.append((websocket.client_state, websocket.application_state))
        await websocket.accept()
        seen.append((websocket.client_state, websocket.application_state))
        try:
            await websocket.receive_text()
        except WebSocketDisconnect:
            seen.append((websocket.client_state, websocket.application_state))
            with pytest.raises(WebSocketRuntimeError, match="disconnect message"):
                await websocket.receive()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        session.close()
    assert seen == [
        (WebSocketState.CONNECTING, WebSocketState.CONNECTING),
        (WebSocketState.CONNECTED, WebSocketState.CONNECTED),
        (WebSocketState.DISCONNECTED, WebSocketState.CONNECTED),
    ]


def test_sending_before_accepting_is_an_error(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.send_text("too early")

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with (
        pytest.raises((WebSocketRuntimeError, WebSocketDisconnect)),
        client.websocket_connect("/ws"),
    ):
        pass


def test_sending_after_close_is_an_error(test_client_factory: Any) -> None:
    errors: list[str] = []

    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close()
        try:
            await websocket.send_text("late")
        except WebSocketRuntimeError as exc:
            errors.append(str(exc))

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session, pytest.raises(WebSocketDisconnect):
        session.receive_text()
    assert len(errors) == 1
    # Lilya's wording.
    assert errors[0] == 'Cannot call "send" once a close message has been sent.'


def test_binary_frame_where_text_is_expected_closes_1003(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_text()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        session.send_bytes(b"\x00")
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
    assert closed.value.code == 1003


def test_text_frame_where_bytes_are_expected_closes_1003(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_bytes()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        session.send_text("x")
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
    assert closed.value.code == 1003


@pytest.mark.parametrize("mode", ["text", "binary"])
def test_invalid_json_closes_1007(test_client_factory: Any, mode: str) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_json(mode=mode)

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        if mode == "text":
            session.send_text("{nope")
        else:
            session.send_bytes(b"\xff\xfe")
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
    assert closed.value.code == 1007


@pytest.mark.parametrize(
    "frame",
    ["[" * 100_000, "[" * 129 + "]" * 129, "[NaN]", '{"a": Infinity}', '{"a": [1e999]}'],
    ids=["past-recursion-limit", "past-json-max-depth", "nan", "infinity", "overflow"],
)
def test_hostile_json_frame_closes_1007(test_client_factory: Any, frame: str) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_json()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        session.send_text(frame)
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
    assert closed.value.code == 1007


def test_bad_mode_is_refused(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        with pytest.raises(WebSocketRuntimeError, match="mode"):
            await websocket.send_json({}, mode="xml")
        await websocket.send_text("checked")
        await websocket.close()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        assert session.receive_text() == "checked"


def test_handler_crash_closes_1011_and_surfaces(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        raise RuntimeError("socket boom")

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with pytest.raises(RuntimeError, match="socket boom"), client.websocket_connect("/ws") as s:
        s.receive_text()


def test_websocket_exception_closes_with_its_code(test_client_factory: Any) -> None:
    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        raise WebSocketException(4001, "policy")

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session, pytest.raises(WebSocketDisconnect) as closed:
        session.receive_text()
    assert (closed.value.code, closed.value.reason) == (4001, "policy")


def test_unknown_path_closes_the_socket(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, WebSocketPath("/ws", echo))
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect("/nowhere"):
        pass
    assert closed.value.code == 1000


def test_websocket_routes_inside_include_and_child_app(test_client_factory: Any) -> None:
    child = ChildLilya(routes=[WebSocketPath("/ws", echo)])
    app = Lilya(
        routes=[
            Include("/inc", routes=[WebSocketPath("/ws", echo, name="ws")], name="inc"),
            Include("/child", app=child),
        ]
    )
    client = test_client_factory(app)
    for path in ("/inc/ws", "/child/ws"):
        with client.websocket_connect(path) as session:
            session.send_text("x")
            assert session.receive_text() == "echo x"
    reversed_path = app.path_for("inc:ws")
    assert (reversed_path, reversed_path.protocol) == ("/inc/ws", "websocket")


class OnlyWithToken:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (b"token", b"yes") in scope["headers"]:
            await self.app(scope, receive, send)
            return
        raise PermissionDenied()


def test_permissions_apply_to_websockets(test_client_factory: Any) -> None:
    client = client_for(
        test_client_factory,
        WebSocketPath("/ws", echo),
        permissions=[DefinePermission(OnlyWithToken)],
    )
    with client.websocket_connect("/ws", headers={"token": "yes"}) as session:
        session.send_text("in")
        assert session.receive_text() == "echo in"
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/ws"):
        pass
    assert denied.value.status_code == 403


def test_denial_without_the_extension_closes_1008() -> None:
    import anyio

    app = Lilya(routes=[WebSocketPath("/ws", echo)], permissions=[DefinePermission(OnlyWithToken)])
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "websocket.connect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/ws",
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    anyio.run(app, scope, receive, send)
    assert sent[0]["type"] == "websocket.close"
    assert sent[0]["code"] == 1008


def test_route_permission_on_websocket_path(test_client_factory: Any) -> None:
    route = WebSocketPath("/ws", echo, permissions=[DefinePermission(OnlyWithToken)])
    client = client_for(test_client_factory, route)
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws"):
        pass


def test_add_websocket_route(test_client_factory: Any) -> None:
    app = Lilya()
    app.add_websocket_route("/ws", echo, name="echo")
    with test_client_factory(app).websocket_connect("/ws") as session:
        session.send_text("a")
        assert session.receive_text() == "echo a"
    assert repr(app.routes[0]) == "WebSocketPath(path='/ws', name='echo')"


class Echo(WebSocketController):
    encoding = "json"

    async def on_receive(self, websocket: WebSocket, data: Any) -> None:
        await websocket.send_json({"echo": data})


@pytest.mark.parametrize(
    ("encoding", "send", "expected"),
    [
        ("text", ("text", "hi"), "hi"),
        ("bytes", ("bytes", b"hi"), b"hi"),
        (None, ("text", "raw"), "raw"),
        (None, ("bytes", b"raw"), b"raw"),
    ],
)
def test_controller_encodings(
    test_client_factory: Any, encoding: str | None, send: tuple[str, Any], expected: Any
) -> None:
    received: list[Any] = []
    closes: list[int] = []

    class Handler(WebSocketController):
        async def on_receive(self, websocket: WebSocket, data: Any) -> None:
            received.append(data)
            await websocket.close()

        async def on_disconnect(self, websocket: WebSocket, close_code: int) -> None:
            closes.append(close_code)

    Handler.encoding = encoding
    client = client_for(test_client_factory, WebSocketPath("/ws", Handler))
    with client.websocket_connect("/ws") as session:
        getattr(session, f"send_{send[0]}")(send[1])
        with pytest.raises(WebSocketDisconnect):
            session.receive_text()
    assert received == [expected]


def test_controller_json_round_trip_and_bad_frames(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, WebSocketPath("/ws", Echo))
    with client.websocket_connect("/ws") as session:
        session.send_json({"a": 1})
        assert session.receive_json() == {"echo": {"a": 1}}
        session.send_text("{bad")
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
    assert closed.value.code == 1007


@pytest.mark.parametrize(("encoding", "frame"), [("text", b"x"), ("bytes", "x")])
def test_controller_wrong_kind_of_frame_closes_1003(
    test_client_factory: Any, encoding: str, frame: Any
) -> None:
    class Strict(WebSocketController):
        pass

    Strict.encoding = encoding
    client = client_for(test_client_factory, WebSocketPath("/ws", Strict))
    with client.websocket_connect("/ws") as session:
        if isinstance(frame, bytes):
            session.send_bytes(frame)
        else:
            session.send_text(frame)
        with pytest.raises(WebSocketDisconnect) as closed:
            session.receive_text()
    assert closed.value.code == 1003


def test_controller_crash_reports_1011_to_on_disconnect(test_client_factory: Any) -> None:
    codes: list[int] = []

    class Crashing(WebSocketController):
        async def on_receive(self, websocket: WebSocket, data: Any) -> None:
            raise RuntimeError("controller boom")

        async def on_disconnect(self, websocket: WebSocket, close_code: int) -> None:
            codes.append(close_code)

    client = client_for(test_client_factory, WebSocketPath("/ws", Crashing))

    def talk() -> None:
        with client.websocket_connect("/ws") as session:
            session.send_text("x")
            session.receive_text()

    with pytest.raises(RuntimeError, match="controller boom"):
        talk()
    assert codes == [1011]


def test_controller_sees_client_disconnect_code(test_client_factory: Any) -> None:
    codes: list[int] = []

    class Listener(WebSocketController):
        async def on_disconnect(self, websocket: WebSocket, close_code: int) -> None:
            codes.append(close_code)

    client = client_for(test_client_factory, WebSocketPath("/ws", Listener))
    with client.websocket_connect("/ws") as session:
        session.close(code=1001)
    assert codes == [1001]


def test_controller_unknown_encoding_is_an_error(test_client_factory: Any) -> None:
    class Weird(WebSocketController):
        encoding = "xml"

    client = client_for(test_client_factory, WebSocketPath("/ws", Weird))

    def talk() -> None:
        with client.websocket_connect("/ws") as session:
            session.send_text("x")
            session.receive_text()

    with pytest.raises(ValueError, match="Unsupported encoding"):
        talk()


def test_websocket_needs_a_websocket_scope() -> None:
    with pytest.raises(WebSocketRuntimeError):
        WebSocket({"type": "http"}, None, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Echo({"type": "http"}, None, None)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_websocket_close_app_sends_close(anyio_backend: str) -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    await WebSocketClose(code=1008, reason="r")({}, None, send)  # type: ignore[arg-type]
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "r"}]


def test_http_route_does_not_answer_websockets(test_client_factory: Any) -> None:
    async def page() -> str:
        return "page"

    client = client_for(test_client_factory, Path("/ws", page))
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws"):
        pass


class Mark:
    """Records in the scope which layer it wraps, for HTTP and WebSocket scopes alike."""

    def __init__(self, app: ASGIApp, label: str) -> None:
        self.app = app
        self.label = label

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            scope.setdefault("marks", []).append(self.label)
        await self.app(scope, receive, send)


async def report_marks(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json(websocket.scope.get("marks", []))
    await websocket.close()


def test_middleware_applies_to_websockets_at_every_level(test_client_factory: Any) -> None:
    from lilya.middleware import DefineMiddleware

    app = Lilya(
        routes=[
            Include(
                "/inc",
                routes=[
                    WebSocketPath(
                        "/ws",
                        report_marks,
                        middleware=[DefineMiddleware(Mark, label="route")],
                    )
                ],
                middleware=[DefineMiddleware(Mark, label="include")],
            )
        ],
        middleware=[DefineMiddleware(Mark, label="app")],
    )
    with test_client_factory(app).websocket_connect("/inc/ws") as session:
        assert session.receive_json() == ["app", "include", "route"]


def test_websocket_disconnect_shows_the_arguments_given() -> None:
    """Lilya 0.7.5: args, str and repr are Exception's own, over the positional arguments."""
    assert WebSocketDisconnect(1001, "r").args == (1001, "r")
    assert repr(WebSocketDisconnect(4000, "bye")) == "WebSocketDisconnect(4000, 'bye')"
    assert str(WebSocketDisconnect()) == ""
    assert (WebSocketDisconnect().code, WebSocketDisconnect().reason) == (1000, "")


def test_sending_before_accept_names_the_expected_messages(test_client_factory: Any) -> None:
    """Lilya 0.7.5's wording for a send before accept (a websocket.send message)."""
    errors: list[str] = []

    async def handler(websocket: WebSocket) -> None:
        try:
            await websocket.send_text("early")
        except WebSocketRuntimeError as exc:
            errors.append(str(exc))
        await websocket.close()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws") as session:
        session.receive_text()
    assert errors == [
        'Expected ASGI message "websocket.accept" or "websocket.close", but got websocket.send'
    ]


def test_invalid_json_frame_is_a_json_decode_error(test_client_factory: Any) -> None:
    """Lilya 0.7.5's receive_json raises json.JSONDecodeError for a frame that is not JSON;
    the error is that, and the WebSocketDataError (1007) lilya closes with."""
    import json

    from lilya.websockets import WebSocketDataError

    caught: list[Any] = []

    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            await websocket.receive_json()
        except json.JSONDecodeError as exc:
            caught.append(exc)
        await websocket.close()

    client = client_for(test_client_factory, WebSocketPath("/ws", handler))
    with client.websocket_connect("/ws") as session:
        session.send_text("{nope")
        assert session.receive()["type"] == "websocket.close"
    (error,) = caught
    assert isinstance(error, WebSocketDataError)
    assert (error.code, error.pos, error.doc) == (1007, 1, "{nope")
