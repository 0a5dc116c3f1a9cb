from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.routing import Path
from lilya.sse import EventStreamResponse, ServerSentEvent
from lilya.testclient._events import parse_event_block
from lilya.types import Receive, Scope, Send

Factory = Callable[..., Any]


def test_a_block_with_every_field_is_parsed() -> None:
    block = ": note\nevent: greeting\nid: 7\nretry: 3000\ndata: one\ndata: two"
    assert parse_event_block(block) == ServerSentEvent(
        data="one\ntwo", event="greeting", id="7", retry=3000, comment="note"
    )


def test_one_leading_space_of_a_value_is_dropped() -> None:
    assert parse_event_block("data:  two spaces\ndata:none").data == " two spaces\nnone"


def test_unknown_fields_and_a_bad_retry_are_ignored() -> None:
    assert parse_event_block("retry: soon\nfoo: bar\ndata") == ServerSentEvent(data="")


def body_app(*chunks: bytes) -> Callable[[Scope, Receive, Send], Any]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for chunk in chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    return app


def test_events_cut_across_chunks_are_joined(test_client_factory: Factory) -> None:
    app = body_app(b"data: h", "é\r".encode(), b"\n\r\ndata: b\n", b"\n")
    with test_client_factory(app).stream_events("/") as stream:
        assert [event.data for event in stream] == ["hé", "b"]


def test_a_last_block_without_its_blank_line_is_dropped(test_client_factory: Factory) -> None:
    """An EventSource dispatches an event only at a blank line."""
    app = body_app(b"data: a\n\ndata: cut")
    with test_client_factory(app).stream_events("/") as stream:
        assert [event.data for event in stream] == ["a"]


def test_an_app_that_sends_nothing_is_an_error(test_client_factory: Factory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        return None

    with pytest.raises(RuntimeError, match="without sending a response"):
        test_client_factory(app).stream_events("/").__enter__()


def test_the_request_body_reaches_the_app(test_client_factory: Factory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        body = (await receive())["body"]
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"data: " + body + b"\n\n"})

    client = test_client_factory(app)
    with client.stream_events("/", method="POST", content=b"sent") as stream:
        assert stream.response.status_code == 201
        assert next(stream).data == "sent"


def test_waiting_too_long_for_an_event_fails(test_client_factory: Factory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        message = await receive()
        while message["type"] != "http.disconnect":
            message = await receive()

    with (
        test_client_factory(app).stream_events("/", timeout=0.05) as stream,
        pytest.raises(TimeoutError),
    ):
        next(stream)


def test_what_the_app_sends_after_the_disconnect_is_dropped(
    test_client_factory: Factory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        while (await receive())["type"] != "http.disconnect":
            pass
        await send({"type": "http.response.body", "body": b"data: late\n\n"})

    with test_client_factory(app).stream_events("/") as stream:
        assert stream.response.status_code == 200


def test_the_stream_works_inside_the_clients_lifespan(test_client_factory: Factory) -> None:
    app = Lilya(routes=[Path("/", lambda: EventStreamResponse(["x"]))])
    with test_client_factory(app) as client, client.stream_events("/") as stream:
        assert next(stream).data == "x"
