"""The WebSocket state machine, driven with scripted ASGI messages: every misuse is a clear
WebSocketRuntimeError, every client departure a WebSocketDisconnect."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

from lilya.exceptions import WebSocketRuntimeError
from lilya.websockets import WebSocket, WebSocketDataError, WebSocketDisconnect, WebSocketState

SCOPE = {"type": "websocket", "path": "/ws", "headers": []}


def run_socket(
    backend: str,
    incoming: list[dict[str, Any]],
    body: Callable[[WebSocket], Awaitable[Any]],
    scope: dict[str, Any] | None = None,
    socket_class: type[WebSocket] = WebSocket,
) -> tuple[Any, list[dict[str, Any]]]:
    """Run `body` on a WebSocket fed `incoming`; (its result, the messages it sent)."""
    pending = iter(incoming)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return next(pending)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def main() -> Any:
        return await body(socket_class(dict(scope or SCOPE), receive, send))

    return anyio.run(main, backend=backend), sent


CONNECT = {"type": "websocket.connect"}


def test_iterators_end_at_disconnect(anyio_backend: str) -> None:
    incoming = [
        CONNECT,
        {"type": "websocket.receive", "bytes": b"ab"},
        {"type": "websocket.disconnect", "code": 1000},
    ]

    async def body(ws: WebSocket) -> Any:
        await ws.accept()
        return [chunk async for chunk in ws.iter_bytes()]

    assert run_socket(anyio_backend, incoming, body)[0] == [b"ab"]

    incoming = [
        CONNECT,
        {"type": "websocket.receive", "text": '{"a": 1}'},
        {"type": "websocket.disconnect", "code": 1001},
    ]

    async def json_body(ws: WebSocket) -> Any:
        await ws.accept()
        return [value async for value in ws.iter_json()]

    assert run_socket(anyio_backend, incoming, json_body)[0] == [{"a": 1}]


def test_explicit_checks(anyio_backend: str) -> None:
    async def body(ws: WebSocket) -> None:
        with pytest.raises(WebSocketRuntimeError, match="not connected"):
            await ws.raise_for_connection_state()
        await ws.accept()
        await ws.raise_for_connection_state()
        ws.raise_for_disconnect({"type": "websocket.receive", "text": "x"})
        with pytest.raises(WebSocketDisconnect) as gone:
            ws.raise_for_disconnect({"type": "websocket.disconnect", "code": 1001})
        assert gone.value.code == 1001

    run_socket(anyio_backend, [CONNECT], body)


def test_receive_before_accept_is_refused(anyio_backend: str) -> None:
    async def body(ws: WebSocket) -> None:
        await ws.receive_text()

    with pytest.raises(WebSocketRuntimeError, match="accept"):
        run_socket(anyio_backend, [CONNECT], body)


def test_client_leaving_before_the_handshake(anyio_backend: str) -> None:
    async def body(ws: WebSocket) -> None:
        await ws.accept()

    with pytest.raises(WebSocketDisconnect) as gone:
        run_socket(anyio_backend, [{"type": "websocket.disconnect", "code": 1001}], body)
    assert gone.value.code == 1006


@pytest.mark.parametrize(
    ("incoming", "message"),
    [
        ([{"type": "websocket.receive", "text": "early"}], "websocket.connect"),
        ([CONNECT, {"type": "websocket.connect"}], "websocket.receive"),
    ],
)
def test_out_of_order_client_messages(
    anyio_backend: str, incoming: list[dict[str, Any]], message: str
) -> None:
    async def body(ws: WebSocket) -> None:
        await ws.receive()
        await ws.receive()

    with pytest.raises(WebSocketRuntimeError, match=message):
        run_socket(anyio_backend, incoming, body)


def test_receive_after_disconnect_is_refused(anyio_backend: str) -> None:
    async def body(ws: WebSocket) -> None:
        await ws.accept()
        with pytest.raises(WebSocketDisconnect):
            await ws.receive_text()
        await ws.receive()

    incoming = [CONNECT, {"type": "websocket.disconnect", "code": 1000}]
    with pytest.raises(WebSocketRuntimeError, match="disconnect message"):
        run_socket(anyio_backend, incoming, body)


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        ([{"type": "websocket.send", "text": "x"}], "websocket.accept"),
        ([{"type": "websocket.accept"}, {"type": "websocket.accept"}], "websocket.send"),
        ([{"type": "websocket.close"}, {"type": "websocket.send", "text": "x"}], "close message"),
        ([{"type": "websocket.http.response.start", "status": 403}], "denial responses"),
    ],
)
def test_out_of_order_server_messages(
    anyio_backend: str, messages: list[dict[str, Any]], error: str
) -> None:
    async def body(ws: WebSocket) -> None:
        for message in messages:
            await ws.send(message)

    with pytest.raises(WebSocketRuntimeError, match=error):
        run_socket(anyio_backend, [CONNECT], body)


def test_denial_response_closes_after_its_last_body(anyio_backend: str) -> None:
    scope = {**SCOPE, "extensions": {"websocket.http.response": {}}}

    async def body(ws: WebSocket) -> None:
        await ws.send({"type": "websocket.http.response.start", "status": 403, "headers": []})
        await ws.send({"type": "websocket.http.response.body", "body": b"no", "more_body": True})
        await ws.send({"type": "websocket.http.response.body", "body": b"!"})
        with pytest.raises(WebSocketRuntimeError, match="close message has been sent"):
            await ws.send({"type": "websocket.send", "text": "x"})

    _, sent = run_socket(anyio_backend, [CONNECT], body, scope=scope)
    assert [m["type"] for m in sent] == [
        "websocket.http.response.start",
        "websocket.http.response.body",
        "websocket.http.response.body",
    ]


def test_accept_after_receiving_connect_and_close_twice(anyio_backend: str) -> None:
    async def body(ws: WebSocket) -> None:
        assert (await ws.receive())["type"] == "websocket.connect"
        await ws.accept()
        await ws.send_text("hello")
        await ws.close(1001, "bye")

    _, sent = run_socket(anyio_backend, [CONNECT], body)
    assert sent[-1] == {"type": "websocket.close", "code": 1001, "reason": "bye"}


def test_typed_senders_check_the_state_like_send(anyio_backend: str) -> None:
    async def before_accept(ws: WebSocket) -> None:
        await ws.send_text("too early")

    with pytest.raises(WebSocketRuntimeError, match=r"websocket\.accept"):
        run_socket(anyio_backend, [CONNECT], before_accept)

    async def after_close(ws: WebSocket) -> None:
        await ws.accept()
        await ws.close()
        await ws.send_bytes(b"too late")

    with pytest.raises(WebSocketRuntimeError, match="close message has been sent"):
        run_socket(anyio_backend, [CONNECT], after_close)

    async def while_open(ws: WebSocket) -> None:
        await ws.accept()
        await ws.send_text("a")
        await ws.send_bytes(b"b")

    sent = run_socket(anyio_backend, [CONNECT], while_open)[1]
    assert sent[1:] == [
        {"type": "websocket.send", "text": "a"},
        {"type": "websocket.send", "bytes": b"b"},
    ]


def test_typed_receivers_keep_the_client_state(anyio_backend: str) -> None:
    """Frames read by receive_text/receive_bytes move the state as receive() would."""
    incoming = [
        CONNECT,
        {"type": "websocket.receive", "text": "t"},
        {"type": "websocket.receive", "bytes": b"b"},
        {"type": "websocket.receive", "bytes": b"not text"},
        {"type": "websocket.disconnect", "code": 1001},
    ]

    async def body(ws: WebSocket) -> Any:
        await ws.accept()
        got = [await ws.receive_text(), await ws.receive_bytes()]
        with pytest.raises(WebSocketDataError, match="text frame"):
            await ws.receive_text()
        with pytest.raises(WebSocketDisconnect) as gone:
            await ws.receive_bytes()
        assert gone.value.code == 1001
        assert ws.client_state is WebSocketState.DISCONNECTED
        with pytest.raises(WebSocketRuntimeError, match="disconnect message"):
            await ws.receive_text()
        return got

    assert run_socket(anyio_backend, incoming, body)[0] == ["t", b"b"]


def test_typed_receiver_after_a_manual_accept_reads_the_connect_first(
    anyio_backend: str,
) -> None:
    """An app that sends the accept itself has not consumed websocket.connect yet."""
    incoming = [CONNECT, {"type": "websocket.receive", "text": "t"}]

    async def body(ws: WebSocket) -> Any:
        await ws.send({"type": "websocket.accept"})
        with pytest.raises(WebSocketDataError):
            await ws.receive_text()  # the connect message holds no text
        assert ws.client_state is WebSocketState.CONNECTED
        return await ws.receive_text()

    assert run_socket(anyio_backend, incoming, body)[0] == "t"


def test_sending_can_be_scheduled_as_a_task(anyio_backend: str) -> None:
    async def body(ws: WebSocket) -> None:
        await ws.accept()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(ws.send_text, "from a task")

    sent = run_socket(anyio_backend, [CONNECT], body)[1]
    assert sent[-1] == {"type": "websocket.send", "text": "from a task"}


class _Ready:
    """An awaitable that is not a coroutine, like the ones granian's send and receive return."""

    def __init__(self, value: Any = None) -> None:
        self.value = value

    def __await__(self) -> Any:
        return self.value
        yield  # pragma: no cover - makes this a generator, finished at once


