"""Errors a directive raises to stop with a message instead of a traceback."""

from __future__ import annotations

from typing import Any

from lilya.exceptions import LilyaException

__all__ = ["DirectiveError"]


class DirectiveError(LilyaException):
    """A problem the user can fix (no app found, unknown directive, bad arguments).

    The `lilya` command prints `detail` and exits with `returncode`.
    """

    def __init__(self, detail: str, returncode: int = 1, **kwargs: Any) -> None:
        super().__init__(detail=detail)
        self.returncode = returncode
        self.extra = kwargs
