"""`MultiPartException`: the error a malformed multipart body raises.

lilya's form parser reports a malformed body as BadRequest (a 400), so that is what this name
catches.
"""

from __future__ import annotations

from lilya.exceptions import BadRequest as MultiPartException

__all__ = ["MultiPartException"]