def test_every_public_method_is_a_coroutine_on_any_server(anyio_backend: str) -> None:
    """asyncio.create_task and task groups need coroutines, whatever the server's send returns."""
    incoming = iter([CONNECT, {"type": "websocket.receive", "text": "hi"}])
    sent: list[dict[str, Any]] = []

    def receive() -> Any:
        return _Ready(next(incoming))

    def send(message: dict[str, Any]) -> Any:
        sent.append(message)
        return _Ready()

    async def main() -> Any:
        ws = WebSocket(dict(SCOPE), receive, send)
        await ws.accept()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(ws.send_text, "a")
            tasks.start_soon(ws.send_bytes, b"b")
            tasks.start_soon(ws.send, {"type": "websocket.send", "text": "c"})
        return await ws.receive_text()

    assert anyio.run(main, backend=anyio_backend) == "hi"
    frames = {repr(m.get("text", m.get("bytes"))) for m in sent[1:]}  # tasks run in any order
    assert frames == {"'a'", "b'b'", "'c'"}


def test_text_iterator_ends_at_disconnect_and_refuses_binary_frames(anyio_backend: str) -> None:
    incoming = [
        CONNECT,
        {"type": "websocket.receive", "text": "one"},
        {"type": "websocket.receive", "text": "two"},
        {"type": "websocket.disconnect", "code": 1000},
    ]

    async def body(ws: WebSocket) -> Any:
        await ws.accept()
        got = [text async for text in ws.iter_text()]
        assert ws.client_state is WebSocketState.DISCONNECTED
        return got

    assert run_socket(anyio_backend, incoming, body)[0] == ["one", "two"]

    async def binary(ws: WebSocket) -> None:
        await ws.accept()
        async for _ in ws.iter_text():
            pass  # pragma: no cover - the first frame is refused

    incoming = [CONNECT, {"type": "websocket.receive", "bytes": b"x"}]
    with pytest.raises(WebSocketDataError, match="text frame"):
        run_socket(anyio_backend, incoming, binary)


