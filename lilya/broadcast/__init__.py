"""Broadcast channels: publish a message once, every subscriber of its channel receives it.

    broadcast = Broadcast(os.environ.get("LILYA_BROADCAST_URL", "memory://"))
    app = Lilya(routes=..., on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])

    await broadcast.publish("room:lobby", "hello")
    async with broadcast.subscribe("room:lobby") as subscriber:
        async for event in subscriber:
            ...  # event.channel, event.message

The URL picks the backend: `memory://` (one process, the default) or `redis://host:port/db`
(every worker and machine connected to the same Redis). Usable from HTTP handlers, event
streams (lilya.sse) and WebSockets alike.

Slow subscribers: each subscriber has a bounded queue (`max_queue` events). When it is full,
the oldest event is dropped to make room for the new one and `subscriber.dropped` counts it:
a reader that cannot keep up loses old events instead of growing memory, and publishers never
wait for it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from types import TracebackType
from urllib.parse import urlsplit

import anyio

from lilya.broadcast._base import BroadcastBackend, Event
from lilya.broadcast.memory import MemoryBackend
from lilya.exceptions import ImproperlyConfigured

__all__ = [
    "Broadcast",
    "BroadcastBackend",
    "BroadcastError",
    "Event",
    "MemoryBackend",
    "Subscriber",
    "backend_for_url",
]

DEFAULT_MAX_QUEUE = 1000


class BroadcastError(Exception):
    """The backend failed (its connection dropped, say): the subscription may have lost events.

    Raised by a subscriber's iteration. A WebSocket handler may close, an SSE stream may end
    so the browser reconnects and resumes from `Last-Event-ID`.
    """


def backend_for_url(url: str) -> BroadcastBackend:
    """The backend a URL names: `memory://`, or `redis://` / `rediss://`."""
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        return MemoryBackend()
    if scheme in ("redis", "rediss"):
        from lilya.broadcast.redis import RedisBackend

        return RedisBackend(url)
    raise ImproperlyConfigured(
        f"Unknown broadcast URL {url!r}: use memory:// or redis://host:port/db (rediss:// for TLS)."
    )


class Subscriber:
    """The receiving end of one subscription: iterate it for the channel's events.

    One task reads a subscriber. `dropped` counts the events lost because its queue was full.
    Iteration ends when the subscription is left or the broadcast disconnects, and raises
    BroadcastError when the backend failed.
    """

    __slots__ = ("_error", "_queue", "_wakeup", "channel", "closed", "dropped")

    def __init__(self, channel: str, max_queue: int) -> None:
        self.channel = channel
        self.dropped = 0
        self.closed = False
        self._queue: deque[Event] = deque(maxlen=max_queue)
        self._wakeup: anyio.Event | None = None
        self._error: Exception | None = None

    def put(self, event: Event) -> None:
        """Queue `event` without waiting, dropping the oldest one when the queue is full."""
        if self.closed:
            return
        queue = self._queue
        if len(queue) == queue.maxlen:
            self.dropped += 1
        queue.append(event)
        self._wake()

    def close(self, error: Exception | None = None) -> None:
        """End the iteration once the queued events are read (with `error`, at once)."""
        self.closed = True
        if error is not None:
            self._error = error
            self._queue.clear()
        self._wake()

    def _wake(self) -> None:
        wakeup = self._wakeup
        if wakeup is not None:
            self._wakeup = None
            wakeup.set()

    async def get(self) -> Event:
        """The next event; waits for one. Raises anyio.EndOfStream once closed."""
        while not self._queue:
            if self._error is not None:
                raise BroadcastError(f"The broadcast backend failed: {self._error}") from (
                    self._error
                )
            if self.closed:
                raise anyio.EndOfStream
            self._wakeup = wakeup = anyio.Event()
            await wakeup.wait()
        return self._queue.popleft()

    def __aiter__(self) -> Subscriber:
        return self

    async def __anext__(self) -> Event:
        try:
            return await self.get()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None


class Broadcast:
    """Publish/subscribe channels over a backend picked by `url`.

    Connect it in the app's lifespan (`on_startup=[broadcast.connect]`,
    `on_shutdown=[broadcast.disconnect]`, or `async with broadcast:` in a lifespan context).
    `max_queue` bounds each subscriber's queue (see the module's note on slow subscribers).
    """

    def __init__(
        self,
        url: str = "memory://",
        *,
        max_queue: int = DEFAULT_MAX_QUEUE,
        backend: BroadcastBackend | None = None,
    ) -> None:
        if max_queue < 1:
            raise ImproperlyConfigured("A broadcast's max_queue must be at least 1.")
        self.url = url
        self.max_queue = max_queue
        self.backend = backend if backend is not None else backend_for_url(url)
        self._channels: dict[str, set[Subscriber]] = {}
        # Channels whose backend subscription is under way: set once it succeeded or failed.
        self._pending: dict[str, anyio.Event] = {}
        self._lock = anyio.Lock()
        self._stack: AsyncExitStack | None = None

    @property
    def is_connected(self) -> bool:
        return self._stack is not None

    async def connect(self) -> None:
        """Open the backend (and its reader task). Call it at startup."""
        if self._stack is not None:
            raise RuntimeError("The broadcast is connected already.")
        failure: Exception | None = None
        async with AsyncExitStack() as stack:
            tasks = await stack.enter_async_context(anyio.create_task_group())
            stack.callback(tasks.cancel_scope.cancel)
            try:
                await self.backend.connect(self._deliver, self._fail, tasks)
            except Exception as exc:
                # Raised below as itself, not inside the task group's ExceptionGroup.
                failure = exc
            else:
                stack.push_async_callback(self.backend.disconnect)
                self._stack = stack.pop_all()
        if failure is not None:
            raise failure

    async def disconnect(self) -> None:
        """End every subscription and close the backend. Call it at shutdown."""
        stack, self._stack = self._stack, None
        for subscribers in self._channels.values():
            for subscriber in subscribers:
                subscriber.close()
        if stack is not None:
            await stack.aclose()

    async def __aenter__(self) -> Broadcast:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.disconnect()

    async def publish(self, channel: str, message: str) -> None:
        """Send `message` to every subscriber of `channel` (in every process, on Redis)."""
        self._check_connected()
        await self.backend.publish(channel, message)

    @asynccontextmanager
    async def subscribe(
        self, channel: str, *, max_queue: int | None = None
    ) -> AsyncIterator[Subscriber]:
        """Receive the events of `channel` published from now on, until the block is left."""
        self._check_connected()
        subscriber = Subscriber(channel, max_queue or self.max_queue)
        subscribers = await self._join(channel, subscriber)
        try:
            yield subscriber
        finally:
            subscriber.close()
            subscribers.discard(subscriber)
            if not subscribers and self._channels.get(channel) is subscribers:
                del self._channels[channel]
                if self.is_connected:
                    # Shielded: a subscription is usually left because its task is cancelled
                    # (the client went away), and the channel must still be released.
                    with anyio.CancelScope(shield=True):
                        async with self._lock:
                            await self.backend.unsubscribe(channel)

    async def _join(self, channel: str, subscriber: Subscriber) -> set[Subscriber]:
        """Add `subscriber` to the channel, subscribing the backend first if needed.

        A channel is delivered to only once the backend confirmed it; others joining meanwhile
        wait for that (and try themselves if it failed).
        """
        while True:
            subscribers = self._channels.get(channel)
            if subscribers is not None:
                subscribers.add(subscriber)
                return subscribers
            pending = self._pending.get(channel)
            if pending is not None:
                await pending.wait()
                continue
            self._pending[channel] = done = anyio.Event()
            try:
                async with self._lock:
                    await self.backend.subscribe(channel)
            finally:
                del self._pending[channel]
                done.set()
            subscribers = self._channels[channel] = {subscriber}
            return subscribers

    def _check_connected(self) -> None:
        if self._stack is None:
            raise RuntimeError(
                "The broadcast is not connected: connect it in the app's lifespan "
                "(on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])."
            )

    def _deliver(self, event: Event) -> None:
        subscribers = self._channels.get(event.channel)
        if subscribers:
            for subscriber in subscribers:
                subscriber.put(event)

    def _fail(self, error: Exception) -> None:
        for subscribers in self._channels.values():
            for subscriber in subscribers:
                subscriber.close(error)
