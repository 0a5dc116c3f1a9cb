"""SessionMiddleware: a dict per client, kept in a signed, timestamped cookie.

The session is JSON, base64-encoded and signed with itsdangerous, so the client can read it but
not alter it. A cookie that is tampered with, expired, signed with another key or simply
garbage gives an empty session, never an error. The cookie is written only when the session
changed during the request, and deleted when a previously stored session was emptied.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Literal

from lilya.connections import Connection
from lilya.datastructures.cookies import format_set_cookie
from lilya.datastructures.secret import Secret
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SessionMiddleware"]

_EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT"
# The session as loaded, serialised, so the response can tell whether it changed.
_SNAPSHOT = "lilya.session.loaded"


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


# Made once: json.dumps with options builds an encoder per call (about half its time here).
_ENCODER = json.JSONEncoder(separators=(",", ":"), sort_keys=True)


def _dump(session: dict[str, Any]) -> str:
    return _ENCODER.encode(session)


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
        session, stored = self._load(raw) if raw else ({}, "")
        scope["session"] = session
        # The JSON text the cookie carried: it is what _dump gave when the cookie was made, so
        # the response can tell whether the session changed without serialising it twice.
        scope[_SNAPSHOT] = stored
        return not session

    def decode(self, raw: str) -> dict[str, Any]:
        """Verify and decode a cookie value; anything wrong with it gives {}."""
        return self._load(raw)[0]

    def _load(self, raw: str) -> tuple[dict[str, Any], str]:
        """The session a cookie value holds and its JSON text; ({}, "") for anything wrong."""
        try:
            payload = self.signer.unsign(raw.encode("latin-1"), max_age=self.max_age)
            text = base64.b64decode(payload, validate=True).decode("utf-8")
            data = json.loads(text)
        except (self._bad_data, binascii.Error, UnicodeError, ValueError, RecursionError):
            return {}, ""
        if not isinstance(data, dict) or not data:
            return {}, ""
        return data, text

    def encode(self, session: dict[str, Any]) -> str:
        """The signed cookie value for `session`."""
        payload = base64.b64encode(_dump(session).encode("utf-8"))
        signed: bytes = self.signer.sign(payload)
        return signed.decode("latin-1")

    async def process_response(
        self, message: Message, scope: Scope, initial_session_was_empty: bool, send: Send
    ) -> None:
        """Send the response start with the Set-Cookie the session's changes call for."""
        session: dict[str, Any] = scope["session"]
        if session:
            if _dump(session) != scope.get(_SNAPSHOT):
                message = await self.set_session_cookie(scope, message)
        elif not initial_session_was_empty:
            message = await self.clear_session_cookie(scope, message)
        await send(message)

    async def set_session_cookie(self, scope: Scope, message: Message) -> Message:
        cookie = format_set_cookie(
            self.session_cookie,
            self.encode(scope["session"]),
            max_age=self.max_age,
            path=self.path,
            domain=self.domain,
            secure=self.https_only,
            httponly=True,
            samesite=self.same_site,
        )
        return _with_header(message, cookie)

    async def clear_session_cookie(self, scope: Scope, message: Message) -> Message:
        cookie = format_set_cookie(
            self.session_cookie,
            "null",
            max_age=0,
            expires=_EXPIRED,
            path=self.path,
            domain=self.domain,
            secure=self.https_only,
            httponly=True,
            samesite=self.same_site,
        )
        return _with_header(message, cookie)


def _with_header(message: Message, cookie: str) -> Message:
    headers = list(message.get("headers", ()))
    headers.append((b"set-cookie", cookie.encode("latin-1")))
    return {**message, "headers": headers}
