"""HTTPSRedirectMiddleware: send plain http/ws requests to https/wss (307, path and query kept)."""

from __future__ import annotations

from lilya.datastructures._hosts import INVALID_HOST, host_of_scope
from lilya.datastructures.url import URL
from lilya.exceptions import BadRequest
from lilya.responses import PlainText, RedirectResponse
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["HTTPSRedirectMiddleware"]

_SECURE = {"http": "https", "ws": "wss"}


class HTTPSRedirectMiddleware:
    """Redirect insecure requests to the secure scheme, dropping the default ports."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scheme = scope.get("scheme", "http")
        if scope["type"] not in ("http", "websocket") or scheme not in _SECURE:
            await self.app(scope, receive, send)
            return
        try:
            # The host as the request gave it (validated; IPv6 literals keep their brackets).
            found = host_of_scope(scope)
        except BadRequest:
            await _refuse_invalid_host(scope, receive, send)
            return
        url = URL(scope=scope)
        if found is not None:
            netloc, port = found
        else:  # no Host header: the server's address, as the URL spells it
            netloc, port = url.netloc, url.port
            if port is not None:
                netloc = netloc.rsplit(":", 1)[0]
        if port is not None and port not in (80, 443):
            netloc = f"{netloc}:{port}"
        secure = url.replace(scheme=_SECURE[scheme], netloc=netloc)
        if scope["type"] == "websocket":
            # A handshake cannot be redirected by the WebSocket protocol itself: deny it with
            # the redirect where the server allows, else close.
            if "websocket.http.response" in scope.get("extensions", {}):
                response = RedirectResponse(str(secure.replace(scheme=_SECURE["http"])))
                await send(
                    {
                        "type": "websocket.http.response.start",
                        "status": response.status_code,
                        "headers": response.raw_headers,
                    }
                )
                await send({"type": "websocket.http.response.body", "body": b""})
                return
            await send({"type": "websocket.close", "code": 1008, "reason": "Use wss://"})
            return
        await RedirectResponse(str(secure))(scope, receive, send)


async def _refuse_invalid_host(scope: Scope, receive: Receive, send: Send) -> None:
    """400 (or a closed WebSocket): no redirect may point at a host the request made up."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": INVALID_HOST})
        return
    await PlainText(INVALID_HOST, status_code=400)(scope, receive, send)
