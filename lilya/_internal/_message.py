"""`Address` (a client's host and port), which lives in lilya.connections."""

from __future__ import annotations

from lilya.connections import Address

__all__ = ["Address"]
