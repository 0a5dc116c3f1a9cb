"""Typed handler parameters: analysis when a route is built, validation per request, 422s.

See lilya.params for the markers. Validation is msgspec's, or pydantic's for pydantic types.
"""

from __future__ import annotations

from lilya.validation._analysis import TypedParam, is_body_type, typed_parameter
from lilya.validation._binding import TypedBinder
from lilya.validation.errors import (
    PROBLEM_MEDIA_TYPE,
    FieldError,
    RequestValidationError,
    problem_document,
    problem_response,
)

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "RequestValidationError",
    "TypedBinder",
    "TypedParam",
    "is_body_type",
    "problem_document",
    "problem_response",
    "typed_parameter",
]
