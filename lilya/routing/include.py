"""Include (mount an app or a list of routes under a path prefix) and Host (by host name)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from lilya.datastructures._hosts import host_of_scope
from lilya.datastructures.url import URLPath
from lilya.enums import Match
from lilya.exceptions import BadRequest, ImproperlyConfigured
from lilya.routing._handlers import hand_down_sync_to_thread
from lilya.routing._layers import wrap_in_layers
from lilya.routing._limits import NoBodyLimit, with_body_limit
from lilya.routing._loading import import_string, load_route_patterns
from lilya.routing._match import FULL
from lilya.routing._matcher import RawParams
from lilya.routing._paths import (
    PathTemplate,
    RouteDefinitionError,
    TailSegment,
    compile_path,
)
from lilya.routing._scopes import mount_scope, route_path_of
from lilya.routing.routes import (
    NO_MATCH,
    BasePath,
    NoMatchFound,
    _convert_params,
    route_name,
)
from lilya.routing.table import BaseRouter
from lilya.transformers import TRANSFORMER_TYPES
from lilya.types import ASGIApp, ExceptionHandler, Scope

__all__ = ["Host", "Include"]

_CONNECTION_TYPES = frozenset(("http", "websocket"))


def _split_params(
    template: PathTemplate, params: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    own = {k: v for k, v in params.items() if k in template.parameters}
    rest = {k: v for k, v in params.items() if k not in template.parameters}
    return own, rest


def _inner_name(own_name: str | None, name: str) -> str | None:
    """The name to look up inside a mount: "ns:rest" -> "rest"; no namespace: the same name."""
    if own_name is None:
        return name
    if name.startswith(own_name + ":"):
        return name[len(own_name) + 1 :]
    return None


def _mount_reverse_names(mount: Include | Host) -> tuple[str, bool] | None:
    """Named: its own name and the names below it ("name:..."); unnamed: any inner name."""
    return (mount.name, True) if mount.name is not None else None


def _mount_may_answer(mount: Include | Host, name: str) -> bool:
    """Whether an unnamed mount's routes may answer `name`, asked of their router's name
    index: cheaper than letting it refuse through an exception."""
    may_reverse = getattr(mount.handler, "may_reverse", None)
    return True if may_reverse is None else bool(may_reverse(name))  # an app: ask it


class Include(BasePath):
    """Mount routes, an ASGI app (ChildLilya, StaticFiles, another framework) or a module's
    `route_patterns` under a path prefix. The mounted app gets a copy of the scope with the
    prefix appended to `root_path` and `path` whole (the ASGI convention)."""

    is_prefix = True
    is_mount = True
    fast_path_safe = True

    def __init__(
        self,
        path: str,
        app: ASGIApp | str | None = None,
        routes: Sequence[BasePath] | None = None,
        namespace: str | None = None,
        pattern: str | None = None,
        name: str | None = None,
        *,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        include_in_schema: bool = True,
        deprecated: bool = False,
        redirect_slashes: bool = True,
        max_body_size: int | NoBodyLimit | None = None,
        sync_to_thread: bool | None = None,
    ) -> None:
        """`max_body_size`: the largest request body the routes below accept, in bytes (None:
        the limit around it; UNLIMITED: no limit); a Path below may set its own.
        `sync_to_thread`: False runs the plain `def` handlers below on the event loop (None:
        the choice around it); a Path or Include below may state its own."""
        if path and not path.startswith("/"):
            raise RouteDefinitionError(f"An Include path must start with '/': got {path!r}.")
        given = [x for x in (app, routes, namespace) if x is not None]
        if len(given) != 1:
            raise RouteDefinitionError(
                "Include needs exactly one of 'app', 'routes' or 'namespace'."
            )
        if pattern is not None and namespace is None:
            raise ImproperlyConfigured(
                "Include got a 'pattern' without a 'namespace': the pattern names the list of "
                "routes in the namespace module."
            )
        self.path = path.rstrip("/")
        self.name = name
        self.namespace = namespace
        self.pattern = pattern
        self.include_in_schema = include_in_schema
        self.deprecated = deprecated
        self.middleware = list(middleware or [])
        self.permissions = list(permissions or [])
        self.exception_handlers = dict(exception_handlers or {})
        if namespace is not None:
            routes = load_route_patterns(namespace, pattern)
        resolved: ASGIApp | None = import_string(app) if isinstance(app, str) else app
        self.sync_to_thread = sync_to_thread
        hand_down_sync_to_thread(
            [resolved] if resolved is not None else routes or [], sync_to_thread
        )
        inner: ASGIApp = (
            resolved
            if resolved is not None
            else BaseRouter(routes=list(routes or []), redirect_slashes=redirect_slashes)
        )
        self.handler = inner
        self.template = compile_path(self.path)
        self._spans = any(isinstance(s, TailSegment) for s in self.template.segments)
        self.max_body_size = max_body_size
        # A limit makes self.app differ from the handler: its routes are then not indexed in
        # the parent (plain_routes), so requests below it always pass through it.
        self.app = with_body_limit(
            wrap_in_layers(
                inner,
                middleware=self.middleware,
                permissions=self.permissions,
                exception_handlers=self.exception_handlers,
            ),
            max_body_size,
        )

    @property
    def path_format(self) -> str:
        """The mount as a path: its own parameters untyped, then "/{path}" for what is below
        ("/api/{v:int}" -> "/api/{v}/{path}"), as Lilya 0.7.5 shows it."""
        own = re.sub(r"\{([A-Za-z_]\w*):\w+\}", r"{\1}", self.path)
        return f"{own}/{{path}}"

    @property
    def path_regex(self) -> re.Pattern[str]:
        """A regex of the mount and everything below it, the rest in the group "path"."""
        assert self.template is not None
        return re.compile(f"^{self.template.regex.pattern}/(?P<path>.*)$")

    @property
    def param_convertors(self) -> dict[str, Any]:
        """Each parameter of the mount with its transformer, then "path" (Lilya 0.7.5's name)."""
        assert self.template is not None
        found = {name: p.transformer for name, p in self.template.parameters.items()}
        found["path"] = TRANSFORMER_TYPES["path"]
        return found

    @property
    def routes(self) -> list[BasePath]:
        """The routes of the mounted app, when it has any."""
        return list(getattr(self.handler, "routes", []))

    def match_candidate(
        self, scope: Scope, raw_params: RawParams, remainder: str | None
    ) -> tuple[Match, Scope]:
        if scope["type"] not in _CONNECTION_TYPES or remainder is None:
            return NO_MATCH
        params = None
        if raw_params:
            params = _convert_params(raw_params)
            if params is None:
                return NO_MATCH
        path = route_path_of(scope)
        return FULL, mount_scope(scope, path[: len(path) - len(remainder)], params)

    def plain_routes(self) -> list[BasePath] | None:
        if not self.fast_path_safe or self.app is not self.handler or self._spans:
            return None  # a subclass with hooks of its own, layers, or a spanning prefix
        plain_routes = getattr(self.handler, "plain_routes", None)
        return None if plain_routes is None else plain_routes()

    def reverse_names(self) -> tuple[str, bool] | None:
        return _mount_reverse_names(self)

    def may_answer(self, name: str) -> bool:
        return _mount_may_answer(self, name)

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        name = route_name(name, path_params)
        assert self.template is not None
        own, rest = _split_params(self.template, path_params)
        if self.name is not None and name == self.name and "path" in rest:
            inner_path = "/" + str(rest.pop("path")).lstrip("/")
            if rest or set(own) != set(self.template.parameters):
                raise NoMatchFound(name, path_params)
            return URLPath(path=self._reverse_prefix(own, name) + inner_path)
        inner_name = _inner_name(self.name, name)
        path_for = getattr(self.handler, "path_for", None)
        if inner_name is None or path_for is None or set(own) != set(self.template.parameters):
            raise NoMatchFound(name, path_params)
        inner: URLPath = path_for(inner_name, **rest)
        prefix = self._reverse_prefix(own, name)
        return URLPath(path=prefix + str(inner), protocol=inner.protocol)

    url_path_for = path_for

    def _reverse_prefix(self, own: Mapping[str, Any], name: str) -> str:
        assert self.template is not None
        return self.template.reverse(own, name=name)

    def __repr__(self) -> str:
        return f"Include(path={self.path!r}, name={self.name!r}, app={self.handler!r})"


def _pattern_without_port(host: str) -> str:
    """A Host pattern without its ":port" ("api.example.org:3600" -> "api.example.org",
    "[::1]:8000" -> "[::1]"); a "{name:type}" parameter is not a port. (Headers go through the
    strict parser of lilya.datastructures._hosts instead.)"""
    if host.startswith("["):
        end = host.find("]")
        return host if end == -1 else host[: end + 1]
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() and "{" not in port else host


class Host(BasePath):
    """Route by the Host header ("{subdomain}.example.com"), ignoring the port in both the
    pattern and the header."""

    template = None
    fast_path_safe = True

    def __init__(
        self,
        host: str,
        app: ASGIApp,
        name: str | None = None,
        *,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
    ) -> None:
        if host.startswith("/"):
            raise ImproperlyConfigured(f"A Host pattern is a host name, not a path: {host!r}.")
        self.host = host
        self.name = name
        self.handler = app
        matched = _pattern_without_port(host)
        self.host_template = compile_path(matched)
        # ":3600" of "api.example.org:3600": ignored when matching, kept in reversed URLs.
        self._port_suffix = host[len(matched) :]
        self.middleware = list(middleware or [])
        self.permissions = list(permissions or [])
        self.exception_handlers = dict(exception_handlers or {})
        self.app = wrap_in_layers(
            app,
            middleware=self.middleware,
            permissions=self.permissions,
            exception_handlers=self.exception_handlers,
        )

    @property
    def routes(self) -> list[BasePath]:
        return list(getattr(self.handler, "routes", []))

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in _CONNECTION_TYPES:
            return NO_MATCH
        try:
            parsed = host_of_scope(scope)
        except BadRequest:  # an invalid Host header (or two) names no host
            return NO_MATCH
        found = self.host_template.regex.fullmatch("" if parsed is None else parsed[0].lower())
        if found is None:
            return NO_MATCH
        parameters = self.host_template.parameters
        params = _convert_params(tuple((parameters[k], v) for k, v in found.groupdict().items()))
        if params is None:
            return NO_MATCH
        existing = scope.get("path_params")
        return FULL, {"path_params": {**existing, **params} if existing else params}

    def reverse_names(self) -> tuple[str, bool] | None:
        return _mount_reverse_names(self)

    def may_answer(self, name: str) -> bool:
        return _mount_may_answer(self, name)

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        name = route_name(name, path_params)
        own, rest = _split_params(self.host_template, path_params)
        if set(own) != set(self.host_template.parameters):
            raise NoMatchFound(name, path_params)
        if self.name is not None and name == self.name and "path" in rest:
            path = str(rest.pop("path"))
            if rest:
                raise NoMatchFound(name, path_params)
            return URLPath(path=path, host=self._reverse_host(own, name))
        inner_name = _inner_name(self.name, name)
        path_for = getattr(self.handler, "path_for", None)
        if inner_name is None or path_for is None:
            raise NoMatchFound(name, path_params)
        inner: URLPath = path_for(inner_name, **rest)
        host = self._reverse_host(own, name)
        return URLPath(path=str(inner), protocol=inner.protocol, host=host)

    url_path_for = path_for

    def path_for_with_name(self, path_params: dict[str, Any]) -> URLPath:
        assert self.name is not None
        return self.path_for(self.name, **path_params)

    def path_for_without_name(self, name: str, path_params: dict[str, Any]) -> URLPath:
        return self.path_for(name, **path_params)

    def _reverse_host(self, own: Mapping[str, Any], name: str) -> str:
        host = self.host_template.reverse(own, quoted=False, name=name)
        return host + self._port_suffix

    def __repr__(self) -> str:
        return f"Host(host={self.host!r}, name={self.name!r}, app={self.handler!r})"
