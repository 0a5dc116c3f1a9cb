"""`Repr`, which lives in lilya.representation."""

from __future__ import annotations

from lilya.representation import Repr

__all__ = ["Repr"]
