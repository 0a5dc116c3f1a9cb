"""Range and conditional request handling for file responses (RFC 9110, sections 13 and 14).

Everything here is a pure function over header strings, so it can be tested exhaustively and
never does more work than the header length allows: a `Range` header with more than
`MAX_RANGES` parts is ignored outright, and a malformed one is ignored (the whole file is sent)
rather than rejected, as RFC 9110 permits. Only a well-formed header none of whose ranges
overlaps the file gives 416.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import anyio
import anyio.to_thread

from lilya.types import Send

__all__ = [
    "MAX_RANGES",
    "ByteRange",
    "RangeNotSatisfiable",
    "content_disposition",
    "etag_matches",
    "if_range_allows",
    "is_not_modified",
    "make_etag",
    "make_last_modified",
    "multipart_plan",
    "not_modified_headers",
    "parse_http_date",
    "parse_range_header",
    "partial_content",
    "read_span",
    "select_representation",
    "send_file_parts",
    "unsatisfiable_headers",
]

MAX_RANGES = 100
"""More parts than this in one `Range` header and the header is ignored (whole file sent)."""

# Numbers longer than this exceed any real file size; they are clamped instead of parsed, so a
# 5000-digit "number" costs nothing (and never hits int()'s digit limit).
_MAX_DIGITS = 20
_HUGE: int = 10**_MAX_DIGITS
_DIGITS = frozenset("0123456789")

ByteRange = tuple[int, int]
"""A half-open byte interval `(start, stop)` of the file: `stop` is exclusive."""


class RangeNotSatisfiable(Exception):
    """No requested range overlaps the file: answer 416 with `Content-Range: bytes */size`."""

    def __init__(self, size: int) -> None:
        super().__init__(f"Requested range not satisfiable for a file of {size} bytes.")
        self.size = size


class _Malformed(Exception):
    """Internal: the header does not follow the grammar and is ignored."""


def _number(text: str) -> int:
    if not text or not _DIGITS.issuperset(text):
        raise _Malformed
    if len(text) > _MAX_DIGITS:
        return _HUGE
    return int(text)


def _parse_spec(spec: str, size: int) -> ByteRange | None:
    """One range spec as a clamped interval; None when it is valid but misses the file."""
    first, sep, last = spec.strip().partition("-")
    if not sep:
        raise _Malformed
    if not first:
        suffix = _number(last)
        if suffix == 0 or size == 0:
            return None
        return (max(size - suffix, 0), size)
    start = _number(first)
    if last:
        end = _number(last)
        if end < start:
            raise _Malformed
        stop = min(end + 1, size)
    else:
        stop = size
    if start >= size:
        return None
    return (start, stop)


def _merge(ranges: Iterable[ByteRange]) -> list[ByteRange]:
    """Sort and coalesce overlapping or adjacent intervals."""
    merged: list[ByteRange] = []
    for start, stop in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if stop > merged[-1][1]:
                merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    return merged


def parse_range_header(
    value: str, size: int, *, max_ranges: int = MAX_RANGES
) -> list[ByteRange] | None:
    """The byte intervals a `Range` header asks for, sorted and merged.

    Returns None when the header must be ignored (not `bytes`, malformed, reversed, or more
    than `max_ranges` parts): the caller then sends the whole file with 200. Raises
    `RangeNotSatisfiable` when the header is valid but no part overlaps the file.
    """
    unit, sep, range_set = value.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    if range_set.count(",") >= max_ranges:
        return None
    specs = [spec for spec in range_set.split(",") if spec.strip()]
    if not specs:
        return None
    try:
        parsed = [_parse_spec(spec, size) for spec in specs]
    except _Malformed:
        return None
    satisfiable = [interval for interval in parsed if interval is not None]
    if not satisfiable:
        raise RangeNotSatisfiable(size)
    return _merge(satisfiable)


def parse_http_date(value: str) -> float | None:
    """An HTTP date as a POSIX timestamp; None for anything unparsable."""
    from email.utils import parsedate_to_datetime  # only file responses read HTTP dates

    try:
        # timestamp() can overflow on some platforms for naive far-off dates.
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def make_etag(mtime_ns: int, size: int) -> str:
    """A strong validator from the file's modification time and size (quoted, as RFC 9110)."""
    return f'"{mtime_ns:x}-{size:x}"'


