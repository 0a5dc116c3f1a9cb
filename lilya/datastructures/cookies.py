"""Cookies both ways: `Set-Cookie` values for responses and a lenient parser for requests.

Writing goes through `http.cookies` so names are validated and values quoted correctly.
Reading is deliberately forgiving, like browsers: a malformed `Cookie` header loses only its
broken pairs and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from http.cookies import SimpleCookie
from typing import Any, Literal

__all__ = ["Cookie", "SameSite", "format_set_cookie", "parse_cookie_header"]

SameSite = Literal["lax", "strict", "none"]

_SAMESITE_VALUES = frozenset({"lax", "strict", "none"})
_SAMESITE_ERROR = "samesite must be either 'strict', 'lax' or 'none'"


def _format_expires(expires: datetime | str | int) -> str | int:
    """A datetime becomes an HTTP date (naive means UTC); ints stay "seconds from now"."""
    if isinstance(expires, datetime):
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=timezone.utc)
        return format_datetime(expires.astimezone(timezone.utc), usegmt=True)
    return expires


def _build_cookie(
    key: str,
    value: str,
    *,
    max_age: int | None,
    expires: datetime | str | int | None,
    path: str | None,
    domain: str | None,
    secure: bool | None,
    httponly: bool | None,
    samesite: str | None,
) -> SimpleCookie:
    cookie: SimpleCookie = SimpleCookie()
    cookie[key] = value
    morsel = cookie[key]
    if max_age is not None:
        morsel["max-age"] = max_age
    if expires is not None:
        morsel["expires"] = _format_expires(expires)
    if path is not None:
        morsel["path"] = path
    if domain is not None:
        morsel["domain"] = domain
    if secure:
        morsel["secure"] = True
    if httponly:
        morsel["httponly"] = True
    if samesite is not None:
        if samesite.lower() not in _SAMESITE_VALUES:
            raise ValueError(_SAMESITE_ERROR)
        morsel["samesite"] = samesite
    return cookie


def format_set_cookie(
    key: str,
    value: str = "",
    *,
    max_age: int | None = None,
    expires: datetime | str | int | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    samesite: str | None = "lax",
) -> str:
    """The value of one `Set-Cookie` header (without the header name).

    `expires` may be a datetime (naive means UTC), a preformatted HTTP date or a number of
    seconds from now. An invalid name raises `http.cookies.CookieError`; an unknown
    `samesite` raises ValueError.
    """
    cookie = _build_cookie(
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
    return cookie.output(header="").strip()


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

    def to_header(self, **kwargs: Any) -> str:
        """`Set-Cookie: ...` as `SimpleCookie.output` renders it; pass `header=""` for the value."""
        cookie = _build_cookie(
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
        return cookie.output(**kwargs).strip()


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

    Pairs are split on `;` and on the first `=`, then stripped and unquoted. Pairs without a
    name are skipped; when a name repeats, the last value wins.
    """
    cookies: dict[str, str] = {}
    for chunk in header.split(";"):
        name, sep, value = chunk.partition("=")
        name = name.strip()
        if not sep or not name:
            continue
        cookies[name] = _unquote(value.strip())
    return cookies
