"""Middleware: plain ASGI components, usable by lilya apps and any other ASGI framework."""

from lilya.middleware.base import DefineMiddleware, Middleware

__all__ = ["DefineMiddleware", "Middleware"]
