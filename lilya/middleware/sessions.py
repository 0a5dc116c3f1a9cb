"""SessionMiddleware: a dict per client, kept in a signed, timestamped cookie.

The session is JSON, base64-encoded and signed with itsdangerous, so the client can read it but
not alter it. A cookie that is tampered with, expired, signed with another key or simply
garbage gives an empty session, never an error. As in Lilya 0.7.5, a non-empty session is
written back on every response (so `max_age` counts from the client's last request), in the
same Set-Cookie spelling, and the cookie is deleted when a previously stored session was emptied.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Literal

from lilya.connections import Connection
from lilya.datastructures.secret import Secret
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SessionMiddleware"]

_EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT"


def _load_signer(secret_key: str) -> tuple[Any, type[Exception]]:
    """itsdangerous' signer for the key, and the error it raises for any bad cookie."""
    try:
        import itsdangerous
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "SessionMiddleware needs itsdangerous: install the `sessions` extra of lilya-toolkit "
            "(pip install -e '.[sessions]' in a checkout)."
        ) from exc
    return itsdangerous.TimestampSigner(secret_key), itsdangerous.BadData


def _dump(session: dict[str, Any]) -> str:
    """json.dumps' default form, as Lilya 0.7.5 signs it: both write the same cookie."""
    return json.dumps(session)


class SessionMiddleware:
    """Give every HTTP request and WebSocket a `scope["session"]` dict backed by a cookie."""

    def __init__(
        self,
        app: ASGIApp,
        secret_key: str | Secret,
        session_cookie: str = "session",
        max_age: int | None = 14 * 24 * 60 * 60,
        path: str = "/",
        same_site: Literal["lax", "strict", "none"] = "lax",
        https_only: bool = False,
        domain: str | None = None,
    ) -> None:
        self.app = app
        self.signer, self._bad_data = _load_signer(str(secret_key))
        self.session_cookie = session_cookie
        self.max_age = max_age
        self.path = path
        self.same_site = same_site
        self.https_only = https_only
        self.domain = domain
        # The attributes after the value, spelled as Lilya 0.7.5 spells them.
        flags = f"httponly; samesite={same_site}"
        if https_only:
            flags += "; secure"
        if domain is not None:
            flags += f"; domain={domain}"
        self._flags = flags

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        initial_session_was_empty = await self.load_session_data(scope, Connection(scope))

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self.process_response(message, scope, initial_session_was_empty, send)
            else:
                await send(message)

        await self.app(scope, receive, send_with_session)

    async def load_session_data(self, scope: Scope, connection: Connection) -> bool:
        """Put the stored session in the scope; True when there was none to load."""
        raw = connection.cookies.get(self.session_cookie, "")
        session = self.decode(raw) if raw else {}
        scope["session"] = session
        return not session

    def decode(self, raw: str) -> dict[str, Any]:
        """Verify and decode a cookie value; anything wrong with it gives {}."""
        try:
            payload = self.signer.unsign(raw.encode("latin-1"), max_age=self.max_age)
            data = json.loads(base64.b64decode(payload, validate=True).decode("utf-8"))
        except (self._bad_data, binascii.Error, UnicodeError, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict):
            return {}
        return data

    def encode(self, session: dict[str, Any]) -> str:
        """The signed cookie value for `session`."""
        payload = base64.b64encode(_dump(session).encode("utf-8"))
        signed: bytes = self.signer.sign(payload)
        return signed.decode("latin-1")

    async def process_response(
        self, message: Message, scope: Scope, initial_session_was_empty: bool, send: Send
    ) -> None:
        """Send the response start with the Set-Cookie the session's changes call for."""
        if scope["session"]:
            message = await self.set_session_cookie(scope, message)
        elif not initial_session_was_empty:
            message = await self.clear_session_cookie(scope, message)
        await send(message)

    async def set_session_cookie(self, scope: Scope, message: Message) -> Message:
        max_age = f"Max-Age={self.max_age}; " if self.max_age else ""
        value = self.encode(scope["session"])
        cookie = f"{self.session_cookie}={value}; path={self.path}; {max_age}{self._flags}"
        return _with_header(message, cookie)

    async def clear_session_cookie(self, scope: Scope, message: Message) -> Message:
        cookie = f"{self.session_cookie}=null; path={self.path}; expires={_EXPIRED}; {self._flags}"
        return _with_header(message, cookie)


def _with_header(message: Message, cookie: str) -> Message:
    headers = list(message.get("headers", ()))
    headers.append((b"set-cookie", cookie.encode("latin-1")))
    return {**message, "headers": headers}
