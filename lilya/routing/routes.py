"""Routes: Path (HTTP handlers) and the BasePath interface every routing entry implements.

The router finds candidates through its index and asks each, in declaration order,
`match_candidate(...)`: FULL (path and method fit), PARTIAL (path fits, method does not) or NONE
(a parameter failed to convert). `search(scope)` is Lilya's slower, self-contained equivalent,
used when a route is called directly as an ASGI app or sits outside an index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from lilya import status
from lilya._exception_handling import mark_escaped
from lilya.compat import is_async_callable
from lilya.datastructures.url import URLPath
from lilya.enums import Match
from lilya.exceptions import HTTPException, ImproperlyConfigured
from lilya.responses import PlainText
from lilya.routing._handlers import (
    analyse_handler,
    get_name,
    is_request_handler,
    request_response_app,
    websocket_session_app,
)
from lilya.routing._layers import wrap_in_layers
from lilya.routing._limits import NoBodyLimit, with_body_limit
from lilya.routing._match import FULL, NONE, PARTIAL
from lilya.routing._matcher import RawParams, RouteIndex
from lilya.routing._paths import (
    NoMatchFound,
    PathTemplate,
    RouteDefinitionError,
    Segment,
    compile_path,
)
from lilya.routing._scopes import route_path_of
from lilya.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

__all__ = [
    "BasePath",
    "NoMatchFound",
    "Path",
    "WebSocketPath",
]


NO_MATCH: tuple[Match, Scope] = (NONE, {})
_CONNECTION_TYPES = frozenset(("http", "websocket"))


def route_name(name: str | None, path_params: dict[str, Any]) -> str:
    """The route name a path_for call was given: by position, so that a path parameter may be
    called `name` (`path_for("item", name="x")`), or as the keyword Lilya's signature allows
    (`path_for(name="item")`, then taken out of the parameters)."""
    if name is not None:
        return name
    if "name" in path_params:
        return str(path_params.pop("name"))
    raise TypeError("path_for() needs the name of the route.")


def _convert_params(raw_params: RawParams) -> dict[str, Any] | None:
    """Typed values of raw parameter texts; None when one does not convert (not a match)."""
    converted: dict[str, Any] = {}
    for parameter, text in raw_params:
        try:
            converted[parameter.name] = parameter.transformer.transform(text)
        except (ValueError, TypeError, OverflowError):
            return None
    return converted


# Methods the router's shortcuts assume behave as BasePath's subclasses in this package define
# them. A class overriding one of them without stating `fast_path_safe` itself gets the safe
# (slower, hook-honouring) path; see BasePath.fast_path_safe.
_HOT_METHODS = (
    "match_candidate",
    "handle_dispatch",
    "replay_match",
    "search",
    "dispatch",
    "__call__",
    "plain_routes",
)


class BasePath:
    """What the router needs of a routing entry (Path, WebSocketPath, Include, Host)."""

    path: str = ""
    name: str | None = None
    template: PathTemplate | None = None  # None: not indexable by path (Host)
    is_prefix: bool = False
    include_in_schema: bool = True
    app: ASGIApp
    # Whether the router's shortcuts may bypass this class's hooks: call `app` directly on a
    # FULL match (a FULL match from match_candidate has checked all handle_dispatch would),
    # replay remembered matches, and index an Include's routes in its parent. Each class of
    # this package states it; a subclass overriding one of _HOT_METHODS without stating it
    # gets False, so its overrides are always called. Read when the router builds its index.
    fast_path_safe: ClassVar[bool] = True
    # Whether a match hands the entry a copy of the scope (a mount growing root_path) rather
    # than additions the router writes into the scope it was given.
    is_mount: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        overrides = any(method in cls.__dict__ for method in _HOT_METHODS)
        if overrides and "fast_path_safe" not in cls.__dict__:
            cls.fast_path_safe = False
        if "path_for" in cls.__dict__ and "reverse_names" not in cls.__dict__:
            # Its own path_for may answer other names: the router asks it for every name.
            cls.reverse_names = BasePath.reverse_names  # type: ignore[method-assign]
            cls.may_answer = BasePath.may_answer  # type: ignore[method-assign]

    def match_candidate(
        self, scope: Scope, raw_params: RawParams, remainder: str | None
    ) -> tuple[Match, Scope]:
        """How this entry matches a scope whose path the index already found it for (entries
        without a template are not indexed: they are asked through `search`)."""
        return self.search(scope)

    def reverse_names(self) -> tuple[str, bool] | None:
        """Which names path_for may answer, for the router's name index: (this entry's name,
        whether the names below it, "name:...", too), or None for any name."""
        return None

    def may_answer(self, name: str) -> bool:
        """For an entry that may answer any name (reverse_names None): whether it is worth
        asking about this one."""
        return True

    def plain_routes(self) -> list[BasePath] | None:
        """For a mount adding nothing to a request but its path prefix: the route list it
        mounts (a parent router indexes them itself, see lilya.routing._mounted); else None."""
        return None

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        """Match a scope from scratch, outside a router (a route called as an ASGI app): the
        same matching as the router's, through a one-entry index built on first use."""
        template = self.template
        if template is None:
            raise NotImplementedError  # pragma: no cover - entries without templates override
        if scope["type"] not in _CONNECTION_TYPES:
            return NO_MATCH
        index = self.__dict__.get("_own_index")
        if index is None:
            index = RouteIndex()
            if self.is_prefix:
                index.add(prefix_segments(template), self, prefix=True)
            else:
                index.add(template.segments, self)
            self.__dict__["_own_index"] = index
        for candidate in index.candidates(route_path_of(scope)):
            return self.match_candidate(scope, candidate.raw_params, candidate.remainder)
        return NO_MATCH

    # A router may remember a FULL match without path parameters per (scope type, method,
    # route path) and replay it on the next request, skipping the index and match_candidate.
    # Only entries whose match looks at nothing else agree to that.

    def can_replay_match(self) -> bool:
        """Whether a FULL match without path parameters may be remembered and replayed."""
        return False

    def replay_match(self, scope: Scope) -> Scope | None:
        """The scope to dispatch with, holding what the remembered match added (`scope`
        itself, or a copy for mounts); None if the match no longer holds."""
        return None  # pragma: no cover - never remembered

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
        """Serve a scope outside a router: match it (`search`), then `handle_dispatch` or
        answer 404 (`handle_not_found`)."""
        match, child_scope = self.search(scope)
        if match is NONE:
            await self.handle_not_found(scope, receive, send)
            return
        if self.is_mount:
            scope = child_scope
        else:
            scope.update(child_scope)
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
        await self.dispatch(scope, receive, send)


