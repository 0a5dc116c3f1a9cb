"""Connection: what HTTP requests and WebSockets share, computed lazily from the scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from lilya.conf import settings as global_settings
from lilya.datastructures.cookies import parse_cookie_header
from lilya.datastructures.headers import Header
from lilya.datastructures.multidict import QueryParam
from lilya.datastructures.state import State
from lilya.datastructures.url import URL
from lilya.exceptions import ImproperlyConfigured
from lilya.types import Receive, Scope, Send

__all__ = ["Address", "Connection"]


class Address(NamedTuple):
    host: str
    port: int


async def empty_receive() -> Any:
    raise RuntimeError("This connection has no receive channel.")


async def empty_send(message: Any) -> None:
    raise RuntimeError("This connection has no send channel.")


class Connection(Mapping[str, Any]):
    """A read-only view over an ASGI scope with lazily built, cached accessors."""

    # What is computed lazily starts as these class-level defaults, so building a connection
    # (once per request) stores only the three things it is given.
    _headers: Header | None = None
    _query_params: QueryParam | None = None
    _cookies: dict[str, str] | None = None
    _url: URL | None = None
    _state: State | None = None

    def __init__(
        self, scope: Scope, receive: Receive | None = None, send: Send | None = None
    ) -> None:
        self.scope = scope
        self._receive = receive or empty_receive
        self._send = send or empty_send

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def app(self) -> Any:
        return self.scope.get("app")

    @property
    def url(self) -> URL:
        if self._url is None:
            self._url = URL(scope=self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        # Where the application starts: Includes grow root_path, app_root_path keeps the root
        # the server gave, so absolute URLs (url_for) are not prefixed twice.
        root = self.scope.get("app_root_path", self.scope.get("root_path", ""))
        scope = {**self.scope, "path": root + "/", "query_string": b"", "root_path": root}
        base = str(URL(scope=scope))
        return URL(base if base.endswith("/") else base + "/")

    @property
    def headers(self) -> Header:
        """The request's headers: a Header, as in Lilya 0.7.5, over a copy of the scope's list
        (changing it changes neither the scope nor what the app below reads)."""
        if self._headers is None:
            # A scope without headers (allowed by hand-built scopes) has none.
            self._headers = Header(raw=list(self.scope.get("headers") or ()))
        return self._headers

    @property
    def query_params(self) -> QueryParam:
        if self._query_params is None:
            self._query_params = QueryParam(self.scope.get("query_string", b""))
        return self._query_params

    @property
    def path_params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.scope.get("path_params", {})
        return params

    @property
    def cookies(self) -> dict[str, str]:
        if self._cookies is None:
            cookies: dict[str, str] = {}
            # Straight from the scope's list: building Headers first doubled the cost.
            for name, value in self.scope.get("headers") or ():
                if name == b"cookie":
                    cookies.update(parse_cookie_header(value.decode("latin-1")))
            self._cookies = cookies
        return self._cookies

    @property
    def client(self) -> Address | None:
        client = self.scope.get("client")
        return Address(*client) if client else None

    @property
    def is_secure(self) -> bool:
        return self.url.is_secure

    @property
    def state(self) -> State:
        if self._state is None:
            self._state = State(self.scope.setdefault("state", {}))
        return self._state

    @property
    def session(self) -> dict[str, Any]:
        if "session" not in self.scope:
            raise ImproperlyConfigured(
                "SessionMiddleware must be installed to access request.session"
            )
        session: dict[str, Any] = self.scope["session"]
        return session

    @property
    def auth(self) -> Any:
        if "auth" not in self.scope:
            raise ImproperlyConfigured(
                "AuthenticationMiddleware must be installed to access request.auth"
            )
        return self.scope["auth"]

    @property
    def user(self) -> Any:
        if "user" not in self.scope:
            raise ImproperlyConfigured(
                "AuthenticationMiddleware must be installed to access request.user"
            )
        return self.scope["user"]

    @property
    def server(self) -> Address | None:
        """The server's (host, port), when the server said."""
        server = self.scope.get("server")
        return Address(*server) if server else None

    @property
    def is_server_push(self) -> bool:
        return bool(self.scope.get("server_push", False))

    @property
    def is_server_pull(self) -> bool:
        return bool(self.scope.get("server_pull", False))

    def set_session(self, value: Any) -> None:
        """Replace the session (SessionMiddleware saves what is there when the response starts)."""
        self.scope["session"] = value

    def clear_session(self) -> None:
        """Drop the session: SessionMiddleware then clears its cookie."""
        self.scope["session"] = None

    @property
    def settings(self) -> Any:
        if "settings" in self.scope:
            return self.scope["settings"]
        app = self.scope.get("app")
        if app is not None and hasattr(app, "settings"):
            return app.settings

        return global_settings

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URL:
        """The absolute URL (scheme, host, root path) of the route called `name`, as in Lilya.

        `app.path_for` gives the path alone (a URLPath).
        """
        router = self.scope.get("router") or self.scope.get("app")
        if router is None:
            raise RuntimeError("The connection has no router or app to look names up in.")
        return router.path_for(name, **path_params).make_absolute_url(self.base_url)  # type: ignore[no-any-return]

    url_for = path_for
