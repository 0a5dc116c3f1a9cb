"""GZipMiddleware: compress responses for clients that accept gzip.

Compresses once the body reaches `minimum_size`, streaming bodies incrementally; adds
`Vary: Accept-Encoding` to what it compresses (as Lilya 0.7.5, a body it leaves alone goes out
as the app sent it); never touches a response that already has a Content-Encoding, a
media type that is compressed already (images, audio, video, archives, woff2) or an event
stream, and never a HEAD response.
"""

from __future__ import annotations

import functools
import gzip
import io
from typing import NoReturn

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
    # Byte ranges count bytes of the unencoded representation: compressed, their
    # Content-Range (and each part's) would point at the wrong bytes.
    "multipart/byteranges",
)
_ALREADY_COMPRESSED_BYTES = tuple(prefix.encode() for prefix in _ALREADY_COMPRESSED)


class GZipMiddleware:
    """Gzip responses for clients whose Accept-Encoding includes gzip."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") != "HEAD":
            for name, value in scope["headers"]:
                if name == b"accept-encoding" and accepts_gzip(value):
                    responder = GZipResponder(self.app, self.minimum_size, self.compresslevel)
                    responder.send = send  # what calling the responder does, one frame less
                    await self.app(scope, receive, responder.send_with_gzip)
                    return
        await self.app(scope, receive, send)


@functools.lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether an Accept-Encoding value allows gzip: listed (or "*") and not with q=0; an
    explicit gzip entry wins over "*". Clients send a handful of distinct values, so the
    answers are remembered (the last 256 of them)."""
    qualities: dict[bytes, float] = {}
    for item in accept_encoding.lower().split(b","):
        coding, _, params = item.partition(b";")
        quality = 1.0
        params = params.strip()
        if params.startswith(b"q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        qualities.setdefault(coding.strip(), quality)
    quality = qualities.get(b"gzip", qualities.get(b"*", 0.0))
    return quality > 0


def _vary_with_accept_encoding(values: list[bytes]) -> bytes:
    """The Vary header value with Accept-Encoding listed once."""
    if not values:
        return b"Accept-Encoding"
    tokens = [token.strip().lower() for value in values for token in value.split(b",")]
    if b"accept-encoding" in tokens or b"*" in tokens:
        return b", ".join(values)
    return b", ".join([*values, b"Accept-Encoding"])


def rewrite_headers(
    headers: list[tuple[bytes, bytes]], compressed: bool, length: int | None = None
) -> list[tuple[bytes, bytes]]:
    """The response headers with Vary: Accept-Encoding and, when compressed, the gzip
    Content-Encoding and the new Content-Length (none for a streamed body: the server chunks
    it). One pass over the raw list, the original left untouched."""
    rewritten: list[tuple[bytes, bytes]] = []
    vary: list[bytes] = []
    for name, value in headers:
        if name == b"vary":
            vary.append(value)
        elif not compressed or name not in (b"content-length", b"content-encoding"):
            rewritten.append((name, value))
    rewritten.append((b"vary", _vary_with_accept_encoding(vary)))
    if compressed:
        rewritten.append((b"content-encoding", b"gzip"))
        if length is not None:
            rewritten.append((b"content-length", b"%d" % length))
    return rewritten


def _is_encoded(headers: list[tuple[bytes, bytes]]) -> bool:
    """Already carries a Content-Encoding, or a media type that gzip would only grow (or
    break: multipart/byteranges)."""
    for name, value in headers:
        if name == b"content-encoding":
            return True
        if name == b"content-type" and value.lower().startswith(_ALREADY_COMPRESSED_BYTES):
            return True
    return False


class GZipResponder:
    """Compresses one response; decides on the first body message."""

    # Per-response state starts as these class-level defaults: a responder is built for every
    # compressible request, and stores only what it is given.
    start: Message | None = None
    passthrough = False
    compressing = False
    # Made only for streamed bodies: a single body is compressed in one call.
    buffer: io.BytesIO | None = None
    gzip: gzip.GzipFile | None = None

    def __init__(self, app: ASGIApp, minimum_size: int, compresslevel: int = 9) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel
        self.send: Send = self.unattached_send

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.send = send
        await self.app(scope, receive, self.send_with_gzip)

    async def send_with_gzip(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.start = message
            # A 206 carries a range of the unencoded body: it goes out as it is.
            self.passthrough = message.get("status") == 206 or _is_encoded(
                message.get("headers", [])
            )
            return
        if kind != "http.response.body":
            # An extension's message (pathsend, trailers...): anything held goes first, as is.
            if self.start is not None:
                await self.send(self._take_start(compressed=False))
                self.passthrough = True  # the rest goes out as the app sends it
            await self.send(message)
            return
        if self.passthrough:
            if self.start is not None:
                await self.send(self._take_start(compressed=False))
            await self.send(message)
            return
        await self.handle_body(message)

    async def handle_body(self, message: Message) -> None:
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        if not self.compressing:
            if not more and len(body) < self.minimum_size:
                await self.send(self._take_start(compressed=False))
                await self.send(message)
                return
            if not more:
                compressed = gzip.compress(body, compresslevel=self.compresslevel)
                await self.send(self._take_start(compressed=True, length=len(compressed)))
                await self.send({"type": "http.response.body", "body": compressed})
                return
            self.compressing = True
            self.buffer = io.BytesIO()
            self.gzip = gzip.GzipFile(
                mode="wb", fileobj=self.buffer, compresslevel=self.compresslevel
            )
            await self.send(self._take_start(compressed=True))
        assert self.gzip is not None
        assert self.buffer is not None
        self.gzip.write(body)
        if not more:
            self.gzip.close()
        chunk = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        await self.send({"type": "http.response.body", "body": chunk, "more_body": more})

    def _take_start(self, compressed: bool, length: int | None = None) -> Message:
        """The held start message, its headers fitted to what the body became."""
        assert self.start is not None
        start, self.start = self.start, None
        if not compressed:
            return start
        headers = rewrite_headers(start.get("headers", []), compressed, length)
        return {**start, "headers": headers}

    async def unattached_send(self, message: Message) -> NoReturn:
        raise RuntimeError("GZipResponder.send used before the responder was called.")
