"""GZipMiddleware: compress responses for clients that accept gzip.

Compresses once the body reaches `minimum_size`, streaming bodies incrementally; adds
`Vary: Accept-Encoding`; never touches a response that already has a Content-Encoding, a
media type that is compressed already (images, audio, video, archives, woff2) or an event
stream, and never a HEAD response.
"""

from __future__ import annotations

import gzip
import io
from typing import NoReturn

from lilya.datastructures.headers import Header, Headers
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["GZipMiddleware", "GZipResponder"]

_ALREADY_COMPRESSED = (
    "image/",
    "audio/",
    "video/",
    "font/woff2",
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/x-7z-compressed",
    "application/x-bzip2",
    "application/x-xz",
    "application/zstd",
    "text/event-stream",
)


class GZipMiddleware:
    """Gzip responses for clients whose Accept-Encoding includes gzip."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") != "HEAD":
            accept = Headers(raw=scope["headers"]).get("accept-encoding", "")
            if "gzip" in accept.lower():
                responder = GZipResponder(self.app, self.minimum_size, self.compresslevel)
                await responder(scope, receive, send)
                return
        await self.app(scope, receive, send)


class GZipResponder:
    """Compresses one response; decides on the first body message."""

    def __init__(self, app: ASGIApp, minimum_size: int, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel
        self.send: Send = self.unattached_send
        self.start: Message | None = None
        self.passthrough = False
        self.compressing = False
        # Made only for streamed bodies: a single body is compressed in one call.
        self.buffer = io.BytesIO()
        self.gzip: gzip.GzipFile | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.send = send
        await self.app(scope, receive, self.send_with_gzip)

    async def send_with_gzip(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.start = message
            headers = Headers(raw=list(message.get("headers", [])))
            media_type = headers.get("content-type", "").lower()
            self.passthrough = "content-encoding" in headers or media_type.startswith(
                _ALREADY_COMPRESSED
            )
            return
        if kind != "http.response.body":
            await self.send(message)
            return
        if self.passthrough:
            if self.start is not None:
                await self.flush_start(compressed=False)
            await self.send(message)
            return
        await self.handle_body(message)

    async def handle_body(self, message: Message) -> None:
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        if not self.compressing:
            if not more and len(body) < self.minimum_size:
                await self.flush_start(compressed=False)
                await self.send(message)
                return
            if not more:
                compressed = gzip.compress(body, compresslevel=self.compresslevel)
                await self.flush_start(compressed=True, length=len(compressed))
                await self.send({"type": "http.response.body", "body": compressed})
                return
            self.compressing = True
            self.gzip = gzip.GzipFile(
                mode="wb", fileobj=self.buffer, compresslevel=self.compresslevel
            )
            await self.flush_start(compressed=True)
        assert self.gzip is not None
        self.gzip.write(body)
        if not more:
            self.gzip.close()
        chunk = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        await self.send({"type": "http.response.body", "body": chunk, "more_body": more})

    async def flush_start(self, compressed: bool, length: int | None = None) -> None:
        assert self.start is not None
        start, self.start = self.start, None
        headers = Header(raw=list(start.get("headers", [])))
        if compressed:
            headers["Content-Encoding"] = "gzip"
            headers.add_vary_header("Accept-Encoding")
            if "content-length" in headers:
                # A streamed body's compressed length is unknown: the server chunks it.
                del headers["content-length"]
            if length is not None:
                headers["Content-Length"] = str(length)
        elif not self.passthrough:
            headers.add_vary_header("Accept-Encoding")
        await self.send({**start, "headers": headers.raw})

    async def unattached_send(self, message: Message) -> NoReturn:
        raise RuntimeError("GZipResponder.send used before the responder was called.")
