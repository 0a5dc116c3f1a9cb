"""Cookies both ways: `Set-Cookie` values for responses and a lenient parser for requests.

Writing goes through `http.cookies` so names are validated and values quoted correctly.
Reading is deliberately forgiving, like browsers: a malformed `Cookie` header loses only its
broken pairs and never raises.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http.cookies import Morsel, SimpleCookie
from typing import Literal

__all__ = ["Cookie", "SameSite", "format_set_cookie", "parse_cookie_header"]

SameSite = Literal["lax", "strict", "none"]

_SAMESITE_VALUES = frozenset({"lax", "strict", "none"})
_SAMESITE_ERROR = "samesite must be either 'strict', 'lax' or 'none'"


class InvalidSameSite(ValueError, AssertionError):
    """An unknown `samesite`: a ValueError, and the AssertionError Lilya raises for it."""


def _format_expires(expires: datetime | str | int) -> str:
    """A datetime becomes an HTTP date (naive means UTC); an int is that many seconds from
    now; a string is taken as an HTTP date already."""
    # Imported here: most cookies have no expiry, and email.utils is a third of this
    # module's import time.
    from email.utils import format_datetime, formatdate

    if isinstance(expires, datetime):
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=timezone.utc)
        return format_datetime(expires.astimezone(timezone.utc), usegmt=True)
    if isinstance(expires, int):
        return formatdate(time.time() + expires, usegmt=True)
    return expires


# http.cookies' quoting: values of its legal characters go out as they are; others are quoted,
# with escapes for the characters that need them (parse_cookie_header reads all three back).
_LEGAL_VALUE = re.compile(r"[\w!#$%&'*+\-.^`|~:]+", re.ASCII)
_QUOTABLE_AS_IS = re.compile(r"[\w!#$%&'*+\-.^`|~: ()/<=>?@\[\]{}]*", re.ASCII)
_VALUE_CODEC = SimpleCookie()


def _quote_value(value: str) -> str:
    """The value as http.cookies writes it: its own value_encode does the escaping case; the
    two common cases (tokens, and base64 or similar that only needs quotes) skip its
    character-by-character translation."""
    if _LEGAL_VALUE.fullmatch(value):
        return value
    if _QUOTABLE_AS_IS.fullmatch(value):
        return f'"{value}"'
    coded: str = _VALUE_CODEC.value_encode(value)[1]
    return coded


@functools.lru_cache(maxsize=256)
def _check_name(key: str) -> None:
    """Refuse what http.cookies refuses as a cookie name (CookieError); names repeat, so each
    is checked once."""
    morsel: Morsel[str] = Morsel()
    morsel.set(key, "", "")


def format_set_cookie(
    key: str,
    value: str = "",
    *,
    max_age: int | None = None,
    expires: datetime | str | int | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool | None = False,
    httponly: bool | None = False,
    samesite: str | None = "lax",
) -> str:
    """The value of one `Set-Cookie` header (without the header name), exactly as
    `http.cookies` writes it, about ten times faster than building a SimpleCookie.

    `expires` may be a datetime (naive means UTC), a preformatted HTTP date or a number of
    seconds from now. An invalid name raises `http.cookies.CookieError`; an unknown
    `samesite` raises ValueError (an AssertionError too, as in Lilya).
    """
    _check_name(key)
    parts = [f"{key}={_quote_value(value)}"]
    # http.cookies' order (its attribute names, sorted) and its rule: empty values are left out.
    if domain is not None and domain != "":
        parts.append(f"Domain={domain}")
    if expires is not None and expires != "":
        parts.append(f"expires={_format_expires(expires)}")
    if httponly:
        parts.append("HttpOnly")
    if max_age is not None:
        parts.append(f"Max-Age={max_age:d}" if isinstance(max_age, int) else f"Max-Age={max_age}")
    if path is not None and path != "":
        parts.append(f"Path={path}")
    if samesite is not None:
        if samesite.lower() not in _SAMESITE_VALUES:
            raise InvalidSameSite(_SAMESITE_ERROR)
        if samesite:
            parts.append(f"SameSite={samesite}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


@dataclass
class Cookie:
    """A cookie to send, with every attribute `Set-Cookie` supports."""

    key: str
    value: str | None = None
    max_age: int | None = None
    expires: int | None = None
    path: str = "/"
    domain: str | None = None
    secure: bool | None = None
    httponly: bool | None = None
    samesite: SameSite = "lax"
    description: str | None = None

    def to_header(self, header: str = "Set-Cookie:") -> str:
        """`Set-Cookie: ...` as `SimpleCookie.output` renders it; pass `header=""` for the value."""
        value = format_set_cookie(
            self.key,
            self.value or "",
            max_age=self.max_age,
            expires=self.expires,
            path=self.path,
            domain=self.domain,
            secure=self.secure,
            httponly=self.httponly,
            samesite=self.samesite,
        )
        return f"{header} {value}".strip()


_ESCAPE = re.compile(r"\\(?:([0-3][0-7][0-7])|(.))")


def _unescape(match: re.Match[str]) -> str:
    octal, char = match.groups()
    return chr(int(octal, 8)) if octal else char


def _unquote(value: str) -> str:
    """Undo the quoting `http.cookies` applies: surrounding quotes, octal and `\\x` escapes."""
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    return _ESCAPE.sub(_unescape, value[1:-1])


def parse_cookie_header(header: str) -> dict[str, str]:
    """Parse a request `Cookie` header into a dict; never raises.

    Pairs are split on `;` and on the first `=`, then stripped and unquoted. As in Lilya, a
    piece without `=` (or with nothing before it) is a cookie without a name, kept under the
    key `""`; when a name repeats, the last value wins.
    """
    cookies: dict[str, str] = {}
    if not header:
        return cookies
    for chunk in header.split(";"):
        name, sep, value = chunk.partition("=")
        if not sep:
            name, value = "", name
        cookies[name.strip()] = _unquote(value.strip())
    return cookies
