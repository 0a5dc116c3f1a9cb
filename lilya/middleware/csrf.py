"""CSRFMiddleware: double-submit cookie protection for unsafe HTTP methods.

A safe request (GET, HEAD, OPTIONS, TRACE by default) that carries no valid token cookie gets
one: a random token followed by its HMAC-SHA256 signature under the application secret. An
unsafe request (POST, PUT, PATCH, DELETE...) must send the same token back in a header
(`X-CSRFToken` by default, usually read by the page's JavaScript from the cookie). A missing
cookie, a missing header, a mismatch or a bad signature gets 403. Comparisons are constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Iterable
from typing import Literal

from lilya.datastructures.cookies import format_set_cookie, parse_cookie_header
from lilya.datastructures.secret import Secret
from lilya.responses import PlainText
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSRF_SECRET_BYTES", "CSRF_SECRET_LENGTH", "CSRFMiddleware"]

CSRF_SECRET_BYTES = 32
CSRF_SECRET_LENGTH = CSRF_SECRET_BYTES * 2  # hex digits of the random part
_SIGNATURE_LENGTH = hashlib.sha256().digest_size * 2
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_FAILED = "CSRF token verification failed."


class CSRFMiddleware:
    """Reject unsafe requests whose header token does not match their signed token cookie."""

    def __init__(
        self,
        app: ASGIApp,
        secret: str | Secret,
        cookie_name: str | None = None,
        header_name: str | None = None,
        cookie_path: str | None = None,
        safe_methods: Iterable[str] | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
        domain: str | None = None,
    ) -> None:
        if not str(secret):
            raise ValueError("CSRFMiddleware needs a non-empty secret.")
        self.app = app
        self.secret = str(secret).encode("utf-8")
        self.cookie_name = cookie_name or "csrftoken"
        self.header_name = (header_name or "X-CSRFToken").lower().encode("latin-1")
        self.cookie_path = cookie_path or "/"
        methods = _SAFE_METHODS if safe_methods is None else safe_methods
        self.safe_methods = frozenset(method.upper() for method in methods)
        self.secure = secure
        self.httponly = httponly
        self.samesite = samesite
        self.domain = domain

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie_token, header_token = self._tokens(scope)
        valid_cookie = cookie_token is not None and self.verify(cookie_token)
        if scope["method"] in self.safe_methods:
            issued = None if valid_cookie else self.generate_token()
            await self.app(scope, receive, self.get_send_wrapper(send, issued))
            return
        if (
            not valid_cookie
            or header_token is None
            or not hmac.compare_digest(header_token.encode(), str(cookie_token).encode())
        ):
            await PlainText(_FAILED, status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _tokens(self, scope: Scope) -> tuple[str | None, str | None]:
        """(token from the cookie, token from the header) of the request, None when absent."""
        cookie_token: str | None = None
        header_token: str | None = None
        for key, value in scope.get("headers", ()):
            if key == b"cookie":
                found = parse_cookie_header(value.decode("latin-1")).get(self.cookie_name)
                if found is not None:
                    cookie_token = found
            elif key == self.header_name:
                header_token = value.decode("latin-1").strip()
        return cookie_token, header_token

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("latin-1"), hashlib.sha256).hexdigest()

    def generate_token(self) -> str:
        """A fresh random token with its signature: `<64 hex>.<64 hex>`."""
        value = secrets.token_hex(CSRF_SECRET_BYTES)
        return f"{value}.{self._sign(value)}"

    def verify(self, token: str) -> bool:
        """Whether `token` was signed with this middleware's secret."""
        value, _, signature = token.partition(".")
        if len(value) != CSRF_SECRET_LENGTH or len(signature) != _SIGNATURE_LENGTH:
            return False
        expected = self._sign(value)
        return hmac.compare_digest(signature.encode("latin-1"), expected.encode())

    def get_send_wrapper(self, send: Send, csrf_cookie: str | None) -> Send:
        """`send` that adds the token cookie to the response start when one was issued."""
        if csrf_cookie is None:
            return send
        header = format_set_cookie(
            self.cookie_name,
            csrf_cookie,
            path=self.cookie_path,
            domain=self.domain,
            secure=self.secure,
            httponly=self.httponly,
            samesite=self.samesite,
        ).encode("latin-1")

        def send_with_cookie(message: Message) -> Awaitable[None]:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                headers.append((b"set-cookie", header))
                message = {**message, "headers": headers}
            return send(message)

        return send_with_cookie
