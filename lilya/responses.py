"""Responses: ASGI apps that send a status, headers and a body, then run background work.

A response builds its raw ASGI header list once, in `__init__`; `response.headers` is a
mutable view over that same list, and `__call__` hands it to the server untouched. A plain
response is exactly two `send` calls.
"""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from datetime import datetime
from mimetypes import guess_type
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import anyio
import anyio.to_thread

from lilya import status
from lilya.background import Task
from lilya.concurrency import iterate_in_threadpool
from lilya.datastructures.cookies import Cookie, format_set_cookie
from lilya.datastructures.headers import Header
from lilya.encoders import Encoder, json_encode
from lilya.enums import MediaType
from lilya.ranges import (
    FilePart,
    content_disposition,
    make_etag,
    make_last_modified,
    not_modified_headers,
    partial_content,
    select_representation,
    send_file_parts,
    unsatisfiable_headers,
)
from lilya.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.datastructures.url import URL

__all__ = [
    "HTML",
    "JSON",
    "AsyncContentStream",
    "Content",
    "ContentStream",
    "Error",
    "File",
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "Ok",
    "PlainText",
    "Redirect",
    "RedirectResponse",
    "Response",
    "Streaming",
    "StreamingResponse",
    "SyncContentStream",
    "TemplateResponse",
    "make_response",
]

Content = str | bytes
SyncContentStream = Iterable[Content]
AsyncContentStream = AsyncIterable[Content]
ContentStream = AsyncContentStream | SyncContentStream
Encoders = Sequence[Encoder[Any]] | Sequence[type[Encoder[Any]]]
RawHeaders = list[tuple[bytes, bytes]]

# (start, body) message types: for HTTP, and for a WebSocket denial response.
_HTTP_MESSAGES = ("http.response.start", "http.response.body")
_DENIAL_MESSAGES = ("websocket.http.response.start", "websocket.http.response.body")
# RFC 3986 reserved characters plus "%": kept as is in Location, everything else is escaped.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%"
_CONTENT_TYPE_CACHE: dict[tuple[str, str], tuple[bytes, bytes]] = {}
_UTF8_CONTENT_TYPES: dict[str, tuple[bytes, bytes]] = {}
_SMALL_LENGTHS = 2048
_CONTENT_LENGTHS = [(b"content-length", b"%d" % length) for length in range(_SMALL_LENGTHS)]


def _to_header_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    text = str(value)
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _content_type(media_type: str, charset: str) -> bytes:
    """`media_type` with `; charset=...` added for text types."""
    return _content_type_header(media_type, charset)[1]


def _content_type_header(media_type: str, charset: str) -> tuple[bytes, bytes]:
    """The Content-Type header pair; memoised (few distinct values), so it is shared.

    UTF-8 pairs, by far the most common, are also kept by media type alone: a response looks
    them up without building a key.
    """
    key = (media_type, charset)
    cached = _CONTENT_TYPE_CACHE.get(key)
    if cached is None:
        value = str(media_type)
        if value.startswith("text/") and "charset=" not in value.lower():
            value = f"{value}; charset={charset}"
        cached = (b"content-type", _to_header_bytes(value))
        if len(_CONTENT_TYPE_CACHE) < 512:
            _CONTENT_TYPE_CACHE[key] = cached
            if charset == "utf-8" and isinstance(media_type, str):
                _UTF8_CONTENT_TYPES[media_type] = cached
    return cached


def _encode_headers(headers: Mapping[str, str] | Iterable[tuple[Any, Any]]) -> RawHeaders:
    """Headers given by the user as lower-cased latin-1 byte pairs (UTF-8 past latin-1)."""
    pairs = list(headers.items() if isinstance(headers, Mapping) else headers)
    try:
        return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
    except (AttributeError, UnicodeEncodeError):  # bytes, numbers, non-latin-1 text
        return [(_to_header_bytes(name).lower(), _to_header_bytes(v)) for name, v in pairs]


