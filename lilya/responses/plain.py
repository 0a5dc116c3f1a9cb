"""PlainText: a text/plain response."""

from __future__ import annotations

from lilya.enums import MediaType
from lilya.responses.base import Response

__all__ = ["PlainText"]


class PlainText(Response):
    """Plain text (`text/plain; charset=utf-8`)."""

    media_type = MediaType.TEXT.value
