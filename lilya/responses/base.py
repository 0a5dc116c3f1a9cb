"""Response: the base of every response, and the header helpers they share.

A response builds its raw ASGI header list once, in `__init__`; `response.headers` is a
mutable view over that same list, and `__call__` hands it to the server untouched. A plain
response is exactly two `send` calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from lilya import status
from lilya.background import Task
from lilya.datastructures.cookies import Cookie, format_set_cookie
from lilya.datastructures.headers import Header, header_value_bytes
from lilya.encoders import Encoder, json_encode
from lilya.enums import MediaType
from lilya.types import Receive, Scope, Send

__all__ = [
    "AsyncContentStream",
    "Content",
    "ContentStream",
    "Response",
    "SyncContentStream",
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
_CONTENT_TYPE_CACHE: dict[tuple[str, str], tuple[bytes, bytes]] = {}
_UTF8_CONTENT_TYPES: dict[str, tuple[bytes, bytes]] = {}
# Headers a response without a body drops: its length; for a 304, as in Lilya, every entity
# header (RFC 2616, 10.3.5) except Content-Location and Expires.
_NO_BODY_DROPPED = frozenset({b"content-length"})
_NOT_MODIFIED_DROPPED = frozenset(
    {
        b"allow",
        b"content-encoding",
        b"content-language",
        b"content-length",
        b"content-md5",
        b"content-range",
        b"content-type",
        b"last-modified",
        b"extension-header",
    }
)
_SMALL_LENGTHS = 2048
_CONTENT_LENGTHS = [(b"content-length", b"%d" % length) for length in range(_SMALL_LENGTHS)]


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
        cached = (b"content-type", header_value_bytes(value))
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
        return [(header_value_bytes(name).lower(), header_value_bytes(v)) for name, v in pairs]


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
        # PERF: _set_fields, inline: building a PlainText measured 663 ns this way, 768 ns
        # through the call (every response pays it; StreamingResponse and FileResponse call it).
        if status_code is not None:
            self.status_code = code = status_code
        else:
            code = self.status_code
            if code is None:
                self.status_code = code = status.HTTP_200_OK
        if media_type is not None:
            self.media_type = media_type
        if background is not None:
            self.background = background
        if encoders:
            self.encoders = encoders
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
                dropped = _NOT_MODIFIED_DROPPED if code == 304 else _NO_BODY_DROPPED
                raw[:] = [pair for pair in raw if pair[0] not in dropped]
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
            header = header_value_bytes(cookie.to_header(header=""))
            self.raw_headers.append((b"set-cookie", header))

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
        self.raw_headers.append((b"set-cookie", header_value_bytes(header)))

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
