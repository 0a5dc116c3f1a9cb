"""Broadcast over the memory backend, on asyncio and trio."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest

from lilya.apps import Lilya
from lilya.broadcast import Broadcast, BroadcastError, Event, MemoryBackend, backend_for_url
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path, WebSocketPath
from lilya.sse import EventStreamResponse
from lilya.websockets import WebSocket

pytestmark = pytest.mark.anyio
Factory = Callable[..., Any]


async def test_a_subscriber_receives_what_is_published_on_its_channel() -> None:
    async with Broadcast() as broadcast, broadcast.subscribe("news") as subscriber:
        await broadcast.publish("news", "hello")
        assert await subscriber.get() == Event("news", "hello")


async def test_every_subscriber_of_a_channel_receives_each_message() -> None:
    async with (
        Broadcast() as broadcast,
        broadcast.subscribe("news") as first,
        broadcast.subscribe("news") as second,
    ):
        await broadcast.publish("news", "hello")
        assert (await first.get()).message == (await second.get()).message == "hello"


async def test_other_channels_are_not_received() -> None:
    async with Broadcast() as broadcast, broadcast.subscribe("news") as subscriber:
        await broadcast.publish("sport", "goal")
        await broadcast.publish("news", "headline")
        assert (await subscriber.get()).message == "headline"


async def test_a_subscriber_is_iterated_until_the_broadcast_disconnects() -> None:
    broadcast = Broadcast()
    await broadcast.connect()
    received: list[str] = []
    async with broadcast.subscribe("news") as subscriber:
        await broadcast.publish("news", "one")
        await broadcast.publish("news", "two")
        await broadcast.disconnect()
        async for event in subscriber:
            received.append(event.message)
    assert received == ["one", "two"]


async def test_a_slow_subscriber_loses_the_oldest_events_and_counts_them() -> None:
    async with Broadcast(max_queue=2) as broadcast, broadcast.subscribe("news") as subscriber:
        for number in range(5):
            await broadcast.publish("news", str(number))
        assert subscriber.dropped == 3
        assert [(await subscriber.get()).message for _ in range(2)] == ["3", "4"]


async def test_a_subscription_may_set_its_own_queue_size() -> None:
    async with Broadcast() as broadcast, broadcast.subscribe("news", max_queue=1) as subscriber:
        await broadcast.publish("news", "old")
        await broadcast.publish("news", "new")
        assert ((await subscriber.get()).message, subscriber.dropped) == ("new", 1)


async def test_a_waiting_subscriber_wakes_up_on_publish() -> None:
    async with Broadcast() as broadcast, broadcast.subscribe("news") as subscriber:
        received: list[str] = []

        async def read() -> None:
            received.append((await subscriber.get()).message)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(read)
            await anyio.wait_all_tasks_blocked()
            await broadcast.publish("news", "wake")
        assert received == ["wake"]


async def test_leaving_the_subscription_releases_the_channel() -> None:
    class Recording(MemoryBackend):
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[str] = []

        async def subscribe(self, channel: str) -> None:
            self.calls.append(f"subscribe {channel}")

        async def unsubscribe(self, channel: str) -> None:
            self.calls.append(f"unsubscribe {channel}")

    backend = Recording()
    async with Broadcast(backend=backend) as broadcast:
        async with broadcast.subscribe("news"), broadcast.subscribe("news"):
            pass
        await broadcast.publish("news", "nobody listens")
    assert backend.calls == ["subscribe news", "unsubscribe news"]


async def test_a_cancelled_reader_still_releases_the_channel() -> None:
    calls: list[str] = []

    class Recording(MemoryBackend):
        async def unsubscribe(self, channel: str) -> None:
            await anyio.sleep(0)  # an await, as Redis needs, under a cancelled task
            calls.append(channel)

    async with Broadcast(backend=Recording()) as broadcast:
        with anyio.move_on_after(0.01):
            async with broadcast.subscribe("news") as subscriber:
                await subscriber.get()
    assert calls == ["news"]


async def test_a_second_subscriber_waits_for_the_backend_subscription() -> None:
    """Joining a channel whose backend subscription is under way returns only once it is
    confirmed: from then on, no message is missed."""
    release = anyio.Event()
    calls: list[str] = []

    class Slow(MemoryBackend):
        async def subscribe(self, channel: str) -> None:
            calls.append(channel)
            await release.wait()

    entered: list[str] = []
    leave = anyio.Event()
    async with Broadcast(backend=Slow()) as broadcast:

        async def member(name: str) -> None:
            async with broadcast.subscribe("news"):
                entered.append(name)
                await leave.wait()

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(member, "first")
            tasks.start_soon(member, "second")
            await anyio.wait_all_tasks_blocked()
            assert entered == []
            release.set()
            await anyio.wait_all_tasks_blocked()
            assert (sorted(entered), calls) == (["first", "second"], ["news"])
            leave.set()


async def test_a_waiting_subscriber_tries_itself_when_the_first_attempt_failed() -> None:
    attempts: list[str] = []

    class FailsOnce(MemoryBackend):
        async def subscribe(self, channel: str) -> None:
            attempts.append(channel)
            await anyio.sleep(0)
            if len(attempts) == 1:
                raise ConnectionError("down")

    outcomes: list[str] = []
    async with Broadcast(backend=FailsOnce()) as broadcast:

        async def member() -> None:
            try:
                async with broadcast.subscribe("news"):
                    outcomes.append("joined")
            except ConnectionError:
                outcomes.append("failed")

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(member)
            tasks.start_soon(member)
    assert (sorted(outcomes), len(attempts)) == (["failed", "joined"], 2)


async def test_a_failing_backend_subscription_leaves_nothing_behind() -> None:
    class Failing(MemoryBackend):
        async def subscribe(self, channel: str) -> None:
            raise ConnectionError("down")

    async with Broadcast(backend=Failing()) as broadcast:
        with pytest.raises(ConnectionError):
            async with broadcast.subscribe("news"):
                pass  # pragma: no cover
        with pytest.raises(ConnectionError):
            async with broadcast.subscribe("news"):
                pass  # pragma: no cover


async def test_a_backend_failure_ends_the_iteration_with_an_error() -> None:
    async with Broadcast() as broadcast, broadcast.subscribe("news") as subscriber:
        await broadcast.publish("news", "lost")
        broadcast._fail(ConnectionError("connection dropped"))
        with pytest.raises(BroadcastError, match="connection dropped"):
            async for _ in subscriber:
                pass  # pragma: no cover
        await broadcast.publish("news", "after the failure")
        with pytest.raises(BroadcastError):
            await subscriber.get()


async def test_publishing_before_connecting_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not connected"):
        await Broadcast().publish("news", "early")


async def test_subscribing_before_connecting_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not connected"):
        async with Broadcast().subscribe("news"):
            pass  # pragma: no cover


async def test_connecting_twice_is_refused() -> None:
    async with Broadcast() as broadcast:
        with pytest.raises(RuntimeError, match="connected already"):
            await broadcast.connect()
    assert not broadcast.is_connected


def test_an_unknown_url_scheme_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="memory://"):
        backend_for_url("kafka://broker")


def test_a_queue_of_no_events_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="max_queue"):
        Broadcast(max_queue=0)


def test_memory_is_the_default_backend() -> None:
    assert isinstance(Broadcast().backend, MemoryBackend)


def app_with(broadcast: Broadcast) -> Lilya:
    async def publish(request: Request) -> PlainText:
        await broadcast.publish("room", (await request.body()).decode())
        return PlainText("sent")

    async def feed() -> EventStreamResponse:
        async def events() -> AsyncIterator[str]:
            async with broadcast.subscribe("room") as subscriber:
                yield "joined"
                async for event in subscriber:
                    yield event.message

        return EventStreamResponse(events())

    async def socket(websocket: WebSocket) -> None:
        # Reads the socket too: that is how the handler learns that its client left.
        await websocket.accept()
        async with broadcast.subscribe("room") as subscriber, anyio.create_task_group() as tasks:

            async def forward() -> None:
                async for event in subscriber:
                    await websocket.send_text(event.message)

            tasks.start_soon(forward)
            await websocket.send_text("joined")
            async for text in websocket.iter_text():
                await broadcast.publish("room", text)
            tasks.cancel_scope.cancel()

    return Lilya(
        routes=[
            Path("/publish", publish, methods=["POST"]),
            Path("/feed", feed),
            WebSocketPath("/ws", socket),
        ],
        on_startup=[broadcast.connect],
        on_shutdown=[broadcast.disconnect],
    )


def test_http_sse_and_websocket_share_a_channel(test_client_factory: Factory) -> None:
    broadcast = Broadcast()
    with (
        test_client_factory(app_with(broadcast)) as client,
        client.websocket_connect("/ws") as websocket,
        client.stream_events("/feed") as stream,
    ):
        assert websocket.receive_text() == "joined"
        assert next(stream).data == "joined"
        assert client.post("/publish", content=b"hello").text == "sent"
        assert websocket.receive_text() == "hello"
        assert next(stream).data == "hello"
        websocket.send_text("from the socket")
        assert websocket.receive_text() == "from the socket"
        assert next(stream).data == "from the socket"


def test_a_closed_event_stream_leaves_its_subscription(test_client_factory: Factory) -> None:
    broadcast = Broadcast()
    with test_client_factory(app_with(broadcast)) as client:
        with client.stream_events("/feed") as stream:
            next(stream)
            assert broadcast._channels.keys() == {"room"}
        assert broadcast._channels == {}


def test_a_lifespan_context_may_hold_the_connection(test_client_factory: Factory) -> None:
    broadcast = Broadcast()

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        async with broadcast:
            yield

    with test_client_factory(Lilya(lifespan=lifespan)):
        assert broadcast.is_connected
    assert not broadcast.is_connected
