"""Typed handler parameters: analysis when a route is built, validation per request, 422s.

See lilya.params for the markers. Validation is msgspec's, or pydantic's for pydantic types.
"""

from __future__ import annotations

from lilya.validation.errors import PROBLEM_MEDIA_TYPE, FieldError, RequestValidationError

__all__ = ["PROBLEM_MEDIA_TYPE", "FieldError", "RequestValidationError"]