class Shouting(WebSocket):
    """Reads its own way: every text frame upper-cased by its receive()."""

    async def receive(self) -> dict[str, Any]:
        message = dict(await super().receive())
        if "text" in message:
            message["text"] = message["text"].upper()
        return message


class Numbered(WebSocket):
    """Its own receive_text: frames numbered as they come."""

    count = 0

    async def receive_text(self) -> str:
        self.count += 1
        return f"{self.count}:{await super().receive_text()}"


@pytest.mark.parametrize(
    ("socket_class", "expected"), [(Shouting, ["A", "B"]), (Numbered, ["1:a", "2:b"])]
)
def test_subclasses_reading_their_own_way_are_honoured(
    anyio_backend: str, socket_class: type[WebSocket], expected: list[str]
) -> None:
    incoming = [
        CONNECT,
        {"type": "websocket.receive", "text": "a"},
        {"type": "websocket.receive", "text": "b"},
        {"type": "websocket.disconnect", "code": 1000},
    ]

    async def body(ws: WebSocket) -> Any:
        await ws.accept()
        return [text async for text in ws.iter_text()]

    assert run_socket(anyio_backend, incoming, body, socket_class=socket_class)[0] == expected


def test_a_subclass_sending_its_own_way_is_honoured(anyio_backend: str) -> None:
    class Tagged(WebSocket):
        async def send(self, message: dict[str, Any]) -> None:
            await super().send({**message, "tagged": True})

    async def body(ws: WebSocket) -> None:
        await ws.accept()
        await ws.send_text("t")
        await ws.send_bytes(b"b")

    sent = run_socket(anyio_backend, [CONNECT], body, socket_class=Tagged)[1]
    assert len(sent) == 3
    assert all(message.get("tagged") for message in sent)
