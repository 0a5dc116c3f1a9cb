"""Request body limits chosen by an app, Include or Path for the requests they serve.

The chosen limit travels in the scope (`lilya.max_body_size`), where lilya.requests reads it
instead of the settings' `max_body_size`. Each level that sets one overwrites it as the
request goes in, so the innermost wins. Levels that set none add nothing to the request path.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable
from typing import Final

from lilya.exceptions import ImproperlyConfigured
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["UNLIMITED", "NoBodyLimit", "check_body_limit", "with_body_limit"]

SCOPE_KEY: Final = "lilya.max_body_size"


class NoBodyLimit(enum.Enum):
    """The type of UNLIMITED."""

    UNLIMITED = "unlimited"


UNLIMITED: Final = NoBodyLimit.UNLIMITED
"""`max_body_size=UNLIMITED`: bodies of any size, whatever an outer level or the settings say."""


class _BodyLimit:
    """Writes a body limit into the scope, then hands on the inner app's awaitable (no frame of
    its own)."""

    __slots__ = ("app", "limit")

    def __init__(self, app: ASGIApp, limit: int | None) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        scope[SCOPE_KEY] = self.limit
        return self.app(scope, receive, send)


def with_body_limit(app: ASGIApp, max_body_size: int | NoBodyLimit | None) -> ASGIApp:
    """`app` serving its requests with `max_body_size` bytes at most (None: the limit of the
    level around it, else the settings'; 0: no body at all; UNLIMITED: no limit)."""
    check_body_limit(max_body_size)
    if max_body_size is None:
        return app
    return _BodyLimit(app, None if max_body_size is UNLIMITED else max_body_size)


def check_body_limit(max_body_size: object) -> None:
    """ImproperlyConfigured unless `max_body_size` is None, UNLIMITED or a size in bytes."""
    if max_body_size is None or max_body_size is UNLIMITED:
        return
    if isinstance(max_body_size, bool) or not isinstance(max_body_size, int) or max_body_size < 0:
        raise ImproperlyConfigured(
            f"max_body_size must be a number of bytes (0 or more), None to inherit the limit "
            f"around it, or UNLIMITED; got {max_body_size!r}."
        )
