"""Server-sent events: a response that streams events to an EventSource as they happen.

`EventStreamResponse` wraps a sync or async iterator of `ServerSentEvent` items (plain str,
bytes or JSON-encodable values become the data of an unnamed event). While the iterator has
nothing to say, a comment goes out every `ping_interval` seconds so proxies and browsers keep
the connection open. When the client goes away the iterator is closed (`aclose()`, shielded
from cancellation), so its `finally` blocks and `async with` exits run: a broadcast
subscription inside an event generator is released as soon as its reader leaves.
"""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from lilya import status
from lilya.background import Task
from lilya.concurrency import iterate_in_threadpool
from lilya.encoders import json_encode
from lilya.responses import StreamingResponse
from lilya.types import Send

if TYPE_CHECKING:
    from lilya.connections import Connection

__all__ = ["EventStreamResponse", "ServerSentEvent", "last_event_id"]

# The only line breaks of the event stream format; str.splitlines() knows more of them.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of an event stream: `data` plus the optional `event`, `id`, `retry` fields.

    `data` may be str (each line goes out as its own `data:` field), bytes (UTF-8), None (no
    data field) or any JSON-encodable value. `comment` adds comment lines, which clients
    ignore. A line break in `event` or `id` would start another field, so it is refused.
    """

    data: Any = None
    event: str | None = None
    id: str | None = None
    retry: int | None = None
    comment: str | None = None

    def __post_init__(self) -> None:
        for name in ("event", "id"):
            value = getattr(self, name)
            if value is not None and ("\n" in value or "\r" in value):
                raise ValueError(f"A server-sent event's {name} cannot contain a line break.")
        if self.id is not None and "\0" in self.id:
            raise ValueError("A server-sent event's id cannot contain a NUL character.")
        if self.retry is not None and (
            isinstance(self.retry, bool) or not isinstance(self.retry, int) or self.retry < 0
        ):
            raise ValueError("A server-sent event's retry must be a whole number of ms >= 0.")

    def encode(self) -> bytes:
        """The event as it goes on the wire, ending with the blank line that dispatches it."""
        lines: list[str] = []
        if self.comment is not None:
            lines += [f": {line}" for line in _LINE_BREAK.split(self.comment)]
        if self.event is not None:
            lines.append(f"event: {self.event}")
        if self.id is not None:
            lines.append(f"id: {self.id}")
        if self.retry is not None:
            lines.append(f"retry: {self.retry}")
        if self.data is not None:
            lines += [f"data: {line}" for line in _LINE_BREAK.split(_data_text(self.data))]
        lines.append("\n")
        return "\n".join(lines).encode("utf-8")


def _data_text(data: Any) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data).decode("utf-8", errors="replace")
    return json_encode(data).decode("utf-8")


def _encode_item(item: Any) -> bytes:
    if isinstance(item, ServerSentEvent):
        return item.encode()
    return ServerSentEvent(data=item).encode()


def last_event_id(connection: Connection) -> str | None:
    """The `Last-Event-ID` a reconnecting EventSource sends: the id of the last event it got.

    A handler resumes the stream after it; None when the client sent none (or an empty one).
    """
    value = connection.headers.get("last-event-id")
    return value or None


class EventStreamResponse(StreamingResponse):
    """A `text/event-stream` response fed by an iterator of events.

    Headers: `Cache-Control: no-cache` and `X-Accel-Buffering: no` (nginx would otherwise
    buffer the stream); GZipMiddleware leaves event streams uncompressed. `ping_interval`
    (seconds, None for never) sets how long the stream may stay silent before a `ping_comment`
    goes out.
    """

    media_type = "text/event-stream"

    def __init__(
        self,
        content: AsyncIterable[Any] | Iterable[Any],
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        background: Task | None = None,
        *,
        ping_interval: float | None = 15.0,
        ping_comment: str = "ping",
    ) -> None:
        given = {name.lower(): value for name, value in (headers or {}).items()}
        given.setdefault("cache-control", "no-cache")
        given.setdefault("x-accel-buffering", "no")
        # StreamingResponse.__init__ is not called: it would wrap a sync iterator in a
        # worker-thread iterator of str/bytes chunks, and events are encoded here instead.
        self.events: AsyncIterable[Any] = (
            content if isinstance(content, AsyncIterable) else iterate_in_threadpool(content)
        )
        self.status_code = status_code
        self.background = background
        self.cookies = None
        self.encoders = ()
        self.make_headers(given)
        self.ping_interval = math.inf if ping_interval is None else ping_interval
        self.ping = ServerSentEvent(comment=ping_comment).encode()

    async def _produce(
        self, chunks: MemoryObjectSendStream[bytes], failures: list[Exception]
    ) -> None:
        """Encode every event of the iterator into `chunks`; close the iterator in any case."""
        iterator = aiter(self.events)
        try:
            async with chunks:
                async for item in iterator:
                    await chunks.send(_encode_item(item))
        except Exception as exc:
            # Raised by stream() as itself, not inside an ExceptionGroup.
            failures.append(exc)
        finally:
            close = getattr(iterator, "aclose", None)
            if close is not None:
                # Shielded: the stream usually ends by cancellation (the client left), and the
                # generator's cleanup (leaving a subscription, say) must still run.
                with anyio.CancelScope(shield=True):
                    await close()

    async def stream(self, send: Send) -> None:
        """Send the start message, then each event as it comes, a ping when none comes."""
        await send(self.message(prefix=""))
        chunks, receiving = anyio.create_memory_object_stream[bytes]()
        failures: list[Exception] = []
        async with anyio.create_task_group() as producing:
            producing.start_soon(self._produce, chunks, failures)
            await self._send_chunks(receiving, send)
        if failures:
            raise failures[0]
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _send_chunks(self, chunks: MemoryObjectReceiveStream[bytes], send: Send) -> None:
        ping, interval = self.ping, self.ping_interval
        with chunks:
            while True:
                body = ping
                with anyio.move_on_after(interval):
                    try:
                        body = await chunks.receive()
                    except anyio.EndOfStream:
                        return
                await send({"type": "http.response.body", "body": body, "more_body": True})
