"""The 422 answer to a request whose declared parameters or body do not validate.

The body is an RFC 9457 problem document (`application/problem+json`) whose `errors` member
lists every field that failed: where it was (`query`, `header`, `cookie`, `path`, `body`), its
name (for the body a dotted path inside it, with a JSON `pointer`) and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lilya import status
from lilya._exception_handling import enclosing_handlers
from lilya.encoders import json_encode
from lilya.exceptions import HTTPException
from lilya.responses import Response
from lilya.types import Scope

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "RequestValidationError",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One field that failed: where it was, its name there, and why."""

    location: str
    field: str
    detail: str
    pointer: str | None = None

    def as_dict(self) -> dict[str, str]:
        """The entry of the problem document's `errors` list."""
        entry = {"location": self.location, "field": self.field, "detail": self.detail}
        if self.pointer is not None:
            entry["pointer"] = self.pointer
        return entry


class RequestValidationError(HTTPException):
    """Declared parameters or body did not validate (422).

    Register an exception handler for this class (or for 422) to answer in another format;
    without one the route answers with a 422 problem document listing `exc.errors`.
    """

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__(detail=_summary(self.errors))


def _summary(errors: Sequence[FieldError]) -> str:
    if len(errors) == 1:
        error = errors[0]
        return f"Invalid {error.location} field {error.field!r}: {error.detail}"
    return f"{len(errors)} request fields are invalid."


def _problem_document(errors: Sequence[FieldError]) -> dict[str, Any]:
    """The RFC 9457 document for these errors."""
    return {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": status.HTTP_422_UNPROCESSABLE_ENTITY,
        "detail": _summary(errors),
        "errors": [error.as_dict() for error in errors],
    }


def _problem_response(errors: Sequence[FieldError]) -> Response:
    """A 422 `application/problem+json` response listing the errors."""
    return Response(
        json_encode(_problem_document(errors)),
        status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _answer_for(scope: Scope, errors: Sequence[FieldError]) -> Response:
    """The problem response, unless the app or a layer has a handler for these errors: then
    the error is raised for that handler to answer."""
    handlers: Mapping[Any, Any] = enclosing_handlers(scope)
    if RequestValidationError in handlers or status.HTTP_422_UNPROCESSABLE_ENTITY in handlers:
        raise RequestValidationError(errors)
    return _problem_response(errors)
