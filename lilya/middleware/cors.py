"""CORSMiddleware: cross-origin resource sharing for browsers.

Preflights (OPTIONS with Origin and Access-Control-Request-Method) are answered here: 200 with
the allow headers, or 400 naming what was disallowed. Other requests from an allowed origin get
Access-Control-Allow-Origin added. A disallowed origin never receives it, and a credentialed
response never says "*": the origin is echoed with `Vary: Origin` instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lilya.datastructures.headers import Header, Headers
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CORSMiddleware"]

_ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
_SAFELISTED_HEADERS = {"accept", "accept-language", "content-language", "content-type"}


class CORSMiddleware:
    """Add CORS headers for allowed origins and answer preflight requests."""

    def __init__(
        self,
        app: ASGIApp,
        allow_origins: Sequence[str] | None = None,
        allow_methods: Sequence[str] | None = None,
        allow_headers: Sequence[str] | None = None,
        allow_credentials: bool = False,
        allow_origin_regex: str | None = None,
        expose_headers: Sequence[str] | None = None,
        max_age: int = 600,
    ) -> None:
        origins = list(allow_origins or ())
        methods = [m.upper() for m in (allow_methods or ("GET",))]
        headers = [h.lower() for h in (allow_headers or ())]
        self.app = app
        self.allow_all_origins = "*" in origins
        self.allow_origins = set(origins)
        self.allow_origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        self.allow_all_methods = "*" in methods
        self.allow_methods = list(_ALL_METHODS) if self.allow_all_methods else methods
        self.allow_all_headers = "*" in headers
        self.allow_headers = sorted(_SAFELISTED_HEADERS | set(headers) - {"*"})
        self.allow_credentials = allow_credentials
        self.expose_headers = list(expose_headers or ())
        self.max_age = max_age
        # Echo the origin (with Vary) whenever "*" would be wrong or imprecise.
        self.echo_origin = allow_credentials or not self.allow_all_origins

    def validate_origin(self, origin: str) -> bool:
        if self.allow_all_origins or origin in self.allow_origins:
            return True
        return bool(self.allow_origin_regex and self.allow_origin_regex.fullmatch(origin))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(raw=scope["headers"])
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self.preflight_response(headers)(scope, receive, send)
            return
        await self.simple_response(scope, receive, send, headers)

    def preflight_response(self, request_headers: Headers) -> Response:
        origin = request_headers["origin"]
        method = request_headers["access-control-request-method"].upper()
        requested = request_headers.get("access-control-request-headers", "")
        failures = []
        if not self.validate_origin(origin):
            failures.append("origin")
        if method not in self.allow_methods:
            failures.append("method")
        wanted = [h.strip().lower() for h in requested.split(",") if h.strip()]
        if not self.allow_all_headers and any(h not in self.allow_headers for h in wanted):
            failures.append("headers")
        response_headers: dict[str, Any] = {
            "Access-Control-Allow-Methods": ", ".join(self.allow_methods),
            "Access-Control-Max-Age": str(self.max_age),
        }
        if self.allow_all_headers and requested:
            response_headers["Access-Control-Allow-Headers"] = requested
        elif self.allow_headers:
            response_headers["Access-Control-Allow-Headers"] = ", ".join(self.allow_headers)
        if self.allow_credentials:
            response_headers["Access-Control-Allow-Credentials"] = "true"
        if failures:
            return PlainText(
                "Disallowed CORS " + ", ".join(failures), status_code=400, headers=response_headers
            )
        response = PlainText("OK", status_code=200, headers=response_headers)
        self.set_allow_origin(response.headers, origin)
        return response

    def set_allow_origin(self, headers: Header, origin: str) -> None:
        if self.echo_origin:
            headers["Access-Control-Allow-Origin"] = origin
            headers.add_vary_header("Origin")
        else:
            headers["Access-Control-Allow-Origin"] = "*"

    async def simple_response(
        self, scope: Scope, receive: Receive, send: Send, request_headers: Headers
    ) -> None:
        origin = request_headers["origin"]
        allowed = self.validate_origin(origin)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and allowed:
                headers = Header(raw=list(message.get("headers", [])))
                self.set_allow_origin(headers, origin)
                if self.allow_credentials:
                    headers["Access-Control-Allow-Credentials"] = "true"
                if self.expose_headers:
                    headers["Access-Control-Expose-Headers"] = ", ".join(self.expose_headers)
                message["headers"] = headers.raw
            await send(message)

        await self.app(scope, receive, sending)
