"""TrustedHostMiddleware: answer only for the host names the application expects.

The Host header is parsed strictly (lilya.datastructures._hosts): an invalid one is refused
whatever the patterns. Hosts are compared case-insensitively and without the port;
"*.example.com" allows every subdomain (not example.com itself). A request for another host
gets 400 "Invalid host header" (a WebSocket handshake is denied with it where the server
allows, else closed). With www_redirect, a request for
example.com when only www.example.com is allowed is redirected there (307, as in Lilya
0.7.5: the method and body are kept).
"""

from __future__ import annotations

from collections.abc import Sequence

from lilya.datastructures._hosts import host_of_scope
from lilya.datastructures.url import URL
from lilya.exceptions import BadRequest
from lilya.responses import PlainText, RedirectResponse
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ENFORCE_DOMAIN_WILDCARD", "TrustedHostMiddleware"]

ENFORCE_DOMAIN_WILDCARD = "Domain wildcard patterns must be as per example '*.example.com'."


class _WildcardPatternError(ValueError, AssertionError):
    """A malformed wildcard pattern: an AssertionError, as Lilya 0.7.5 raises (its check is
    an assert), that survives `python -O`; a ValueError as lilya raised before."""


class TrustedHostMiddleware:
    """Reject requests whose Host header is not in `allowed_hosts`."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Sequence[str] | None = None, www_redirect: bool = True
    ) -> None:
        hosts = [host.lower() for host in (allowed_hosts if allowed_hosts is not None else ["*"])]
        for pattern in hosts:
            if "*" in pattern[1:] or (
                pattern.startswith("*") and pattern != "*" and not pattern.startswith("*.")
            ):
                raise _WildcardPatternError(ENFORCE_DOMAIN_WILDCARD)
        self.app = app
        self.allowed_hosts = hosts
        self.allow_any = "*" in hosts
        self.www_redirect = www_redirect

    def validate_host(self, host: str) -> tuple[bool, bool]:
        """(host is allowed, a www redirect would be)."""
        found_www = False
        for pattern in self.allowed_hosts:
            if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
                return True, False
            if pattern == f"www.{host}":
                found_www = True
        return False, found_www

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        try:
            found = host_of_scope(scope)
        except BadRequest:
            # Invalid or repeated Host header: never allowed (nor redirected).
            await self.handle_invalid_host(scope, receive, send, False)
            return
        name = found[0].lower() if found is not None else ""
        allowed, found_www = self.validate_host(name)
        if allowed:
            await self.app(scope, receive, send)
            return
        await self.handle_invalid_host(scope, receive, send, found_www)

    async def handle_invalid_host(
        self, scope: Scope, receive: Receive, send: Send, found_www_redirect: bool
    ) -> None:
        if scope["type"] == "websocket":
            if "websocket.http.response" in scope.get("extensions", {}):
                # As Lilya 0.7.5: the handshake is denied with the 400 an HTTP request gets.
                await PlainText("Invalid host header", status_code=400)(scope, receive, send)
                return
            await send({"type": "websocket.close", "code": 1008, "reason": "Invalid host header"})
            return
        if found_www_redirect and self.www_redirect:
            url = URL(scope=scope)
            port = f":{url.port}" if url.port else ""
            redirect = url.replace(netloc=f"www.{url.hostname}{port}")
            await RedirectResponse(str(redirect))(scope, receive, send)
            return
        await PlainText("Invalid host header", status_code=400)(scope, receive, send)
