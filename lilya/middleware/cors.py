"""CORSMiddleware: cross-origin resource sharing for browsers.

Preflights (OPTIONS with Origin and Access-Control-Request-Method) are answered here: 200 with
the allow headers, or 400 naming what was disallowed. Other requests from an allowed origin get
Access-Control-Allow-Origin added. A disallowed origin never receives it, and a credentialed
response never says "*": the origin is echoed with `Vary: Origin` instead. As in Lilya, a
request that carries cookies also gets its origin echoed when all origins are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Sequence

from lilya.datastructures.headers import Header, Headers
from lilya.responses import Response
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CORSMiddleware"]

# In Lilya 0.7.5's order, so `allow_methods=["*"]` reads the same in the preflight answer.
_ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_SAFELISTED_HEADERS = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}


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
        headers = list(allow_headers or ())
        self.app = app
        self.allow_all_origins = "*" in origins
        self.allow_origins = set(origins)
        self.allow_origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        self.allow_all_methods = "*" in methods
        self.allow_methods = list(_ALL_METHODS) if self.allow_all_methods else methods
        self.allow_all_headers = "*" in headers
        # Named as given (Title-Case for the safelisted ones) in the answer, compared lowercase.
        named = sorted(_SAFELISTED_HEADERS | set(headers) - {"*"})
        self.allow_headers = [h.lower() for h in named]
        self.allow_credentials = allow_credentials
        self.expose_headers = list(expose_headers or ())
        self.max_age = max_age
        # Echo the origin (with Vary) whenever "*" would be wrong or imprecise.
        self.echo_origin = allow_credentials or not self.allow_all_origins
        # Headers that never depend on the request, encoded once.
        self._preflight_headers: list[tuple[bytes, bytes]] = [
            (b"access-control-allow-methods", ", ".join(self.allow_methods).encode("latin-1")),
            (b"access-control-max-age", str(max_age).encode("latin-1")),
        ]
        if not self.allow_all_headers and named:
            allowed = ", ".join(named).encode("latin-1")
            self._preflight_headers.append((b"access-control-allow-headers", allowed))
        self._simple_headers: list[tuple[bytes, bytes]] = []
        if allow_credentials:
            credentials = (b"access-control-allow-credentials", b"true")
            self._preflight_headers.append(credentials)
            self._simple_headers.append(credentials)
        if self.expose_headers:
            exposed = ", ".join(self.expose_headers).encode("latin-1")
            self._simple_headers.append((b"access-control-expose-headers", exposed))

    def validate_origin(self, origin: str) -> bool:
        if self.allow_all_origins or origin in self.allow_origins:
            return True
        return bool(self.allow_origin_regex and self.allow_origin_regex.fullmatch(origin))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = requested_method = requested_headers = None
        has_cookie = False
        for key, value in scope["headers"]:
            if key == b"origin":
                origin = value
            elif key == b"cookie":
                has_cookie = True
            elif key == b"access-control-request-method":
                requested_method = value
            elif key == b"access-control-request-headers":
                requested_headers = value
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and requested_method is not None:
            status, body, headers = self._preflight(
                origin.decode("latin-1"),
                requested_method.decode("latin-1"),
                None if requested_headers is None else requested_headers.decode("latin-1"),
            )
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self._simple(scope, receive, send, origin.decode("latin-1"), has_cookie)

    def preflight_response(self, request_headers: Headers) -> Response:
        """The answer to a preflight request, as a Response."""
        status, body, headers = self._preflight(
            request_headers["origin"],
            request_headers["access-control-request-method"],
            request_headers.get("access-control-request-headers"),
        )
        response = Response(body, status_code=status)
        response.raw_headers = headers
        return response

    def _preflight(
        self, origin: str, method: str, requested: str | None
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        """(status, body, headers) of the preflight answer: 200, or 400 naming what failed.

        As in Lilya 0.7.5, a refused preflight from an allowed origin still names the origin,
        and `allow_headers=["*"]` answers "*" unless the browser listed the headers it wants.
        """
        failures = []
        origin_ok = self.validate_origin(origin)
        if not origin_ok:
            failures.append("origin")
        if method.strip().upper() not in self.allow_methods:
            failures.append("method")
        if not self.allow_all_headers and requested:
            wanted = (h.strip().lower() for h in requested.split(","))
            if any(h and h not in self.allow_headers for h in wanted):
                failures.append("headers")
        body = b"OK" if not failures else ("Disallowed CORS " + ", ".join(failures)).encode()
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode("latin-1")),
            *self._preflight_headers,
        ]
        if self.allow_all_headers:
            wildcard = b"*" if requested is None else _header_bytes(requested)
            headers.append((b"access-control-allow-headers", wildcard))
        if self.echo_origin:
            if origin_ok:
                headers.append((b"access-control-allow-origin", _header_bytes(origin)))
            headers.append((b"vary", b"Origin"))
        else:
            headers.append((b"access-control-allow-origin", b"*"))
        return (400 if failures else 200), body, headers

    def set_explicit_origin(self, headers: Header, origin: str) -> None:
        """Name `origin` itself as allowed (never "*") and mark the answer as varying by it."""
        headers["Access-Control-Allow-Origin"] = origin
        headers.add_vary_header("Origin")
        if headers.get("Access-Control-Expose-Headers"):
            headers.add_vary_header("Access-Control-Expose-Headers")

    async def simple_response(
        self, scope: Scope, receive: Receive, send: Send, request_headers: Headers
    ) -> None:
        """Run the app, adding the CORS headers to its response when the origin is allowed."""
        has_cookie = "cookie" in request_headers
        await self._simple(scope, receive, send, request_headers["origin"], has_cookie)

    async def _simple(
        self, scope: Scope, receive: Receive, send: Send, origin: str, has_cookie: bool = False
    ) -> None:
        # As in Lilya 0.7.5, Allow-Credentials and Expose-Headers are added whatever the
        # origin; Allow-Origin only for an allowed one (they mean nothing without it).
        added = list(self._simple_headers)
        echo = False
        if self.validate_origin(origin):
            # A cookie-carrying request names its origin even without allow_credentials (as
            # Lilya and Starlette do); "*" stays for anonymous requests.
            echo = self.echo_origin or has_cookie
            allowed = _header_bytes(origin) if echo else b"*"
            added.insert(0, (b"access-control-allow-origin", allowed))
        if not added:
            await self.app(scope, receive, send)
            return
        replaced = {name for name, _ in added}
        vary_exposed = echo and bool(self.expose_headers)

        def sending(message: Message) -> Awaitable[None]:
            if message["type"] == "http.response.start":
                raw = [pair for pair in message.get("headers", ()) if pair[0] not in replaced]
                raw.extend(added)
                if echo:
                    headers = Header(raw=raw)
                    headers.add_vary_header("Origin")
                    if vary_exposed:
                        # Lilya 0.7.5 marks an echoed answer that exposes headers this way too.
                        headers.add_vary_header("Access-Control-Expose-Headers")
                message["headers"] = raw
            return send(message)

        await self.app(scope, receive, sending)


def _header_bytes(value: str) -> bytes:
    return value.encode("latin-1", "replace")
