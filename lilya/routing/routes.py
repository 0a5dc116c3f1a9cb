"""Routes: Path (HTTP handlers) and the BasePath interface every routing entry implements.

The router finds candidates through its index and asks each, in declaration order,
`match_candidate(...)`: FULL (path and method fit), PARTIAL (path fits, method does not) or NONE
(a parameter failed to convert). `search(scope)` is Lilya's slower, self-contained equivalent,
used when a route is called directly as an ASGI app or sits outside an index.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya import status
from lilya.datastructures.url import URLPath
from lilya.enums import Match
from lilya.exceptions import HTTPException, ImproperlyConfigured
from lilya.responses import PlainText
from lilya.routing.handlers import (
    analyse_handler,
    get_name,
    is_request_handler,
    request_response_app,
    websocket_session_app,
)
from lilya.routing.layers import wrap_in_layers
from lilya.routing.matcher import RawParams
from lilya.routing.paths import PathTemplate, compile_path
from lilya.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

__all__ = [
    "BasePath",
    "NoMatchFound",
    "Path",
    "WebSocketPath",
    "convert_params",
    "route_path_of",
]

# Enum members as plain globals: reading Match.FULL costs an attribute lookup per request.
_FULL = Match.FULL
_PARTIAL = Match.PARTIAL
_NONE = Match.NONE

NO_MATCH: tuple[Match, Scope] = (_NONE, {})


class NoMatchFound(Exception):
    """No route has this name and exactly these path parameters."""

    def __init__(self, name: str, path_params: dict[str, Any]) -> None:
        params = ", ".join(sorted(path_params))
        super().__init__(f'No route exists for name "{name}" and params "{params}".')
        self.name = name
        self.path_params = path_params


def route_name(name: str | None, path_params: dict[str, Any]) -> str:
    """The route name a path_for call was given: by position, so that a path parameter may be
    called `name` (`path_for("item", name="x")`), or as the keyword Lilya's signature allows
    (`path_for(name="item")`, then taken out of the parameters)."""
    if name is not None:
        return name
    if "name" in path_params:
        return str(path_params.pop("name"))
    raise TypeError("path_for() needs the name of the route.")


def route_path_of(scope: Scope) -> str:
    """The path the router matches: the scope's path (relative to any mount point)."""
    path: str = scope["path"]
    return path


def convert_params(raw_params: RawParams) -> dict[str, Any] | None:
    """Typed values of raw parameter texts; None when one does not convert (not a match)."""
    converted: dict[str, Any] = {}
    for parameter, text in raw_params:
        try:
            converted[parameter.name] = parameter.transformer.transform(text)
        except (ValueError, TypeError, OverflowError):
            return None
    return converted