class Response:
    """A complete response whose body is known up front.

    `content` may be bytes, str (encoded with `charset`) or any JSON-encodable value (sent as
    JSON, `application/json` unless a media type is given). 1xx, 204 and 304 responses carry
    no body and no Content-Length; HEAD requests get the headers only.
    """

    # No __slots__: subclasses customise these as class attributes, as in Lilya. The class
    # also holds the defaults, so an instance stores only what it was given.
    media_type: str | None = None
    status_code: int | None = None
    charset: str = "utf-8"
    background: Task | None = None
    cookies: Mapping[str, str] | Any | None = None
    encoders: Encoders = ()
    body: bytes
    raw_headers: RawHeaders
    # Whether make_response is Response's own, which returns bytes content untouched.
    _bytes_kept_as_is = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._bytes_kept_as_is = cls.make_response is Response.make_response

    def __init__(
        self,
        content: Any = None,
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | Any | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        code = self._set_fields(status_code, media_type, background, encoders)
        if type(content) is bytes and self._bytes_kept_as_is:
            body = content  # what make_response would return, without the call
        else:
            made = self.make_response(content)
            body = made.encode(self.charset) if isinstance(made, str) else made
        self.body = b"" if code < 200 or code == 204 or code == 304 else body
        self.make_headers(headers)
        if cookies is not None:
            self.cookies = cookies
            if cookies:
                self._add_cookies(cookies)

    def _set_fields(
        self,
        status_code: int | None,
        media_type: str | None,
        background: Task | None,
        encoders: Encoders | None,
    ) -> int:
        """Store what every response is given besides its body and headers (what was not
        given stays the class's default, so an instance stores only what it was given); the
        status code to send."""
        if status_code is None:
            status_code = self.status_code
            if status_code is None:
                self.status_code = status_code = status.HTTP_200_OK
        else:
            self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        if background is not None:
            self.background = background
        if encoders:
            self.encoders = encoders
        return status_code

    def make_response(self, content: Any) -> bytes | str:
        """The body for `content`: bytes as is, str encoded, anything else as JSON."""
        if content is None:
            return b""
        if isinstance(content, bytes):
            return content
        if isinstance(content, str):
            return content.encode(self.charset)
        if isinstance(content, (bytearray, memoryview)):
            return bytes(content)
        if self.media_type is None:
            self.media_type = MediaType.JSON.value
        return json_encode(content, self.encoders)

    def make_headers(self, content_headers: Mapping[str, str] | None = None) -> None:
        """Build `raw_headers` from the given headers plus Content-Length and Content-Type."""
        raw: RawHeaders = _encode_headers(content_headers) if content_headers else []
        self.raw_headers = raw
        code = self.status_code or status.HTTP_200_OK
        if code < 200 or code == 204 or code == 304:
            if raw:
                raw[:] = [pair for pair in raw if pair[0] != b"content-length"]
            return
        body = getattr(self, "body", None)
        media_type = self.media_type
        if raw:  # what the caller gave wins
            given = {name for name, _ in raw}
            if b"content-length" in given:
                body = None
            if b"content-type" in given:
                media_type = None
        # The two header pairs are looked up here rather than through helper calls: every
        # response runs this, and the two calls measured a fifth of building a PlainText.
        if body is not None:
            length = len(body)
            raw.append(
                _CONTENT_LENGTHS[length]
                if length < _SMALL_LENGTHS
                else (b"content-length", b"%d" % length)
            )
        if media_type is not None:
            charset = self.charset
            pair = _UTF8_CONTENT_TYPES.get(media_type) if charset == "utf-8" else None
            raw.append(pair or _content_type_header(media_type, charset))

    @property
    def headers(self) -> Header:
        """Mutable headers sharing storage with `raw_headers` (changes are sent)."""
        return Header(raw=self.raw_headers)

    @property
    def encoded_headers(self) -> list[Any]:
        """The headers as the ASGI list of (name, value) byte pairs."""
        return self.raw_headers

    def _add_cookies(self, cookies: Any) -> None:
        if isinstance(cookies, Mapping):
            for key, value in cookies.items():
                self.set_cookie(key, value)
            return
        for cookie in [cookies] if isinstance(cookies, Cookie) else cookies:
            if not isinstance(cookie, Cookie):
                raise TypeError(
                    f"cookies must be a mapping or Cookie objects, got {type(cookie).__name__}."
                )
            self.raw_headers.append((b"set-cookie", _to_header_bytes(cookie.to_header(header=""))))

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        max_age: int | None = None,
        expires: datetime | str | int | None = None,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
    ) -> None:
        """Add a `Set-Cookie` header. `expires`: datetime, HTTP date or seconds from now."""
        header = format_set_cookie(
            key,
            value,
            max_age=max_age,
            expires=expires,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
        )
        self.raw_headers.append((b"set-cookie", _to_header_bytes(header)))

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
    ) -> None:
        """Tell the client to drop a cookie (empty value, expired now)."""
        self.set_cookie(
            key,
            max_age=0,
            expires=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
        )

    def message(self, prefix: str) -> dict[str, Any]:
        """The `http.response.start` message (`prefix` "websocket." for denial responses)."""
        return {
            "type": prefix + "http.response.start",
            "status": self.status_code,
            "headers": self.raw_headers,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            start, more = _HTTP_MESSAGES
        else:
            start, more = _DENIAL_MESSAGES
        await send({"type": start, "status": self.status_code, "headers": self.raw_headers})
        body = b"" if scope.get("method") == "HEAD" else self.body
        await send({"type": more, "body": body})
        if self.background is not None:
            await self.background()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(media_type={self.media_type}, "
            f"status_code={self.status_code}, charset={self.charset})"
        )


class HTMLResponse(Response):
    """An HTML page (`text/html; charset=utf-8`)."""

    media_type = MediaType.HTML.value


class Error(HTMLResponse):
    """An HTML error page, 500 unless another status is given."""

    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    def __init__(
        self,
        content: Any = None,
        status_code: int = status.HTTP_500_INTERNAL_SERVER_ERROR,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | Any | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        super().__init__(content, status_code, headers, cookies, media_type, background, encoders)


class PlainText(Response):
    """Plain text (`text/plain; charset=utf-8`)."""

    media_type = MediaType.TEXT.value


class JSONResponse(Response):
    """`content` encoded as compact UTF-8 JSON through lilya.encoders (None gives `null`)."""

    media_type = MediaType.JSON.value

    def __init__(
        self,
        content: Any,
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        # Positional: measurably cheaper than keywords on a path every JSON response takes.
        super().__init__(content, status_code, headers, None, media_type, background, encoders)

    def make_response(self, content: Any) -> bytes:
        return json_encode(content, self.encoders)


class Ok(JSONResponse):
    """A 200 JSON response: what handlers returning plain values send."""


class RedirectResponse(Response):
    """A redirect (307 by default) to `url`, percent-encoding anything unsafe in Location."""

    def __init__(
        self,
        url: str | URL,
        status_code: int = status.HTTP_307_TEMPORARY_REDIRECT,
        headers: Mapping[str, str] | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        super().__init__(
            content=b"",
            status_code=status_code,
            headers=headers,
            background=background,
            encoders=encoders,
        )
        # quote() leaves only ASCII. Set on the raw list: a Header view per redirect cost
        # more than the rest of the response.
        location = (b"location", quote(str(url), safe=_URL_SAFE).encode("ascii"))
        raw = self.raw_headers
        if headers:
            raw[:] = [pair for pair in raw if pair[0] != b"location"]
        raw.append(location)


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


class FileResponse(Response):
    """A file from disk, read in chunks, with ETag/Last-Modified, 304s and byte ranges.

    A missing path or a directory raises RuntimeError when the response is sent.
    """

    chunk_size = 64 * 1024
    # The file's bytes when they were read already (StaticFiles reads small files together
    # with their lookup); sent instead of reading the file again.
    preloaded_body: bytes | None = None

    def __init__(
        self,
        path: str | os.PathLike[str],
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        filename: str | None = None,
        stat_result: os.stat_result | None = None,
        method: str | None = None,
        content_disposition_type: str = "attachment",
        encoders: Encoders | None = None,
    ) -> None:
        self.path = path
        self.filename = filename
        self.send_header_only = method is not None and method.upper() == "HEAD"
        if media_type is None:
            media_type = guess_type(filename or os.fspath(path))[0] or MediaType.TEXT
        self._set_fields(status_code, media_type, background, encoders)
        self.make_headers(headers)
        if filename is not None:
            disposition = content_disposition(filename, content_disposition_type)
            self.headers.setdefault("content-disposition", disposition)
        self.stat_result = stat_result
        if stat_result is not None:
            self.set_stat_headers(stat_result)

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        """Content-Length, Last-Modified, ETag and Accept-Ranges from the file's stat, each
        unless given already (on the raw list: four Header.setdefault calls cost 12 µs)."""
        raw = self.raw_headers
        given = {name for name, _ in raw}
        if b"content-length" not in given:
            raw.append((b"content-length", b"%d" % stat_result.st_size))
        if b"last-modified" not in given:
            raw.append((b"last-modified", make_last_modified(stat_result.st_mtime).encode()))
        if b"etag" not in given:
            etag = make_etag(stat_result.st_mtime_ns, stat_result.st_size)
            raw.append((b"etag", etag.encode("latin-1")))
        if b"accept-ranges" not in given:
            raw.append((b"accept-ranges", b"bytes"))

    async def _stat(self) -> os.stat_result:
        try:
            stat_result = await anyio.to_thread.run_sync(os.stat, self.path)
        except FileNotFoundError:
            raise RuntimeError(f"File at path {self.path} does not exist.") from None
        if not stat.S_ISREG(stat_result.st_mode):
            raise RuntimeError(f"File at path {self.path} is not a file.")
        self.set_stat_headers(stat_result)
        return stat_result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stat_result = self.stat_result or await self._stat()
        size = stat_result.st_size
        prefix = "websocket." if scope["type"] == "websocket" else ""
        method = scope.get("method", "GET")
        status_code, headers = self.status_code, self.raw_headers
        parts: list[FilePart] = [(b"", 0, size)]
        closing = b""
        if status_code == status.HTTP_200_OK and not prefix:
            current = self.headers
            status_code, ranges = select_representation(
                scope.get("headers", ()),
                method,
                size,
                etag=current.get("etag"),
                last_modified=current.get("last-modified"),
            )
            if status_code == status.HTTP_304_NOT_MODIFIED:
                headers, parts = not_modified_headers(headers), []
            elif status_code == status.HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE:
                headers, parts = unsatisfiable_headers(size), []
            elif ranges is not None:
                part_type = _content_type(self.media_type or MediaType.OCTET, self.charset)
                headers, parts, closing = partial_content(
                    headers, ranges, size, part_type.decode("latin-1")
                )
        body_type = prefix + "http.response.body"
        await send(
            {"type": prefix + "http.response.start", "status": status_code, "headers": headers}
        )
        if not parts or self.send_header_only or method == "HEAD":
            await send({"type": body_type, "body": b"", "more_body": False})
        elif self.preloaded_body is not None:
            body = b"".join([*(head + self.preloaded_body[a:b] for head, a, b in parts), closing])
            await send({"type": body_type, "body": body, "more_body": False})
        else:
            await send_file_parts(self.path, send, body_type, parts, closing, self.chunk_size)
        if self.background is not None:
            await self.background()


class TemplateResponse(HTMLResponse):
    """A rendered template: `template.render(context)` becomes the HTML body.

    When the server (the test client) announces the `http.response.debug` extension, the
    template and context are sent to it first so tests can inspect them.
    """

    def __init__(
        self,
        template: Any,
        status_code: int = status.HTTP_200_OK,
        context: dict[str, Any] | None = None,
        background: Task | None = None,
        headers: dict[str, Any] | None = None,
        media_type: MediaType | str = MediaType.HTML,
        encoders: Encoders | None = None,
    ) -> None:
        self.template = template
        self.context = context or {}
        super().__init__(
            content=template.render(self.context),
            status_code=status_code,
            headers=headers,
            media_type=media_type,
            background=background,
            encoders=encoders,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        extensions = scope.get("extensions") or {}
        if "http.response.debug" in extensions:
            debug: Message = {
                "type": "http.response.debug",
                "info": {"template": self.template, "context": self.context},
            }
            await send(debug)
        await super().__call__(scope, receive, send)


def make_response(
    content: Any,
    response_class: type[Response] = JSONResponse,
    status_code: int = status.HTTP_200_OK,
    headers: Mapping[str, str] | None = None,
    background: Task | None = None,
    encoders: Encoders | None = None,
) -> Response:
    """Build a JSON response (or `response_class`) for any encodable `content`."""
    return response_class(
        content=content,
        status_code=status_code,
        headers=headers,
        media_type=MediaType.JSON,
        background=background,
        encoders=encoders,
    )


HTML = HTMLResponse
JSON = JSONResponse
Redirect = RedirectResponse
Streaming = StreamingResponse
File = FileResponse
