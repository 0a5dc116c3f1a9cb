"""The Redis backend: pub/sub through a Redis server, so every worker and machine gets each event.

One connection per process publishes, one more listens to every channel this process has
subscribers for; `Broadcast` fans each event out to the local subscribers. redis-py's client
(`redis.asyncio`, the `redis` extra) is built on asyncio: on trio, connecting refuses with a
clear error at startup.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
from anyio.abc import TaskGroup

from lilya.broadcast._base import Deliver, Event, Fail
from lilya.exceptions import ImproperlyConfigured, MissingDependency

__all__ = ["RedisBackend"]

# How long a subscription waits for the server's confirmation before failing.
SUBSCRIBE_TIMEOUT = 10.0
# The pause before listening again after the connection to Redis failed.
RECONNECT_DELAY = 1.0


def _text(value: Any) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def _require_asyncio() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        raise ImproperlyConfigured(
            "The Redis broadcast backend runs on asyncio only (redis-py's client is built on "
            "asyncio) and this app runs on another event loop (trio?). Serve it on asyncio, "
            "or use Broadcast('memory://') for a single process."
        ) from None


class RedisBackend:
    """Broadcast through Redis pub/sub (`redis://host:port/db`, `rediss://` for TLS).

    Messages published while a process is not subscribed, or while its connection to Redis
    is down, are not replayed (pub/sub keeps nothing): an SSE stream can resume from
    `Last-Event-ID` against a store of its own.
    """

    def __init__(self, url: str) -> None:
        try:
            import redis.asyncio  # noqa: F401  # checked now, so the error names the extra
        except ModuleNotFoundError as exc:
            if exc.name not in ("redis", "redis.asyncio"):  # pragma: no cover - broken install
                raise
            raise MissingDependency(
                "The Redis broadcast backend needs redis-py: install the `redis` extra of "
                "lilya-toolkit (`pip install 'lilya-toolkit[redis]'`) or `pip install redis`."
            ) from exc
        self.url = url
        self._client: Any = None
        self._pubsub: Any = None
        self._deliver: Deliver | None = None
        self._fail: Fail | None = None
        self._listening = anyio.Event()
        self._confirmations: dict[str, anyio.Event] = {}

    async def connect(self, deliver: Deliver, fail: Fail, tasks: TaskGroup) -> None:
        """Check the loop and that Redis answers, then start the listener."""
        _require_asyncio()
        import redis.asyncio

        client = redis.asyncio.Redis.from_url(self.url)
        try:
            await client.ping()
        except BaseException:
            await client.aclose()
            raise
        self._client = client
        self._pubsub = client.pubsub()
        self._deliver = deliver
        self._fail = fail
        self._listening = anyio.Event()
        tasks.start_soon(self._listen)

    async def disconnect(self) -> None:
        pubsub, client, self._pubsub, self._client = self._pubsub, self._client, None, None
        if pubsub is not None:
            await pubsub.aclose()
        if client is not None:
            await client.aclose()

    async def subscribe(self, channel: str) -> None:
        """Subscribe and wait for Redis to confirm: from then on, no publish is missed."""
        confirmed = self._confirmations[channel] = anyio.Event()
        await self._pubsub.subscribe(channel)
        self._listening.set()
        with anyio.fail_after(SUBSCRIBE_TIMEOUT):
            await confirmed.wait()

    async def unsubscribe(self, channel: str) -> None:
        import redis.exceptions

        self._confirmations.pop(channel, None)
        try:
            await self._pubsub.unsubscribe(channel)
        except (redis.exceptions.ConnectionError, OSError):
            pass  # the connection is gone, and the subscription with it

    async def publish(self, channel: str, message: str) -> None:
        await self._client.publish(channel, message)

    async def _listen(self) -> None:
        # The pub/sub connection exists once something subscribed.
        await self._listening.wait()
        while True:
            try:
                await self._read_messages()
            except Exception as exc:
                if self._fail is not None:
                    self._fail(exc)
                # redis-py reconnects on the next read and subscribes again to its channels.
                await anyio.sleep(RECONNECT_DELAY)

    async def _read_messages(self) -> None:
        while True:
            message = await self._pubsub.get_message(timeout=None)
            if message is None:  # pragma: no cover - only without a timeout of None
                continue
            kind = message["type"]
            if kind == "message":
                assert self._deliver is not None
                self._deliver(Event(_text(message["channel"]), _text(message["data"])))
            elif kind == "subscribe":
                confirmed = self._confirmations.get(_text(message["channel"]))
                if confirmed is not None:
                    confirmed.set()
