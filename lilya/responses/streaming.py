"""StreamingResponse: a body sent chunk by chunk as an iterator produces it."""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping

import anyio

from lilya import status
from lilya.background import Task
from lilya.concurrency import iterate_in_threadpool
from lilya.responses.base import AsyncContentStream, ContentStream, Encoders, Response
from lilya.types import Receive, Scope, Send

__all__ = ["Streaming", "StreamingResponse"]


class StreamingResponse(Response):
    """A body produced chunk by chunk from a sync or async iterator of str/bytes.

    Sync iterators are driven in a worker thread. Streaming stops as soon as the client
    disconnects; no Content-Length is computed.
    """

    body_iterator: AsyncContentStream

    def __init__(
        self,
        content: ContentStream,
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        if isinstance(content, AsyncIterable):
            self.body_iterator = content
        else:
            self.body_iterator = iterate_in_threadpool(content)
        self._set_fields(status_code, media_type, background, encoders)
        self.make_headers(headers)

    async def wait_for_disconnect(self, receive: Receive) -> None:
        """Return once the client has gone away."""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return

    async def stream(self, send: Send) -> None:
        """Send the start message, every chunk, then the end of the body."""
        await send(self.message(prefix=""))
        charset = self.charset
        async for chunk in self.body_iterator:
            if type(chunk) is not bytes:  # the usual chunk goes out without a conversion call
                chunk = chunk.encode(charset) if isinstance(chunk, str) else bytes(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _cancel_on_disconnect(self, receive: Receive, scope: anyio.CancelScope) -> None:
        await self.wait_for_disconnect(receive)
        scope.cancel()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("method") == "HEAD":
            await send(self.message(prefix=""))
            await send({"type": "http.response.body", "body": b""})
        else:
            failure: Exception | None = None
            async with anyio.create_task_group() as group:
                group.start_soon(self._cancel_on_disconnect, receive, group.cancel_scope)
                try:
                    await self.stream(send)
                except Exception as exc:
                    # Re-raised below as itself, not wrapped in an ExceptionGroup.
                    failure = exc
                group.cancel_scope.cancel()
            if failure is not None:
                raise failure
        if self.background is not None:
            await self.background()


Streaming = StreamingResponse
