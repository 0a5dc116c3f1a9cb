from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.compression import GZipMiddleware
from lilya.requests import Request
from lilya.routing import Path
from lilya.sse import EventStreamResponse, ServerSentEvent, last_event_id

Factory = Callable[..., Any]


def app_of(handler: Callable[..., Any], **kwargs: Any) -> Lilya:
    return Lilya(routes=[Path("/events", handler)], **kwargs)


def test_an_event_with_every_field_goes_out_in_order() -> None:
    event = ServerSentEvent(data="hi", event="greeting", id="7", retry=3000, comment="note")
    assert event.encode() == b": note\nevent: greeting\nid: 7\nretry: 3000\ndata: hi\n\n"


def test_each_line_of_multi_line_data_is_its_own_data_field() -> None:
    assert ServerSentEvent(data="one\ntwo\r\nthree\rfour").encode() == (
        b"data: one\ndata: two\ndata: three\ndata: four\n\n"
    )


def test_a_multi_line_comment_is_one_comment_line_each() -> None:
    assert ServerSentEvent(comment="a\nb").encode() == b": a\n: b\n\n"


def test_json_data_is_encoded() -> None:
    assert ServerSentEvent(data={"n": 1}).encode() == b'data: {"n":1}\n\n'


def test_bytes_data_is_read_as_utf8() -> None:
    assert ServerSentEvent(data="é".encode()).encode() == "data: é\n\n".encode()


def test_empty_data_still_sends_a_data_field() -> None:
    assert ServerSentEvent(data="").encode() == b"data: \n\n"


@pytest.mark.parametrize("field", ["event", "id"])
def test_a_line_break_in_event_or_id_is_refused(field: str) -> None:
    with pytest.raises(ValueError, match="line break"):
        ServerSentEvent(data="x", **{field: "a\nretry: 1"})  # type: ignore[arg-type]


def test_a_nul_in_the_id_is_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        ServerSentEvent(id="a\0b")


@pytest.mark.parametrize("retry", [-1, 1.5, True, "10"])
def test_retry_must_be_a_whole_number_of_milliseconds(retry: Any) -> None:
    with pytest.raises(ValueError, match="retry"):
        ServerSentEvent(retry=retry)


def test_the_stream_has_the_event_stream_headers(test_client_factory: Factory) -> None:
    async def events() -> AsyncIterator[str]:
        yield "x"

    app = app_of(lambda: EventStreamResponse(events()))
    response = test_client_factory(app).get("/events")
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    assert "content-length" not in response.headers


def test_headers_given_by_the_handler_win(test_client_factory: Factory) -> None:
    app = app_of(lambda: EventStreamResponse([], headers={"Cache-Control": "no-store"}))
    assert test_client_factory(app).get("/events").headers["cache-control"] == "no-store"


def test_items_that_are_not_events_become_data(test_client_factory: Factory) -> None:
    async def events() -> AsyncIterator[Any]:
        yield "text"
        yield {"n": 1}
        yield ServerSentEvent(data="named", event="kind")

    app = app_of(lambda: EventStreamResponse(events()))
    body = test_client_factory(app).get("/events").text
    assert body == 'data: text\n\ndata: {"n":1}\n\nevent: kind\ndata: named\n\n'


def test_a_sync_iterator_is_streamed_too(test_client_factory: Factory) -> None:
    def events() -> Iterator[str]:
        yield "a"
        yield "b"

    app = app_of(lambda: EventStreamResponse(events()))
    assert test_client_factory(app).get("/events").text == "data: a\n\ndata: b\n\n"


def test_events_are_read_as_they_arrive(test_client_factory: Factory) -> None:
    """The stream never ends; the test reads the first events and leaves."""

    async def events() -> AsyncIterator[ServerSentEvent]:
        number = 0
        while True:
            number += 1
            yield ServerSentEvent(data=f"tick {number}", id=str(number))
            await anyio.sleep(0)

    app = app_of(lambda: EventStreamResponse(events()))
    with test_client_factory(app).stream_events("/events") as stream:
        assert stream.response.status_code == 200
        first, second = next(stream), next(stream)
    assert (first.data, first.id) == ("tick 1", "1")
    assert (second.data, second.id) == ("tick 2", "2")


