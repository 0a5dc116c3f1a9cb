"""Range and conditional request handling for file responses (RFC 9110, sections 13 and 14).

Everything here is a pure function over header strings, so it can be tested exhaustively and
never does more work than the header length allows: a `Range` header with more than
`MAX_RANGES` parts is ignored outright, and a malformed one is ignored (the whole file is sent)
rather than rejected, as RFC 9110 permits. Only a well-formed header none of whose ranges
overlaps the file gives 416.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import quote

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
    "parse_http_date",
    "parse_range_header",
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
    try:
        # timestamp() can overflow on some platforms for naive far-off dates.
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def make_etag(mtime_ns: int, size: int) -> str:
    """A strong validator from the file's modification time and size (quoted, as RFC 9110)."""
    return f'"{mtime_ns:x}-{size:x}"'


def make_last_modified(mtime: float) -> str:
    """The `Last-Modified` value for a modification time."""
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
