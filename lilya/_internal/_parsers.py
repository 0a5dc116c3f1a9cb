"""`MultiPartException`: the error a malformed multipart body raises (a 400 BadRequest)."""

from __future__ import annotations

from lilya._formparsers import MultiPartException

__all__ = ["MultiPartException"]
