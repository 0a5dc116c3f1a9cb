"""Exceptions raised by lilya and by applications built on it.

HTTPException and its subclasses carry a status code and are turned into responses by the
exception-handling layer; the others signal programming or configuration errors.
"""

from __future__ import annotations

import http
from typing import Any

from lilya import status

__all__ = [
    "AuthenticationError",
    "BadRequest",
    "ClientDisconnect",
    "ContentTooLarge",
    "EnvironmentError",
    "HTTPException",
    "ImproperlyConfigured",
    "InternalServerError",
    "LilyaException",
    "MethodNotAllowed",
    "MissingDependency",
    "NotAuthorized",
    "NotFound",
    "PermissionDenied",
    "TemplateNotFound",
    "WebSocketException",
    "WebSocketRuntimeError",
]


class LilyaException(Exception):
    """Base of lilya's own errors; `detail` holds a human-readable explanation."""

    def __init__(self, *args: Any, detail: str = "") -> None:
        self.detail = detail
        # As in Lilya: empty arguments are dropped and the detail is the last argument, so
        # str() of an exception built with only `detail=` is that detail.
        super().__init__(*(str(arg) for arg in args if arg), detail)

    def __repr__(self) -> str:
        if self.detail:
            return f"{self.__class__.__name__} - {self.detail}"
        return self.__class__.__name__

    def __str__(self) -> str:
        return "".join(str(arg) for arg in self.args).strip()


class HTTPException(LilyaException):
    """An error with an HTTP status code; the exception layer renders it as a response.

    The detail defaults to the class's `detail`, then to the first positional argument, then to
    the standard reason phrase of the status code.
    """

    status_code: int = status.HTTP_500_INTERNAL_SERVER_ERROR
    detail: Any = None

    def __init__(
        self,
        *args: Any,
        status_code: int | None = None,
        detail: Any = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        code = status_code or type(self).status_code or status.HTTP_500_INTERNAL_SERVER_ERROR
        if not detail:
            detail = type(self).detail
        if not detail:
            if args:
                detail, args = args[0], args[1:]
            else:
                detail = _reason_phrase(code)
        self.status_code = code
        self.detail = detail
        self.headers = headers
        self.extra = extra
        Exception.__init__(self, f"{code}: {detail}", *args)

    def __str__(self) -> str:
        return f"{self.status_code}: {self.detail}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code!r}, detail={self.detail!r})"


# Looked up per error response: a dict read, where HTTPStatus(code) is an enum call.
_REASON_PHRASES = {known.value: known.phrase for known in http.HTTPStatus}


def _reason_phrase(code: int) -> str:
    return _REASON_PHRASES.get(code, "Error")


class BadRequest(HTTPException):
    """The request was malformed (bad encoding, invalid JSON, broken form...)."""

    status_code = status.HTTP_400_BAD_REQUEST


class ContentTooLarge(HTTPException):
    """The request body exceeds a configured limit."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


class ImproperlyConfigured(HTTPException, ValueError):
    """The application or its settings are wired up wrongly."""

    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    def __str__(self) -> str:
        # A configuration error is read in a traceback or a terminal, not sent to a client:
        # what is wrong, without a status code in front.
        return str(self.detail)


class InternalServerError(ImproperlyConfigured):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    __str__ = HTTPException.__str__


class NotAuthorized(HTTPException):
    status_code = status.HTTP_401_UNAUTHORIZED
    detail = "You do not have authorization to perform this action."


class NotFound(HTTPException, ValueError):
    status_code = status.HTTP_404_NOT_FOUND
    detail = "The resource cannot be found."


class MethodNotAllowed(HTTPException):
    status_code = status.HTTP_405_METHOD_NOT_ALLOWED


class PermissionDenied(HTTPException):
    status_code = status.HTTP_403_FORBIDDEN
    detail = "You do not have permission to perform this action."


class MissingDependency(LilyaException, ImportError):
    """An optional dependency needed by the feature in use is not installed."""


class TemplateNotFound(HTTPException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    def __init__(self, *args: Any, name: str) -> None:
        super().__init__(*args, detail=f"Template {name} not found.")


class WebSocketException(Exception):
    """Closes a WebSocket with the given close code and reason."""

    def __init__(self, code: int, reason: str | None = None) -> None:
        # Exception.__new__ keeps the arguments as given in `args`, as in Lilya.
        self.code = code
        self.reason = reason or ""

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, reason={self.reason!r})"


class WebSocketRuntimeError(RuntimeError):
    """A WebSocket was used in a state that does not allow the operation."""


class AuthenticationError(Exception):
    """Authentication failed; raised by authentication backends."""


class EnvironmentError(Exception):
    """A required environment value is missing or cannot be cast."""


class ClientDisconnect(Exception):
    """The client went away while the request body was being read."""