def prefix_segments(template: PathTemplate) -> tuple[Segment, ...]:
    """The segments a mount's prefix occupies in an index ("" and "/" occupy none)."""
    return () if template.source in ("", "/") else template.segments


def ordered_methods(methods: Sequence[str]) -> list[str]:
    """Methods upper-cased, once each, in declaration order, then HEAD when GET is served and
    HEAD was not named (as Lilya 0.7.5 orders them, so its 405 Allow header reads the same):
    ["get", "post"] -> ["GET", "POST", "HEAD"]."""
    ordered = list(dict.fromkeys(method.upper() for method in methods))
    if "GET" in ordered and "HEAD" not in ordered:
        ordered.append("HEAD")
    return ordered


def clean_route_path(path: str) -> str:
    """A route template as Lilya 0.7.5 serves it: runs of slashes made one and no trailing
    slash ("/users/" -> "/users", "/" stays), so `/users/` redirects to `/users`."""
    if "//" in path:
        path = re.sub("/{2,}", "/", path)
    return path.rstrip("/") or "/"


class HandlerPath(BasePath):
    """What Path and WebSocketPath share: a template, a handler wrapped in its own layers,
    matching of one scope type, and reversal by name."""

    scope_type = "http"
    protocol = "http"
    # The HTTP methods answered, in declaration order; None: any (WebSocket routes, ASGI
    # apps, controllers). `_allowed` is the same as a set, for matching.
    methods: list[str] | None = None
    _allowed: frozenset[str] | None = None
    # Its match reads the scope type, method and path only (see BasePath.fast_path_safe).
    fast_path_safe = True

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
            raise RouteDefinitionError(f"A route path must start with '/': got {path!r}.")
        path = clean_route_path(path)
        self.path = path
        self.handler = handler
        self.name = get_name(handler) if name is None else name
        self.include_in_schema = include_in_schema
        # None when not given, as Lilya reports them.
        self.middleware = None if middleware is None else list(middleware)
        self.permissions = None if permissions is None else list(permissions)
        self.exception_handlers = dict(exception_handlers or {})
        self.template = compile_path(path)
        websocket = self.scope_type == "websocket"
        self._signature = (
            analyse_handler(handler, websocket=websocket, path_names=self.template.parameters)
            if is_request_handler(handler)
            else None
        )
        self.app = self._build_app()

    def _build_app(self) -> ASGIApp:
        """The handler as an ASGI app, wrapped in the route's own layers."""
        handler = self.handler
        if isinstance(handler, type) and getattr(handler, "__is_controller__", False):
            inner = self._controller_app(handler)
        elif is_request_handler(handler):
            inner = self._function_app(handler)
        else:
            inner = handler
        return wrap_in_layers(
            inner,
            middleware=self.middleware or [],
            permissions=self.permissions or [],
            exception_handlers=self.exception_handlers,
        )

    def _controller_app(self, controller_cls: type) -> ASGIApp:
        raise NotImplementedError  # pragma: no cover

    def _function_app(self, handler: Callable[..., Any]) -> ASGIApp:
        raise NotImplementedError  # pragma: no cover

    @property
    def param_convertors(self) -> dict[str, Any]:
        """Each path parameter with the transformer that types it (Lilya 0.7.5's name)."""
        return {name: p.transformer for name, p in self._template.parameters.items()}

    @property
    def path_format(self) -> str:
        """The path with its parameters as plain "{name}" ("/users/{id:int}" -> "/users/{id}")."""
        return re.sub(
            r"\{([A-Za-z_][A-Za-z0-9_]*):[A-Za-z_][A-Za-z0-9_]*\}",
            r"{\1}",
            self._template.normalised,
        )

    @property
    def path_regex(self) -> re.Pattern[str]:
        """A regex matching the whole path ("^...$"), with a named group per parameter."""
        return re.compile(f"^{self._template.regex.pattern}$")

    @property
    def _template(self) -> PathTemplate:
        template = self.template
        assert template is not None  # a handler route always has one (set in __init__)
        return template

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
            params = _convert_params(raw_params)
            if params is None:
                return NO_MATCH
            existing = scope.get("path_params")
            if existing:
                params = {**existing, **params}
            child = {"path_params": params, "handler": self}
        else:
            child = {"path_params": scope.get("path_params") or {}, "handler": self}
        allowed = self._allowed
        if allowed is None or scope["method"] in allowed:
            return FULL, child
        return PARTIAL, child

    def can_replay_match(self) -> bool:
        return self.fast_path_safe

    def replay_match(self, scope: Scope) -> Scope | None:
        scope["path_params"] = scope.get("path_params") or {}
        scope["handler"] = self
        return scope

    def reverse_names(self) -> tuple[str, bool] | None:
        # Only its own name ("" when it has none: no lookup asks for that).
        return (self.name or "", False)

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        name = route_name(name, path_params)
        template = self.template
        assert template is not None
        if name != self.name:
            raise NoMatchFound(name, path_params)
        if path_params.keys() != template.parameters.keys():
            template.check_names(name, path_params)
        path = template.reverse(path_params, name=name)
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
        max_body_size: int | NoBodyLimit | None = None,
        sync_to_thread: bool | None = None,
    ) -> None:
        """`max_body_size`: the largest request body this route accepts, in bytes (None: the
        limit of the Include or app around it, else the settings'; UNLIMITED: no limit).
        `sync_to_thread`: False runs a plain `def` handler on the event loop instead of a
        worker thread (cheaper, for handlers that never block); None: the choice of the
        Include or app around it, else a worker thread."""
        if sync_to_thread is not None and not isinstance(sync_to_thread, bool):
            raise ImproperlyConfigured(
                f"sync_to_thread must be True, False or None; got {sync_to_thread!r}."
            )
        self.sync_to_thread = sync_to_thread
        self._on_loop = sync_to_thread is False
        if methods is None and not is_request_handler(handler):
            # A Controller or ASGI app decides for itself which methods it answers.
            self.methods = None
        else:
            self.methods = ordered_methods(methods or ["GET"])
            self._allowed = frozenset(self.methods)
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
        self.max_body_size = max_body_size
        self.app = with_body_limit(self.app, max_body_size)

    def _controller_app(self, controller_cls: type) -> ASGIApp:
        async def controller_app(scope: Scope, receive: Receive, send: Send) -> None:
            await controller_cls()(scope, receive, send)

        return controller_app

    def _function_app(self, handler: Callable[..., Any]) -> ASGIApp:
        return request_response_app(
            handler, owner=self, sync_to_thread=not self._on_loop, plan=self._signature
        )

    def inherit_sync_to_thread(self, sync_to_thread: bool) -> None:
        """Take the `sync_to_thread` of the Include or app around it (this route states none):
        a `def` handler's app is rebuilt for it, once, before any request."""
        on_loop = not sync_to_thread
        handler = self.handler
        if on_loop == self._on_loop or not is_request_handler(handler):
            return
        self._on_loop = on_loop
        if not is_async_callable(handler):
            self.app = with_body_limit(self._build_app(), self.max_body_size)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the handler, or answer 405 with an Allow header when the method is not served."""
        if self._allowed is not None and scope["method"] not in self._allowed:
            allow = ", ".join(self.methods or ())
            headers = {"Allow": allow}
            if "app" in scope:
                # Not the handler's error: enclosing route middleware never sees it answered.
                raise mark_escaped(
                    HTTPException(status_code=status.HTTP_405_METHOD_NOT_ALLOWED, headers=headers)
                )
            await PlainText("Method Not Allowed", status_code=405, headers=headers)(
                scope, receive, send
            )
            return
        await self.app(scope, receive, send)

    # handle_dispatch above only adds the method check, which a FULL match has passed.
    fast_path_safe = True

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
        return websocket_session_app(handler, owner=self, plan=self._signature)

    def __repr__(self) -> str:
        return f"WebSocketPath(path={self.path!r}, name={self.name!r})"