def test_a_disconnect_closes_the_generator(test_client_factory: Factory) -> None:
    closed: list[bool] = []

    async def events() -> AsyncIterator[str]:
        try:
            yield "hello"
            await anyio.sleep_forever()
        finally:
            closed.append(True)

    app = app_of(lambda: EventStreamResponse(events()))
    with test_client_factory(app).stream_events("/events") as stream:
        assert next(stream).data == "hello"
        assert closed == []
    assert closed == [True]


def test_a_generator_parked_at_a_yield_is_closed_and_may_await_in_cleanup(
    test_client_factory: Factory,
) -> None:
    """A generator that never awaits is parked at a yield when the client leaves: it is
    closed there, and its cleanup (leaving a Redis subscription, say) may still await.
    (A generator waiting inside an await is cancelled there, as anyio does everywhere: its
    cleanup awaits under a shielded scope; Broadcast.subscribe does.)"""
    cleaned: list[str] = []

    async def events() -> AsyncIterator[str]:
        try:
            while True:
                yield "fast"
        finally:
            await anyio.sleep(0)
            cleaned.append("done")

    app = app_of(lambda: EventStreamResponse(events()))
    with test_client_factory(app).stream_events("/events") as stream:
        next(stream)
    assert cleaned == ["done"]


def test_a_silent_stream_sends_keep_alive_comments(test_client_factory: Factory) -> None:
    async def events() -> AsyncIterator[str]:
        await anyio.sleep_forever()
        yield "never"  # pragma: no cover

    app = app_of(lambda: EventStreamResponse(events(), ping_interval=0.01, ping_comment="alive"))
    with test_client_factory(app).stream_events("/events") as stream:
        ping = next(stream)
    assert (ping.comment, ping.data) == ("alive", None)


def test_the_stream_ends_when_the_generator_ends(test_client_factory: Factory) -> None:
    async def events() -> AsyncIterator[str]:
        yield "only"

    app = app_of(lambda: EventStreamResponse(events(), ping_interval=None))
    with test_client_factory(app).stream_events("/events") as stream:
        assert [event.data for event in stream] == ["only"]


def test_an_error_in_the_generator_reaches_the_app(test_client_factory: Factory) -> None:
    async def events() -> AsyncIterator[str]:
        yield "first"
        raise LookupError("gone")

    app = app_of(lambda: EventStreamResponse(events()))
    with pytest.raises(LookupError, match="gone"):
        test_client_factory(app).get("/events")


def test_the_handler_reads_the_last_event_id(test_client_factory: Factory) -> None:
    async def resume(request: Request) -> EventStreamResponse:
        after = int(last_event_id(request) or 0)
        return EventStreamResponse([ServerSentEvent(data="next", id=str(after + 1))])

    client = test_client_factory(app_of(resume))
    assert "id: 6\n" in client.get("/events", headers={"Last-Event-ID": "5"}).text
    assert "id: 1\n" in client.get("/events").text


def test_an_empty_last_event_id_is_none(test_client_factory: Factory) -> None:
    seen: list[str | None] = []

    def handler(request: Request) -> EventStreamResponse:
        seen.append(last_event_id(request))
        return EventStreamResponse([])

    test_client_factory(app_of(handler)).get("/events", headers={"Last-Event-ID": ""})
    assert seen == [None]


def test_gzip_leaves_an_event_stream_uncompressed(test_client_factory: Factory) -> None:
    app = app_of(
        lambda: EventStreamResponse(["x" * 2000]),
        middleware=[DefineMiddleware(GZipMiddleware, minimum_size=10)],
    )
    response = test_client_factory(app).get("/events", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert response.text == "data: " + "x" * 2000 + "\n\n"


def test_a_head_request_gets_the_headers_only(test_client_factory: Factory) -> None:
    app = Lilya(routes=[Path("/events", lambda: EventStreamResponse(["x"]), methods=["HEAD"])])
    response = test_client_factory(app).head("/events")
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.content == b""