class BasePath:
    """What the router needs of a routing entry (Path, WebSocketPath, Include, Host)."""

    path: str = ""
    name: str | None = None
    template: PathTemplate | None = None  # None: not indexable by path (Host)
    is_prefix: bool = False
    include_in_schema: bool = True
    app: ASGIApp
    # A FULL match from match_candidate has already checked all that handle_dispatch would,
    # so the router calls `app` itself: one frame less per request. A subclass overriding
    # handle_dispatch is called through it instead, unless it declares this flag itself.
    dispatches_full_match_to_app: bool = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "handle_dispatch" in cls.__dict__ and "dispatches_full_match_to_app" not in cls.__dict__:
            cls.dispatches_full_match_to_app = False
        if "path_for" in cls.__dict__ and "reverse_names" not in cls.__dict__:
            # Its own path_for may answer other names: the router asks it for every name.
            cls.reverse_names = BasePath.reverse_names  # type: ignore[method-assign]
            cls.may_answer = BasePath.may_answer  # type: ignore[method-assign]

    def match_candidate(
        self, scope: Scope, raw_params: RawParams, remainder: str | None
    ) -> tuple[Match, Scope]:
        """How this entry matches a scope whose path the index already found it for."""
        raise NotImplementedError  # pragma: no cover

    def reverse_names(self) -> tuple[str, bool] | None:
        """Which names path_for may answer, for the router's name index: (this entry's name,
        whether the names below it, "name:...", too), or None for any name."""
        return None

    def may_answer(self, name: str) -> bool:
        """For an entry that may answer any name (reverse_names None): whether it is worth
        asking about this one."""
        return True

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        """Match a scope from scratch (no index): Lilya's per-route matching."""
        raise NotImplementedError  # pragma: no cover

    # A router may remember a FULL match without path parameters per (scope type, method,
    # path) and replay it on the next request, skipping the index and match_candidate. Only
    # entries whose match looks at nothing else agree to that.

    def can_replay_match(self) -> bool:
        """Whether a FULL match without path parameters may be remembered and replayed."""
        return False

    def replay_match(self, scope: Scope) -> bool:
        """Put into `scope` what the remembered match added; False if it no longer holds."""
        return False  # pragma: no cover - never remembered

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        raise NotImplementedError  # pragma: no cover

    url_path_for = path_for

    def handle_signature(self) -> None:
        """Signatures are analysed when the route is built; kept for Lilya compatibility."""

    @property
    def stringify_parameters(self) -> list[str]:
        """The parameters of the path as "name:type" strings (for tools like show_urls)."""
        if self.template is None:
            return []
        return [f"{p.name}:{p.kind}" for p in self.template.parameters.values()]

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.handle_dispatch(scope, receive, send)

    async def handle_not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await PlainText("Not Found", status_code=status.HTTP_404_NOT_FOUND)(
                scope, receive, send
            )
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000, "reason": ""})

    async def handle_exception_handlers(
        self, scope: Scope, receive: Receive, send: Send, exc: Exception
    ) -> None:
        """Lilya compatibility hook: re-raise so the surrounding layers handle `exc`."""
        raise exc

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Used directly as an ASGI app: match, then dispatch or answer 404/405."""
        match, child_scope = self.search(scope)
        if match is _NONE:
            await self.handle_not_found(scope, receive, send)
            return
        scope.update(child_scope)
        await self.handle_dispatch(scope, receive, send)

    def _search_by_regex(self, scope: Scope) -> tuple[Match, RawParams] | None:
        assert self.template is not None
        found = self.template.regex.fullmatch(route_path_of(scope))
        if found is None:
            return None
        params = self.template.parameters
        return _FULL, tuple((params[name], text) for name, text in found.groupdict().items())


class HandlerPath(BasePath):
    """What Path and WebSocketPath share: a template, a handler wrapped in its own layers,
    matching of one scope type, and reversal by name."""

    scope_type = "http"
    protocol = "http"
    # The HTTP methods answered; None: any (WebSocket routes, ASGI apps, controllers).
    methods: set[str] | None = None

    def __init__(
        self,
        path: str,
        handler: Callable[..., Any],
        *,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
    ) -> None:
        if not path.startswith("/"):
            raise ImproperlyConfigured(f"A route path must start with '/': got {path!r}.")
        self.path = path
        self.handler = handler
        self.name = get_name(handler) if name is None else name
        self.include_in_schema = include_in_schema
        self.middleware = list(middleware or [])
        self.permissions = list(permissions or [])
        self.exception_handlers = dict(exception_handlers or {})
        self.template = compile_path(path)
        websocket = self.scope_type == "websocket"
        self._signature = (
            analyse_handler(handler, websocket=websocket) if is_request_handler(handler) else None
        )
        if isinstance(handler, type) and getattr(handler, "__is_controller__", False):
            inner = self._controller_app(handler)
        elif is_request_handler(handler):
            inner = self._function_app(handler)
        else:
            inner = handler
        self.app = wrap_in_layers(
            inner,
            middleware=self.middleware,
            permissions=self.permissions,
            exception_handlers=self.exception_handlers,
        )

    def _controller_app(self, controller_cls: type) -> ASGIApp:
        raise NotImplementedError  # pragma: no cover

    def _function_app(self, handler: Callable[..., Any]) -> ASGIApp:
        raise NotImplementedError  # pragma: no cover

    @property
    def signature(self) -> Any:
        """The handler's inspect.Signature (None for ASGI apps and controllers)."""
        return self._signature.signature if self._signature else None

    def match_candidate(
        self, scope: Scope, raw_params: RawParams, remainder: str | None
    ) -> tuple[Match, Scope]:
        if scope["type"] != self.scope_type:
            return NO_MATCH
        if raw_params:
            params = convert_params(raw_params)
            if params is None:
                return NO_MATCH
            existing = scope.get("path_params")
            if existing:
                params = {**existing, **params}
            child = {"path_params": params, "handler": self}
        else:
            child = {"path_params": scope.get("path_params") or {}, "handler": self}
        methods = self.methods
        if methods is None or scope["method"] in methods:
            return _FULL, child
        return _PARTIAL, child

    def can_replay_match(self) -> bool:
        return type(self).match_candidate is HandlerPath.match_candidate

    def replay_match(self, scope: Scope) -> bool:
        scope["path_params"] = scope.get("path_params") or {}
        scope["handler"] = self
        return True

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != self.scope_type:
            return NO_MATCH
        found = self._search_by_regex(scope)
        if found is None:
            return NO_MATCH
        return self.match_candidate(scope, found[1], None)

    def reverse_names(self) -> tuple[str, bool] | None:
        # Only its own name ("" when it has none: no lookup asks for that).
        return (self.name or "", False)

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        name = route_name(name, path_params)
        assert self.template is not None
        if name != self.name or set(path_params) != set(self.template.parameters):
            raise NoMatchFound(name, path_params)
        try:
            path = self.template.reverse(path_params)
        except (ValueError, TypeError) as exc:
            raise NoMatchFound(name, path_params) from exc
        return URLPath(path=path, protocol=self.protocol)

    url_path_for = path_for