@functools.lru_cache(maxsize=1024)
def make_last_modified(mtime: float) -> str:
    """The `Last-Modified` value for a modification time. Remembered: the same files are
    served again and again, and formatting the date measured 6.5 µs."""
    from email.utils import formatdate  # only file responses write HTTP dates

    return formatdate(mtime, usegmt=True)


def _opaque_tag(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison of `etag` against an `If-None-Match` list (or `*`)."""
    wanted = _opaque_tag(etag)
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or (candidate and _opaque_tag(candidate) == wanted):
            return True
    return False


def is_not_modified(
    *,
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str | None,
    last_modified: str | None,
) -> bool:
    """Whether a GET/HEAD may be answered 304. `If-None-Match` wins over `If-Modified-Since`."""
    if if_none_match is not None:
        return etag is not None and etag_matches(if_none_match, etag)
    if if_modified_since is None or last_modified is None:
        return False
    since = parse_http_date(if_modified_since)
    modified = parse_http_date(last_modified)
    return since is not None and modified is not None and int(modified) <= int(since)


def if_range_allows(if_range: str | None, *, etag: str | None, last_modified: str | None) -> bool:
    """Whether `Range` still applies given `If-Range` (strong ETag or exact date match)."""
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith(('"', "W/")):
        return etag is not None and not etag.startswith("W/") and if_range == etag.strip()
    if last_modified is None:
        return False
    wanted = parse_http_date(if_range)
    return wanted is not None and wanted == parse_http_date(last_modified)


def content_disposition(filename: str, disposition_type: str = "attachment") -> str:
    """`Content-Disposition` for `filename`; RFC 5987 `filename*` when it needs escaping."""
    quoted = quote(filename)
    if quoted == filename:
        return f'{disposition_type}; filename="{filename}"'
    return f"{disposition_type}; filename*=utf-8''{quoted}"


def multipart_plan(
    ranges: list[ByteRange], size: int, content_type: str
) -> tuple[str, list[tuple[bytes, int, int]], bytes, int]:
    """Lay out a `multipart/byteranges` body without reading the file.

    Returns the boundary, one `(part header, start, stop)` per range, the closing delimiter
    and the exact total body length (for `Content-Length`).
    """
    import secrets  # only multi-range answers need a boundary (secrets loads random, hmac)

    boundary = secrets.token_hex(16)
    parts: list[tuple[bytes, int, int]] = []
    total = 0
    for index, (start, stop) in enumerate(ranges):
        lead = "\r\n" if index else ""
        head = (
            f"{lead}--{boundary}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Range: bytes {start}-{stop - 1}/{size}\r\n\r\n"
        ).encode("latin-1")
        parts.append((head, start, stop))
        total += len(head) + stop - start
    closing = f"\r\n--{boundary}--\r\n".encode("latin-1")
    return boundary, parts, closing, total + len(closing)


RawHeaders = list[tuple[bytes, bytes]]
FilePart = tuple[bytes, int, int]
"""One piece of a file body: bytes to send first (a multipart header), then [start, stop)."""

_CONDITIONAL = (b"range", b"if-range", b"if-none-match", b"if-modified-since")
_RANGE_REPLACED = frozenset({b"content-length", b"content-range"})


def _conditional_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[bytes, str]:
    """The first value of each request header that matters here."""
    found: dict[bytes, str] = {}
    for name, value in raw:
        lowered = name.lower()
        if lowered in _CONDITIONAL and lowered not in found:
            found[lowered] = value.decode("latin-1")
    return found


def select_representation(
    request_headers: Iterable[tuple[bytes, bytes]],
    method: str,
    size: int,
    *,
    etag: str | None,
    last_modified: str | None,
) -> tuple[int, list[ByteRange] | None]:
    """How to answer a request for a file of `size` bytes: 304, 416, 206 with ranges, or 200.

    Conditional headers apply to GET and HEAD; `Range` to GET only (RFC 9110 14.2).
    """
    if method not in ("GET", "HEAD"):
        return 200, None
    requested = _conditional_headers(request_headers)
    if is_not_modified(
        if_none_match=requested.get(b"if-none-match"),
        if_modified_since=requested.get(b"if-modified-since"),
        etag=etag,
        last_modified=last_modified,
    ):
        return 304, None
    range_header = requested.get(b"range")
    if method != "GET" or range_header is None:
        return 200, None
    if not if_range_allows(requested.get(b"if-range"), etag=etag, last_modified=last_modified):
        return 200, None
    try:
        ranges = parse_range_header(range_header, size)
    except RangeNotSatisfiable:
        return 416, None
    return (200, None) if ranges is None else (206, ranges)


def not_modified_headers(raw: RawHeaders) -> RawHeaders:
    """Headers of a 304: validators and caching headers stay, representation metadata goes."""
    return [
        (name, value)
        for name, value in raw
        if not name.startswith(b"content-") or name == b"content-location"
    ]


def unsatisfiable_headers(size: int) -> RawHeaders:
    """Headers of a 416 for a file of `size` bytes."""
    return [(b"content-range", f"bytes */{size}".encode("latin-1")), (b"content-length", b"0")]


def partial_content(
    raw: RawHeaders, ranges: list[ByteRange], size: int, content_type: str
) -> tuple[RawHeaders, list[FilePart], bytes]:
    """Headers, parts and closing bytes of a 206: one range as is, several as multipart."""
    headers = [pair for pair in raw if pair[0] not in _RANGE_REPLACED]
    if len(ranges) == 1:
        start, stop = ranges[0]
        headers.append((b"content-length", str(stop - start).encode("latin-1")))
        headers.append((b"content-range", f"bytes {start}-{stop - 1}/{size}".encode("latin-1")))
        return headers, [(b"", start, stop)], b""
    boundary, parts, closing, length = multipart_plan(ranges, size, content_type)
    headers = [pair for pair in headers if pair[0] != b"content-type"]
    headers.append((b"content-type", f"multipart/byteranges; boundary={boundary}".encode()))
    headers.append((b"content-length", str(length).encode("latin-1")))
    return headers, parts, closing


def read_span(path: Any, start: int, length: int) -> bytes:
    """`length` bytes of the file from `start` (fewer if it shrank since it was stat'ed)."""
    with open(path, "rb") as file:
        if start:
            file.seek(start)
        return file.read(length)


async def send_file_parts(
    path: Any,
    send: Send,
    body_type: str,
    parts: list[FilePart],
    closing: bytes,
    chunk_size: int,
) -> None:
    """Stream `parts` of the file at `path`, `chunk_size` bytes at a time, then `closing`."""
    if len(parts) == 1 and not closing and not parts[0][0]:
        _, start, stop = parts[0]
        if stop - start <= chunk_size:
            # One chunk's worth: opened, read and closed in a single trip to a worker thread
            # (three trips through anyio.open_file), and sent as the only body message.
            body = await anyio.to_thread.run_sync(read_span, path, start, stop - start)
            await send({"type": body_type, "body": body, "more_body": False})
            return
    async with await anyio.open_file(path, mode="rb") as file:
        position = 0
        for head, start, stop in parts:
            if head:
                await send({"type": body_type, "body": head, "more_body": True})
            if start != position:
                await file.seek(start)
            remaining = stop - start
            while remaining > 0:
                chunk = await file.read(min(chunk_size, remaining))
                if not chunk:  # the file shrank since it was stat'ed
                    break
                remaining -= len(chunk)
                await send({"type": body_type, "body": chunk, "more_body": True})
            position = stop - remaining
    await send({"type": body_type, "body": closing, "more_body": False})
