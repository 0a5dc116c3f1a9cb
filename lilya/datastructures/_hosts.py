"""The Host header, parsed once and strictly, so every part of lilya sees the same host.

Accepted (RFC 9110 Host = uri-host [":" port], uri-host from RFC 3986):
- a reg-name of unreserved characters and sub-delims (letters, digits, ``-._~!$&'()*+,;=``),
  at most 255 characters, without empty labels (``.example.com``, ``a..b``; a trailing dot
  is allowed); percent-encoding is refused (browsers decode it, so a host that
  looks like one name could stand for another);
- an IPv4 address (a reg-name by syntax);
- a bracketed IPv6 literal (``[::1]``), without a zone id;
- an optional port: digits, at most 65535; an empty port (``example.com:``) counts as none.

Anything else (``example.com:@evil.com``, ``evil.com#.example.org``, backslashes, spaces,
userinfo, control characters, two Host headers) is invalid: the request gets a 400.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable

from lilya.exceptions import BadRequest
from lilya.types import Scope

__all__ = [
    "INVALID_HOST",
    "LAST_VALID_HOST_VALUE",
    "VALID_HOST_VALUES",
    "admit_host_value",
    "host_of_scope",
    "parse_host",
    "single_host_header",
]

INVALID_HOST = "Invalid host header"

_REG_NAME = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=]{1,255}")
_PORT = re.compile(r"[0-9]{0,5}")
# The longest valid value: a 255-character name, ":" and five digits. Longer values are
# refused before the memo, so hostile values cannot fill it with large strings.
_LONGEST = 255 + 6


def parse_host(value: str) -> tuple[str, int | None]:
    """(host, port or None) of a Host header value; ValueError when it is not a valid host.

    The host is returned as written (case kept), IPv6 literals with their brackets, ready to
    be put back into a URL.
    """
    if len(value) > _LONGEST:
        raise ValueError("The host is too long.")
    return _parse_host(value)


@functools.lru_cache(maxsize=256)
def _parse_host(value: str) -> tuple[str, int | None]:
    # Remembered: clients send the same few hosts again and again; errors are not cached,
    # which keeps the memo for the values that matter.
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            raise ValueError("An IPv6 literal without its closing bracket.")
        host, rest = value[: end + 1], value[end + 1 :]
        literal = host[1:-1]
        if "%" in literal:  # zone ids have no place in a Host header (RFC 6874)
            raise ValueError("An IPv6 literal with a zone id.")
        try:
            ipaddress.IPv6Address(literal)
        except ValueError as exc:
            raise ValueError(f"Not an IPv6 literal: {exc}") from None
    else:
        host, colon, port_text = value.partition(":")
        rest = colon + port_text
        if _REG_NAME.fullmatch(host) is None:
            raise ValueError("Not a valid host name.")
        if host[0] == "." or ".." in host:
            # An empty label names no host; ".example.com" would pass a "*.example.com" check.
            raise ValueError("A host name with an empty label.")
    if not rest:
        return host, None
    if rest[0] != ":" or _PORT.fullmatch(rest, 1) is None:
        raise ValueError("Not a valid port.")
    if len(rest) == 1:
        return host, None
    port = int(rest[1:])
    if port > 65535:
        raise ValueError("The port is out of range.")
    return host, port


# Raw Host header values seen valid, for the check the outermost app makes on every request:
# bounded (clients repeat the same few), an empty value (no authority) allowed. PERF: the
# last valid value is compared first: comparing bytes skips hashing a fresh value (about
# 20 ns of the 24 a set lookup takes).
VALID_HOST_VALUES: set[bytes] = {b""}
LAST_VALID_HOST_VALUE: list[bytes] = [b""]
_VALID_HOST_VALUES_KEPT = 256


def admit_host_value(value: bytes) -> bool:
    """Whether a raw Host header value not seen before is valid; valid ones are remembered
    in VALID_HOST_VALUES and LAST_VALID_HOST_VALUE."""
    try:
        parse_host(value.decode("latin-1"))
    except ValueError:
        return False
    if len(VALID_HOST_VALUES) < _VALID_HOST_VALUES_KEPT:
        VALID_HOST_VALUES.add(value)
    LAST_VALID_HOST_VALUE[0] = value
    return True


def single_host_header(headers: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """The raw value of the one Host header (None without one); BadRequest (400) for more
    than one (RFC 9112 section 3.2)."""
    found: bytes | None = None
    for key, value in headers:
        if key == b"host":
            if found is not None:
                raise BadRequest(detail=INVALID_HOST)
            found = value
    return found


def host_of_scope(scope: Scope) -> tuple[str, int | None] | None:
    """The validated (host, port) of a connection's Host header; None when it has no Host
    header or an empty one (then the server's address stands for it).

    Raises BadRequest (400) for an invalid value or more than one Host header (RFC 9112).
    """
    found = single_host_header(scope.get("headers", ()))
    if not found:
        return None
    try:
        return parse_host(found.decode("latin-1"))
    except ValueError:
        raise BadRequest(detail=INVALID_HOST) from None
