"""URL and URLPath: URLs as values, built from strings or from an ASGI scope."""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from lilya.datastructures._hosts import host_of_scope
from lilya.types import Scope

__all__ = ["URL", "URLPath"]

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


class URL:
    """An immutable URL; components are parsed on first use."""

    __slots__ = ("_components", "_url")

    def __init__(
        self, url: str | SplitResult = "", scope: Scope | None = None, **components: Any
    ) -> None:
        if isinstance(url, SplitResult):  # accepted as in Lilya: the URL it describes
            url = url.geturl()
        if scope is not None:
            url = _url_from_scope(scope)
        elif components:
            url = (
                urlsplit(url)._replace(**components).geturl()
                if url
                else (
                    SplitResult(
                        components.get("scheme", ""),
                        components.get("netloc", ""),
                        components.get("path", ""),
                        components.get("query", ""),
                        components.get("fragment", ""),
                    ).geturl()
                )
            )
        self._url = str(url)
        self._components: SplitResult | None = None

    @classmethod
    def build_from_scope(cls, scope: Scope) -> URL:
        return cls(scope=scope)

    @property
    def parsed_url(self) -> SplitResult:
        if self._components is None:
            self._components = urlsplit(self._url)
        return self._components

    @property
    def url(self) -> str:
        return self._url

    @property
    def scheme(self) -> str:
        return self.parsed_url.scheme

    @property
    def netloc(self) -> str:
        return self.parsed_url.netloc

    @property
    def path(self) -> str:
        return self.parsed_url.path

    @property
    def query(self) -> str:
        return self.parsed_url.query

    @property
    def fragment(self) -> str:
        return self.parsed_url.fragment

    @property
    def username(self) -> str | None:
        return self.parsed_url.username

    @property
    def password(self) -> str | None:
        return self.parsed_url.password

    @property
    def hostname(self) -> str | None:
        return self.parsed_url.hostname

    @property
    def port(self) -> int | None:
        try:
            return self.parsed_url.port
        except ValueError:
            return None

    @property
    def is_secure(self) -> bool:
        return self.scheme in ("https", "wss")

    @property
    def base_url(self) -> str:
        """The URL rebuilt from its components (Lilya's `URL.base_url`; the origin of a
        request is `request.base_url`)."""
        return urlunsplit(self.parsed_url)

    def replace(self, **kwargs: Any) -> URL:
        """A copy with components replaced; accepts hostname, port, username and password."""
        if {"hostname", "port", "username", "password"} & kwargs.keys():
            hostname = kwargs.pop("hostname", None)
            port = kwargs.pop("port", self.port)
            username = kwargs.pop("username", self.username)
            password = kwargs.pop("password", self.password)
            if hostname is None:
                netloc = self.netloc
                _, _, hostname = netloc.rpartition("@")
                if hostname[-1:] == "]" or ":" not in hostname:
                    pass
                else:
                    hostname = hostname.rsplit(":", 1)[0]
            netloc = f"[{hostname}]" if ":" in hostname and hostname[:1] != "[" else hostname
            if port is not None:
                netloc += f":{port}"
            if username is not None:
                userpass = username + (f":{password}" if password is not None else "")
                netloc = f"{userpass}@{netloc}"
            kwargs["netloc"] = netloc
        return URL(self.parsed_url._replace(**kwargs).geturl())

    def include_query_params(self, **kwargs: Any) -> URL:
        """Set the given parameters (each replacing every value it had), keep the others; the
        query is written sorted, as Lilya writes it."""
        given = {str(k): str(v) for k, v in kwargs.items()}
        params = [
            (k, v) for k, v in parse_qsl(self.query, keep_blank_values=True) if k not in given
        ]
        params.extend(given.items())
        return self.replace(query=urlencode(sorted(params)))

    def replace_query_params(self, **kwargs: Any) -> URL:
        return self.replace(query=urlencode({str(k): str(v) for k, v in kwargs.items()}))

    def remove_query_params(self, keys: str | list[str] | tuple[str, ...]) -> URL:
        """Drop every value of `keys`; the query is written sorted, as Lilya writes it."""
        drop = {keys} if isinstance(keys, str) else set(keys)
        params = [(k, v) for k, v in parse_qsl(self.query, keep_blank_values=True) if k not in drop]
        return self.replace(query=urlencode(sorted(params)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, URL)):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._url)

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        url = self._url
        if self.password:
            url = str(self.replace(password="***********"))
        return f"{type(self).__name__}({url!r})"


def _url_from_scope(scope: Scope) -> str:
    scheme = scope.get("scheme", "http")
    server = scope.get("server")
    # ASGI: `path` is the whole path, root_path included.
    path = scope.get("path", "/")
    if path and path[0] != "/":
        # A request target such as `@evil.com` or `http://evil.com/x`, which some servers pass
        # on as the path: after the host it would become the URL's authority.
        path = "/" + path
    if "?" in path or "#" in path:
        # Sent as %3F / %23, they are part of the path: left bare, they would start the URL's
        # query or fragment, and request.url.path would not be the path that was routed.
        path = path.replace("?", "%3F").replace("#", "%23")
    query: bytes = scope.get("query_string", b"")
    # The Host header is validated (an invalid one is a 400) so a request cannot choose the
    # host of the absolute URLs built from it.
    host = host_of_scope(scope)
    if host is not None:
        name, port = host
        url = f"{scheme}://{name}{path}" if port is None else f"{scheme}://{name}:{port}{path}"
    elif server is None:
        url = path
    else:
        name, port = server
        if ":" in name:  # an IPv6 address: bracketed in URLs
            name = f"[{name}]"
        default = _DEFAULT_PORTS.get(scheme)
        url = f"{scheme}://{name}{path}" if port == default else f"{scheme}://{name}:{port}{path}"
    if query:
        url += "?" + query.decode("latin-1")
    return url


class URLPath(str):
    """A path produced by reversing a route; knows its protocol (http or websocket) and host."""

    protocol: str
    host: str

    def __new__(cls, path: str, protocol: str = "", host: str = "") -> URLPath:
        return str.__new__(cls, path)

    def __init__(self, path: str, protocol: str = "", host: str = "") -> None:
        self.protocol = protocol
        self.host = host

    def make_absolute_url(self, base_url: str | URL) -> URL:
        base = base_url if isinstance(base_url, URL) else URL(base_url)
        if self.protocol == "websocket":
            scheme = "wss" if base.is_secure else "ws"
        elif self.protocol == "http":
            scheme = "https" if base.is_secure else "http"
        else:
            scheme = base.scheme
        netloc = self.host or base.netloc
        path = base.path.rstrip("/") + str(self)
        return URL(f"{scheme}://{netloc}{path}")
