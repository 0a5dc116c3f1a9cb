"""Authentication middleware: find out who is calling, once, before the handler runs.

`authenticate(connection)` returns an `AuthResult(user=..., auth=...)` (or None for an
anonymous caller); the middleware stores them as scope["user"] and scope["auth"], which is what
`request.user` and `request.auth` read. Raising `AuthenticationError` refuses the connection:
401 for HTTP (the error's message as the body), a 1008 close for a WebSocket handshake, so a bad
credential never reaches the handler and never becomes a 500.

`BaseAuthMiddleware` is the Lilya-compatible base (subclass and write `authenticate`);
`AuthenticationMiddleware(app, backend=...)` takes one or more backends instead, tried in order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from lilya.connections import Connection
from lilya.exceptions import AuthenticationError
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "AnonymousUser",
    "AuthResult",
    "AuthenticationBackend",
    "AuthenticationMiddleware",
    "BaseAuthMiddleware",
]

# Close code for a refused WebSocket handshake (RFC 6455: policy violation).
WS_POLICY_VIOLATION = 1008


@dataclass
class AuthResult:
    """Who the caller is (`user`) and, optionally, what proved it (`auth`: scopes, a token...)."""

    user: Any
    auth: Any = None


class AnonymousUser:
    """The user of a connection no backend recognised: falsy checks read naturally."""

    is_authenticated = False
    display_name = ""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "AnonymousUser()"


ErrorHandler = Callable[[Connection, AuthenticationError], Response | Awaitable[Response]]


def default_on_error(conn: Connection, exc: AuthenticationError) -> Response:
    """401 with the error's message, so the client learns why without a stack trace."""
    return PlainText(str(exc) or "Unauthorized", status_code=401)


class BaseAuthMiddleware(ABC):
    """Subclass and implement `authenticate`; the rest (scope, errors, lifespan) is done here."""

    def __init__(self, app: ASGIApp, on_error: ErrorHandler | None = None) -> None:
        self.app = app
        self.on_error: ErrorHandler = on_error or default_on_error
        # The scope types authenticated, as in Lilya 0.7.5 (a subclass may narrow them).
        self.scopes: set[str] = {"http", "websocket"}

    @abstractmethod
    async def authenticate(self, request: Connection) -> AuthResult | None:
        """Who is calling: an AuthResult, None for anonymous; raise AuthenticationError to
        refuse."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in self.scopes:
            await self.app(scope, receive, send)
            return
        conn = Connection(scope, receive)
        try:
            result = await self.authenticate(conn)
        except AuthenticationError as exc:
            await self._refuse(conn, exc, receive, send)
            return
        if result is None:
            scope["user"], scope["auth"] = AnonymousUser(), None
        else:
            scope["user"], scope["auth"] = result.user, result.auth
        await self.app(scope, receive, send)

    async def _refuse(
        self, conn: Connection, exc: AuthenticationError, receive: Receive, send: Send
    ) -> None:
        scope = conn.scope
        if scope["type"] == "websocket":
            reason = (str(exc) or "Unauthorized")[:120]  # a close reason must fit 123 bytes
            await send({"type": "websocket.close", "code": WS_POLICY_VIOLATION, "reason": reason})
            return
        response = self.on_error(conn, exc)
        if not isinstance(response, Response):
            response = await response
        await response(scope, receive, send)


class AuthenticationBackend(Protocol):
    """Anything with `async authenticate(conn) -> AuthResult | None`."""

    async def authenticate(self, conn: Connection) -> AuthResult | None: ...


class AuthenticationMiddleware(BaseAuthMiddleware):
    """Try each backend in order; the first that recognises the caller wins."""

    def __init__(
        self,
        app: ASGIApp,
        backend: AuthenticationBackend | Sequence[AuthenticationBackend],
        on_error: ErrorHandler | None = None,
    ) -> None:
        super().__init__(app, on_error=on_error)
        self.backends: list[AuthenticationBackend] = (
            list(backend) if isinstance(backend, Sequence) else [backend]
        )
        if not self.backends:
            raise ValueError("AuthenticationMiddleware needs at least one backend.")

    async def authenticate(self, request: Connection) -> AuthResult | None:
        for backend in self.backends:
            result = await backend.authenticate(request)
            if result is not None:
                return result
        return None
