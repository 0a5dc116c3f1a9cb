"""DenyAll: a permission that refuses everything (for routes under construction, say)."""

from __future__ import annotations

from typing import Any

from lilya.exceptions import NotAuthorized
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["DenyAll"]


class DenyAll:
    """Raise NotAuthorized (401, or a refused handshake) for every request, as Lilya 0.7.5's."""

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotAuthorized()
