"""WebSocket sessions: handshake, frames both ways, closing, denial responses, app failures."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest

from lilya.testclient import (
    WebSocketDenialResponse,
    WebSocketDisconnect,
    WebSocketTestSession,
)
from lilya.testclient._websocket import FRAME_BUFFER
from lilya.types import Message, Receive, Scope, Send

ClientFactory = Callable[..., Any]


async def echo_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Accepts, then echoes text and bytes frames until the client disconnects."""
    assert scope["type"] == "websocket"
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        await send({"type": "websocket.send", **{k: v for k, v in message.items() if k != "type"}})


def scope_recorder(seen: list[Scope]) -> Callable[[Scope, Receive, Send], Any]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)
        await receive()
        await send({"type": "websocket.close", "code": 1000})

    return app


def test_text_frames_go_both_ways(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        session.send_text("hello")
        assert session.receive_text() == "hello"


def test_bytes_frames_go_both_ways(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        session.send_bytes(b"\x00\xff")
        assert session.receive_bytes() == b"\x00\xff"


@pytest.mark.parametrize("mode", ["text", "binary"])
def test_json_frames_go_both_ways(test_client_factory: ClientFactory, mode: Any) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        session.send_json({"é": [1, None]}, mode=mode)
        assert session.receive_json(mode=mode) == {"é": [1, None]}


def test_json_is_sent_compact_and_unescaped(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        session.send_json({"a": "é"})
        assert session.receive_text() == '{"a":"é"}'


def test_bad_json_mode_is_rejected(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        with pytest.raises(ValueError, match="mode"):
            session.send_json({}, mode="xml")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="mode"):
            session.receive_json(mode="xml")  # type: ignore[arg-type]


def test_receive_text_of_a_binary_frame_is_a_clear_error(
    test_client_factory: ClientFactory,
) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        session.send_bytes(b"x")
        with pytest.raises(TypeError, match="Expected a text frame"):
            session.receive_text()
        session.send_text("x")
        with pytest.raises(TypeError, match="Expected a binary frame"):
            session.receive_bytes()


def test_raw_messages_can_be_sent_and_received(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/ws") as session:
        session.send({"type": "websocket.receive", "text": "raw"})
        assert session.receive() == {"type": "websocket.send", "text": "raw"}


def test_scope_is_a_websocket_scope(test_client_factory: ClientFactory) -> None:
    seen: list[Scope] = []
    client = test_client_factory(scope_recorder(seen))
    with pytest.raises(WebSocketDisconnect):
        client.websocket_connect("/chat/caf%C3%A9?room=1", headers={"X-Token": "t"}).__enter__()
    scope = seen[0]
    assert scope["type"] == "websocket"
    assert scope["scheme"] == "ws"
    assert scope["path"] == "/chat/café"
    assert scope["raw_path"] == b"/chat/caf%C3%A9"
    assert scope["query_string"] == b"room=1"
    assert scope["client"] == ("testclient", 50000)
    assert scope["server"] == ("testserver", 80)
    assert scope["subprotocols"] == []
    assert scope["extensions"] == {"websocket.http.response": {}}
    assert "method" not in scope
    headers = dict(scope["headers"])
    assert headers[b"x-token"] == b"t"
    assert headers[b"host"] == b"testserver"
    assert headers[b"upgrade"] == b"websocket"
    assert headers[b"sec-websocket-version"] == b"13"


def test_relative_url_goes_to_testserver_whatever_the_base_url(
    test_client_factory: ClientFactory,
) -> None:
    """Lilya 0.7.5 joins a relative WebSocket URL to ws://testserver, ignoring base_url."""
    seen: list[Scope] = []
    client = test_client_factory(scope_recorder(seen), base_url="https://example.org/api")
    with pytest.raises(WebSocketDisconnect):
        client.websocket_connect("/ws").__enter__()
    assert seen[0]["scheme"] == "ws"
    assert seen[0]["server"] == ("testserver", 80)
    assert seen[0]["path"] == "/ws"
    assert dict(seen[0]["headers"])[b"host"] == b"testserver"


def test_absolute_https_url_gives_a_wss_scope(test_client_factory: ClientFactory) -> None:
    seen: list[Scope] = []
    client = test_client_factory(scope_recorder(seen))
    with pytest.raises(WebSocketDisconnect):
        client.websocket_connect("https://example.org/ws").__enter__()
    assert seen[0]["scheme"] == "wss"
    assert seen[0]["server"] == ("example.org", 443)


def test_absolute_ws_url_is_used_as_is(test_client_factory: ClientFactory) -> None:
    seen: list[Scope] = []
    client = test_client_factory(scope_recorder(seen))
    with pytest.raises(WebSocketDisconnect):
        client.websocket_connect("ws://other:9000/ws").__enter__()
    assert seen[0]["server"] == ("other", 9000)


def test_client_cookies_and_params_reach_the_websocket(test_client_factory: ClientFactory) -> None:
    seen: list[Scope] = []
    client = test_client_factory(scope_recorder(seen), cookies={"sid": "1"})
    with pytest.raises(WebSocketDisconnect):
        client.websocket_connect("/ws", params={"a": "b"}).__enter__()
    assert dict(seen[0]["headers"])[b"cookie"] == b"sid=1"
    assert seen[0]["query_string"] == b"a=b"


def test_subprotocols_are_offered_and_the_accepted_one_exposed(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        chosen = scope["subprotocols"][-1]
        await send({"type": "websocket.accept", "subprotocol": chosen, "headers": [(b"x", b"1")]})
        await receive()

    client = test_client_factory(app)
    with client.websocket_connect("/", subprotocols=["chat", "superchat"]) as session:
        assert session.accepted_subprotocol == "superchat"
        assert session.extra_headers == [(b"x", b"1")]


def test_accept_without_subprotocol_leaves_it_none(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/") as session:
        assert session.accepted_subprotocol is None
        assert session.extra_headers is None


def test_close_before_accept_raises_on_entry(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.close", "code": 1008, "reason": "go away"})

    session = test_client_factory(app).websocket_connect("/")
    assert isinstance(session, WebSocketTestSession)
    with pytest.raises(WebSocketDisconnect) as info, session:
        pass  # pragma: no cover - never entered
    assert info.value.code == 1008
    assert info.value.reason == "go away"
    # Built from keywords, as Lilya 0.7.5's client builds it: no arguments, an empty str().
    assert (info.value.args, str(info.value)) == ((), "")


def test_app_returning_before_accept_raises_on_entry(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()

    with (
        pytest.raises(WebSocketDisconnect) as info,
        test_client_factory(app).websocket_connect("/"),
    ):
        pass  # pragma: no cover - never entered
    assert info.value.code == 1006


def test_unexpected_first_message_is_reported(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.send", "text": "too early"})
        await receive()  # waits; the client must end it

    with (
        pytest.raises(RuntimeError, match=r"Expected websocket\.accept"),
        test_client_factory(app).websocket_connect("/"),
    ):
        pass  # pragma: no cover - never entered


def test_close_after_accept_raises_on_receive(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": 4000, "reason": "bye"})

    with test_client_factory(app).websocket_connect("/") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
        assert (info.value.code, info.value.reason) == (4000, "bye")
        assert str(info.value) == ""


def test_close_message_is_returned_by_raw_receive(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": 1000})

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive() == {"type": "websocket.close", "code": 1000}


def test_receive_after_the_app_returned_raises_disconnect(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})

    with test_client_factory(app).websocket_connect("/") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_bytes()
        assert info.value.code == 1006


def test_client_close_is_delivered_to_the_app(test_client_factory: ClientFactory) -> None:
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        received.append(await receive())

    with test_client_factory(app).websocket_connect("/") as session:
        session.close(code=4001, reason="done")
    assert received == [{"type": "websocket.disconnect", "code": 4001, "reason": "done"}]


def test_leaving_the_block_sends_disconnect_1000(test_client_factory: ClientFactory) -> None:
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        received.append(await receive())

    with test_client_factory(app).websocket_connect("/"):
        pass
    assert received == [{"type": "websocket.disconnect", "code": 1000, "reason": ""}]


def test_app_still_receiving_after_the_disconnect_is_ended(
    test_client_factory: ClientFactory,
) -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        try:
            while True:  # ignores disconnects: the client must still end it
                events.append((await receive())["type"])
        finally:
            events.append("ended")

    with test_client_factory(app).websocket_connect("/") as session:
        session.send_text("x")
    assert events == ["websocket.receive", "websocket.disconnect", "ended"]


def test_app_that_only_pushes_frames_is_ended_when_the_test_leaves(
    test_client_factory: ClientFactory,
) -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        try:
            for _ in range(10 * FRAME_BUFFER):  # never receives: only the client leaving stops it
                await send({"type": "websocket.send", "text": "tick"})
            await anyio.sleep_forever()
        finally:
            events.append("ended")

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive_text() == "tick"
    assert events == ["ended"]


def test_app_with_concurrent_tasks_is_ended_without_errors(
    test_client_factory: ClientFactory,
) -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})

        async def push() -> None:
            while True:
                await send({"type": "websocket.send", "text": "tick"})

        async def drain() -> None:
            while True:
                await receive()

        try:
            async with anyio.create_task_group() as tg:
                tg.start_soon(push)
                tg.start_soon(drain)
        finally:
            events.append("ended")

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive_text() == "tick"
    assert events == ["ended"]


def test_send_after_the_session_closed_is_an_error(test_client_factory: ClientFactory) -> None:
    with test_client_factory(echo_app).websocket_connect("/") as session:
        pass
    with pytest.raises(RuntimeError, match="closed"):
        session.send_text("late")


def test_denial_response_is_raised_with_status_and_body(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert "websocket.http.response" in scope["extensions"]
        await receive()
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 403,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send(
            {"type": "websocket.http.response.body", "body": b'{"detail":', "more_body": True}
        )
        await send({"type": "websocket.http.response.body", "body": b'"no"}'})

    with (
        pytest.raises(WebSocketDenialResponse) as info,
        test_client_factory(app).websocket_connect("/"),
    ):
        pass  # pragma: no cover - never entered
    denial = info.value
    assert isinstance(denial, httpx.Response)
    assert isinstance(denial, WebSocketDisconnect)
    assert denial.status_code == 403
    assert denial.json() == {"detail": "no"}
    assert denial.headers["content-type"] == "application/json"
    assert "403" in str(denial)


def test_denial_interrupted_by_another_message_is_reported(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.http.response.start", "status": 403, "headers": []})
        await send({"type": "websocket.close"})

    with (
        pytest.raises(RuntimeError, match=r"Expected websocket\.http\.response\.body"),
        test_client_factory(app).websocket_connect("/"),
    ):
        pass  # pragma: no cover - never entered


def test_app_exception_before_accept_raises_on_entry(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise ValueError("handshake bug")

    with (
        pytest.raises(ValueError, match="handshake bug"),
        test_client_factory(app).websocket_connect("/"),
    ):
        pass  # pragma: no cover - never entered


def test_app_exception_surfaces_on_receive(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": "before"})
        raise ValueError("handler bug")

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive_text() == "before"
        with pytest.raises(ValueError, match="handler bug"):
            session.receive_text()


def test_app_exception_not_received_surfaces_on_exit(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        raise ValueError(f"bad frame {message['text']}")

    with (
        pytest.raises(ValueError, match="bad frame x"),
        test_client_factory(app).websocket_connect("/") as session,
    ):
        session.send_text("x")


def test_app_exception_after_the_disconnect_surfaces_on_exit(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await receive()
        raise ValueError("cleanup bug")

    with (
        pytest.raises(ValueError, match="cleanup bug"),
        test_client_factory(app).websocket_connect("/"),
    ):
        pass


def test_app_raising_disconnect_after_client_close_is_a_normal_end(
    test_client_factory: ClientFactory,
) -> None:
    codes: list[int] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        codes.append(message["code"])
        raise WebSocketDisconnect(message["code"])

    with test_client_factory(app).websocket_connect("/"):
        pass
    assert codes == [1000]


def test_app_raising_lilya_websocket_disconnect_after_close_is_a_normal_end(
    test_client_factory: ClientFactory,
) -> None:
    lilya_websockets = pytest.importorskip("lilya.websockets")
    codes: list[int] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        codes.append(message["code"])
        raise lilya_websockets.WebSocketDisconnect(message["code"])

    with test_client_factory(app).websocket_connect("/"):
        pass
    assert codes == [1000]


def test_error_already_raised_in_the_test_is_not_raised_again_on_exit(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        raise KeyError("once")

    with test_client_factory(app).websocket_connect("/") as session:
        with pytest.raises(KeyError):
            session.receive()
        with pytest.raises(KeyError):
            session.receive()


def test_sessions_work_inside_the_lifespan_block(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await receive()
            scope["state"]["greeting"] = "hi"
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": json.dumps(scope["state"])})
        await receive()

    with test_client_factory(app) as client, client.websocket_connect("/") as session:
        assert session.receive_json() == {"greeting": "hi"}


def test_disconnect_repr_shows_code_and_reason() -> None:
    """Lilya 0.7.5: Exception's own repr over the arguments given."""
    assert repr(WebSocketDisconnect(1001, "away")) == "WebSocketDisconnect(1001, 'away')"
    assert WebSocketDisconnect().reason == ""
