"""`handle_value_error`, which lives in lilya.exception_handlers."""

from __future__ import annotations

from lilya.exception_handlers import handle_value_error

__all__ = ["handle_value_error"]
