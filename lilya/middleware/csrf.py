"""CSRFMiddleware: double-submit cookie protection for unsafe HTTP methods.

A safe request (GET, HEAD, OPTIONS, TRACE by default) that carries no valid token cookie gets
one: a random token followed by its HMAC-SHA256 signature under the application secret
(Lilya 0.7.5's format). An
unsafe request (POST, PUT, PATCH, DELETE...) must send the same token back, in a header
(`X-CSRFToken` by default, for JavaScript) or, for a plain HTML form, in a form field
(`csrf_token` by default). The form is read up to `max_form_size` bytes and replayed to the
app, which reads it as usual. The request's token is in `scope["csrf_token"]` (Jinja2Template
puts it in every template's context as `csrf_token`), so the first page a visitor gets can
already hold a working form. A missing cookie or token, a mismatch or a bad signature is a
PermissionDenied (403), answered by the app's exception handler for it when there is one.
Comparisons are constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator, Awaitable, Iterable
from typing import Any, Literal

from lilya._exception_handling import (
    enclosing_handlers,
    http_exception_response,
    lookup_handler,
    run_handler,
)
from lilya._formparsers import form_limits, parse_form
from lilya.datastructures.cookies import format_set_cookie, parse_cookie_header
from lilya.datastructures.headers import Headers
from lilya.datastructures.secret import Secret
from lilya.exceptions import BadRequest, ClientDisconnect, PermissionDenied
from lilya.requests import Request
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSRF_SCOPE_KEY", "CSRF_SECRET_BYTES", "CSRF_SECRET_LENGTH", "CSRFMiddleware"]

# Where the request's token is left for the app and its templates.
CSRF_SCOPE_KEY = "csrf_token"

CSRF_SECRET_BYTES = 32
CSRF_SECRET_LENGTH = CSRF_SECRET_BYTES * 2  # hex digits of the random part
_SIGNATURE_LENGTH = hashlib.sha256().digest_size * 2
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_FAILED = "CSRF token verification failed."
_FORM_TYPES = (b"application/x-www-form-urlencoded", b"multipart/form-data")


class CSRFMiddleware:
    """Reject unsafe requests whose header or form token does not match their signed token
    cookie."""

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
        form_field_name: str | None = "csrf_token",
        max_form_size: int = 1024 * 1024,
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
        # None turns form tokens off: only the header is read.
        self.form_field_name = form_field_name
        self.max_form_size = max_form_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie_token, header_token, content_type = self._tokens(scope)
        valid_cookie = cookie_token is not None and self.verify(cookie_token)
        if scope["method"] in self.safe_methods:
            issued = None if valid_cookie else self.generate_token()
            scope[CSRF_SCOPE_KEY] = issued or cookie_token
            await self.app(scope, receive, self.get_send_wrapper(send, issued))
            return
        if not valid_cookie:
            await self.reject(scope, receive, send)
            return
        sent = header_token
        if sent is None and self.form_field_name is not None and content_type in _FORM_TYPES:
            body = await self._read_form_body(receive)
            if body is not None:
                sent = await self._form_token(scope, body)
                receive = _replay(body, receive)
        if sent is None or not hmac.compare_digest(sent.encode(), str(cookie_token).encode()):
            await self.reject(scope, receive, send)
            return
        scope[CSRF_SCOPE_KEY] = cookie_token
        await self.app(scope, receive, send)

    async def reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a failed check as a PermissionDenied raised in a handler would be answered:
        by the handler the app's exception layer would pick (the middleware sits outside
        it), so an app's catch-all `Exception` handler does not take a client's 403."""
        exc = PermissionDenied(detail=_FAILED)
        request = Request(scope, receive)
        handler = lookup_handler(enclosing_handlers(scope), exc)
        response: Any = await run_handler(handler, request, exc) if handler else None
        if response is None:
            response = http_exception_response(request, exc)
        await response(scope, receive, send)

    async def _read_form_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it grows past max_form_size (then the token must come
        in the header: the middleware never holds more than that in memory)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_form_size:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _form_token(self, scope: Scope, body: bytes) -> str | None:
        """The token field of the form in `body`, None when absent or unreadable."""
        limits = form_limits(1000, 1000, self.max_form_size, self.max_form_size)
        try:
            form = await parse_form(Headers(scope=scope), _once(body), limits)
        except BadRequest:
            return None
        try:
            value = form.get(str(self.form_field_name))
        finally:
            await form.close()
        return value.strip() if isinstance(value, str) else None

    def _tokens(self, scope: Scope) -> tuple[str | None, str | None, bytes]:
        """(token from the cookie, token from the header, media type) of the request."""
        cookie_token: str | None = None
        header_token: str | None = None
        content_type = b""
        for key, value in scope.get("headers", ()):
            if key == b"cookie":
                found = parse_cookie_header(value.decode("latin-1")).get(self.cookie_name)
                if found is not None:
                    cookie_token = found
            elif key == self.header_name:
                header_token = value.decode("latin-1").strip()
            elif key == b"content-type":
                content_type = value.partition(b";")[0].strip().lower()
        return cookie_token, header_token, content_type

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("latin-1"), hashlib.sha256).hexdigest()

    def generate_token(self) -> str:
        """A fresh random token followed by its signature, `<64 hex><64 hex>`: Lilya 0.7.5's
        format, so cookies it issued stay valid under the same secret."""
        value = secrets.token_hex(CSRF_SECRET_BYTES)
        return value + self._sign(value)

    def verify(self, token: str) -> bool:
        """Whether `token` was signed with this middleware's secret (also in the
        `<value>.<signature>` form that earlier lilya versions issued)."""
        value, dot, signature = token.partition(".")
        if not dot:
            value, signature = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
        if len(value) != CSRF_SECRET_LENGTH or len(signature) != _SIGNATURE_LENGTH:
            return False
        if not value.isascii():
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


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then the server's messages."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replay
