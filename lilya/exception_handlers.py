"""Ready-made exception handlers to register on an application, a route or an Include."""

from __future__ import annotations

from lilya import status
from lilya.requests import Request
from lilya.responses import JSONResponse

__all__ = ["handle_value_error"]


async def handle_value_error(request: Request, exc: ValueError) -> JSONResponse:
    """Answer a ValueError raised by a handler as a 400 with `{"detail": str(exc)}`.

    Lilya's documentation registers it as `exception_handlers={ValueError: handle_value_error}`
    so that invalid input found by the handler becomes a client error, not a 500.
    """
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_400_BAD_REQUEST)
