"""Broadcast through a real redis-server (asyncio: redis-py's client is asyncio's), and the
clear refusal on trio."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import anyio
import pytest

from lilya.apps import Lilya
from lilya.broadcast import Broadcast, BroadcastError
from lilya.broadcast.redis import RedisBackend
from lilya.exceptions import ImproperlyConfigured, MissingDependency
from tests.redis_server import running_redis
from tests.servers import free_port

pytest.importorskip("redis.asyncio", reason="redis-py is not installed (the `redis` extra)")

asyncio_only = pytest.mark.parametrize("anyio_backend", ["asyncio"])


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with running_redis() as url:
        yield url


@pytest.mark.anyio
@asyncio_only
async def test_a_subscriber_receives_what_is_published(redis_url: str) -> None:
    async with Broadcast(redis_url) as broadcast, broadcast.subscribe("news") as subscriber:
        await broadcast.publish("news", "héllo")
        with anyio.fail_after(5):
            event = await subscriber.get()
    assert (event.channel, event.message) == ("news", "héllo")


@pytest.mark.anyio
@asyncio_only
async def test_a_message_reaches_the_subscribers_of_another_connection(redis_url: str) -> None:
    """Two Broadcast objects stand for two workers: Redis carries the message across."""
    async with (
        Broadcast(redis_url) as worker_one,
        Broadcast(redis_url) as worker_two,
        worker_two.subscribe("room") as first,
        worker_two.subscribe("room") as second,
    ):
        await worker_one.publish("room", "across")
        with anyio.fail_after(5):
            assert (await first.get()).message == (await second.get()).message == "across"


@pytest.mark.anyio
@asyncio_only
async def test_a_channel_left_by_all_is_unsubscribed_in_redis(redis_url: str) -> None:
    async with Broadcast(redis_url) as broadcast:
        async with broadcast.subscribe("news"):
            assert await broadcast.backend._client.pubsub_numsub("news") == [(b"news", 1)]  # type: ignore[attr-defined]
        with anyio.fail_after(5):
            while await broadcast.backend._client.pubsub_numsub("news") != [(b"news", 0)]:  # type: ignore[attr-defined]
                await anyio.sleep(0.01)


@pytest.mark.anyio
@asyncio_only
async def test_a_channel_subscribed_again_receives_again(redis_url: str) -> None:
    async with Broadcast(redis_url) as broadcast:
        async with broadcast.subscribe("news"):
            pass
        async with broadcast.subscribe("news") as subscriber:
            await broadcast.publish("news", "again")
            with anyio.fail_after(5):
                assert (await subscriber.get()).message == "again"


@pytest.mark.anyio
@asyncio_only
async def test_an_unreachable_redis_fails_at_connect() -> None:
    import redis.exceptions

    broadcast = Broadcast(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(redis.exceptions.ConnectionError):
        await broadcast.connect()
    assert not broadcast.is_connected


@pytest.mark.anyio
@asyncio_only
async def test_a_lost_connection_ends_subscriptions_with_an_error() -> None:
    with running_redis() as url:
        broadcast = Broadcast(url)
        await broadcast.connect()
        subscription = broadcast.subscribe("news")
        subscriber = await subscription.__aenter__()
    # The server is stopped now.
    with anyio.fail_after(5), pytest.raises(BroadcastError):
        await subscriber.get()
    await subscription.__aexit__(None, None, None)  # unsubscribing a dead connection is quiet
    await broadcast.disconnect()


@pytest.mark.anyio
@asyncio_only
async def test_subscriptions_work_again_once_redis_is_back() -> None:
    import redis.exceptions

    port = free_port()
    with running_redis(port) as url:
        broadcast = Broadcast(url)
        await broadcast.connect()
        async with broadcast.subscribe("news") as subscriber:
            pass
    try:
        with running_redis(port):
            with anyio.fail_after(10):
                while True:  # the listener noticed the loss; it retries every second
                    try:
                        async with broadcast.subscribe("news") as subscriber:
                            await broadcast.publish("news", "back")
                            assert (await subscriber.get()).message == "back"
                            break
                    except (BroadcastError, redis.exceptions.ConnectionError, TimeoutError):
                        await anyio.sleep(0.1)
    finally:
        await broadcast.disconnect()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_redis_on_trio_is_refused_at_startup() -> None:
    broadcast = Broadcast("redis://127.0.0.1:6379/0")
    with pytest.raises(ImproperlyConfigured, match="asyncio only"):
        await broadcast.connect()


def test_a_trio_app_with_redis_fails_its_startup() -> None:
    from lilya.testclient import TestClient

    broadcast = Broadcast("redis://127.0.0.1:6379/0")
    app = Lilya(on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])
    with pytest.raises(ImproperlyConfigured, match="memory://"), TestClient(app, backend="trio"):
        pass  # pragma: no cover


def test_without_redis_py_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    with pytest.raises(MissingDependency, match=r"lilya-toolkit\[redis\]"):
        RedisBackend("redis://localhost")


def test_rediss_urls_pick_redis_too() -> None:
    assert isinstance(Broadcast("rediss://cache.example:6380/1").backend, RedisBackend)