class Path(HandlerPath):
    """An HTTP route: a path template, a handler and the methods it answers (GET by default
    for functions; every method for a Controller or ASGI app given without `methods`).

    The handler may be a function (sync functions run in a thread), a Controller class or any
    ASGI app. GET routes answer HEAD too.
    """

    def __init__(
        self,
        path: str,
        handler: Callable[..., Any],
        *,
        methods: Sequence[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        deprecated: bool = False,
    ) -> None:
        if methods is None and not is_request_handler(handler):
            # A Controller or ASGI app decides for itself which methods it answers.
            self.methods = None
        else:
            allowed = {m.upper() for m in (methods or ["GET"])}
            if "GET" in allowed:
                allowed.add("HEAD")
            self.methods = allowed
        self.deprecated = deprecated
        super().__init__(
            path,
            handler,
            name=name,
            include_in_schema=include_in_schema,
            middleware=middleware,
            permissions=permissions,
            exception_handlers=exception_handlers,
        )

    def _controller_app(self, controller_cls: type) -> ASGIApp:
        async def controller_app(scope: Scope, receive: Receive, send: Send) -> None:
            await controller_cls()(scope, receive, send)

        return controller_app

    def _function_app(self, handler: Callable[..., Any]) -> ASGIApp:
        return request_response_app(handler, owner=self)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the handler, or answer 405 with an Allow header when the method is not served."""
        if self.methods is not None and scope["method"] not in self.methods:
            allow = ", ".join(sorted(self.methods))
            headers = {"Allow": allow}
            if "app" in scope:
                raise HTTPException(status_code=status.HTTP_405_METHOD_NOT_ALLOWED, headers=headers)
            await PlainText("Method Not Allowed", status_code=405, headers=headers)(
                scope, receive, send
            )
            return
        await self.app(scope, receive, send)

    # handle_dispatch above only adds the method check, which a FULL match has passed.
    dispatches_full_match_to_app = True

    def __repr__(self) -> str:
        methods = sorted(self.methods or [])
        return f"Path(path={self.path!r}, name={self.name!r}, methods={methods})"


class WebSocketPath(HandlerPath):
    """A WebSocket route: a path template and a handler receiving the socket.

    The handler may be a function (the socket goes to the parameter named `websocket`, or
    annotated WebSocket, else to the first parameter; path parameters by name), a
    WebSocketController class or any ASGI app.
    """

    scope_type = "websocket"
    protocol = "websocket"

    def _controller_app(self, controller_cls: type) -> ASGIApp:
        async def controller_app(scope: Scope, receive: Receive, send: Send) -> None:
            await controller_cls(scope, receive, send)

        return controller_app

    def _function_app(self, handler: Callable[..., Any]) -> ASGIApp:
        return websocket_session_app(handler, owner=self)

    def __repr__(self) -> str:
        return f"WebSocketPath(path={self.path!r}, name={self.name!r})"
