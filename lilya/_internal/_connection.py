"""`Connection`, which lives in lilya.connections."""

from __future__ import annotations

from lilya.connections import Connection

__all__ = ["Connection"]
