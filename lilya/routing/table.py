"""BaseRouter: an ordered table of routes resolved through the route index.

Dispatch: find the candidates for the path in the index (plus any entries that cannot be
indexed by path, such as Hosts), take the first in declaration order that fully matches; if
some matched the path but not the method, answer 405; else try the path with the trailing
slash toggled (redirect_slashes) and finally 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar

from lilya import status
from lilya._exception_handling import mark_escaped
from lilya.datastructures.url import URL, URLPath
from lilya.enums import Match
from lilya.exceptions import HTTPException
from lilya.responses import PlainText, RedirectResponse
from lilya.routing._handlers import get_name
from lilya.routing._layers import wrap_requests_in_layers
from lilya.routing._lifespan import LifespanFactory, LifespanHandler, _run_lifespan_protocol
from lilya.routing._match import FULL, NONE, PARTIAL
from lilya.routing._matcher import CACHED_PATH_LENGTH, CACHED_PATHS, Candidate, RouteIndex
from lilya.routing._mounted import mounted_routes
from lilya.routing._paths import PathParamError
from lilya.routing._scopes import route_path_of
from lilya.routing.routes import (
    BasePath,
    NoMatchFound,
    Path,
    WebSocketPath,
    prefix_segments,
    route_name,
)
from lilya.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

__all__ = ["BaseRouter"]


# Methods whose override makes the router take the hook-honouring path (see fast_path_safe).
_HOT_METHODS = (
    "__call__",
    "app",
    "resolve",
    "handle_route",
    "handle_partial",
    "handle_default",
    "path_for",
)


class BaseRouter:
    """Routes requests to the first matching route, in declaration order, through an index."""

    # Whether dispatch may skip `handle_route`/`handle_partial` (inlined) and a parent router
    # may index this router's routes itself (lilya.routing._mounted). A subclass overriding one
    # of _HOT_METHODS without stating it gets False: its overrides are always called.
    fast_path_safe: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        overrides = any(method in cls.__dict__ for method in _HOT_METHODS)
        if overrides and "fast_path_safe" not in cls.__dict__:
            cls.fast_path_safe = False

    def __init__(
        self,
        routes: Sequence[BasePath] | None = None,
        redirect_slashes: bool = True,
        default: ASGIApp | None = None,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        lifespan: LifespanFactory | None = None,
        *,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        settings_module: Any = None,
        include_in_schema: bool = True,
        deprecated: bool = False,
    ) -> None:
        self.routes: list[BasePath] = list(routes or [])
        for route in self.routes:
            if not isinstance(route, BasePath):
                raise TypeError(
                    f"Routes must be Path, WebSocketPath, Include or Host objects, got {route!r}."
                )
        self.redirect_slashes = redirect_slashes
        self.default = default
        self.lifespan_handler = LifespanHandler(on_startup, on_shutdown, lifespan)
        self.middleware = list(middleware or [])
        self.permissions = list(permissions or [])
        self.settings_module = settings_module
        self.include_in_schema = include_in_schema
        self.deprecated = deprecated
        self._index: RouteIndex[BasePath] = RouteIndex()
        self._unindexed: list[tuple[int, BasePath]] = []
        self._indexed_count = -1
        self._stack: ASGIApp | None = None
        # (scope type, method, path) -> the entry that fully matched it, to replay.
        self._known_matches: dict[tuple[str, str | None, str], BasePath] = {}
        # For path_for: route positions by exact name, by namespace ("name:..."), and those
        # that may answer any name.
        self._names: tuple[dict[str, list[int]], dict[str, list[int]], list[int]] = ({}, {}, [])

    # -- the index ---------------------------------------------------------------------------

    def _ensure_index(self) -> None:
        """(Re)build the index when routes were added or removed since it was built.

        Replacing a route in place is not detected; call `invalidate_index()` after doing so.
        """
        if self._indexed_count == len(self.routes):
            return
        index: RouteIndex[BasePath] = RouteIndex()
        unindexed: list[tuple[int, BasePath]] = []
        rank = 0
        for route in self.routes:
            if route.template is None:
                unindexed.append((rank, route))
                rank += 1
                continue
            if not route.is_prefix:
                index.add(route.template.segments, route, rank=rank)
                rank += 1
                continue
            prefix = prefix_segments(route.template)
            # The Include's own routes first (see lilya.routing._mounted), then the Include.
            for segments, entry, is_prefix in mounted_routes(route, self.invalidate_index):
                index.add(prefix + segments, entry, prefix=is_prefix, rank=rank)
                rank += 1
            index.add(prefix, route, prefix=True, rank=rank)
            rank += 1
        self._index = index
        self._unindexed = unindexed
        self._known_matches = {}
        self._index_names()
        self._indexed_count = len(self.routes)

    def plain_routes(self) -> list[BasePath] | None:
        """The route list, when dispatching adds nothing to what its routes do (no layers,
        default app or hooks of its own): an Include of this router may have its routes
        indexed in the parent. Else None."""
        if not self.fast_path_safe or self.middleware or self.permissions or self.default:
            return None
        return self.routes

    def may_reverse(self, name: str) -> bool:
        """Whether path_for may answer `name`: cheaper than letting it refuse through an
        exception (an unnamed Include asks its router before asking it to reverse)."""
        return not self.fast_path_safe or bool(self._routes_answering(name))

    def _routes_answering(self, name: str) -> list[BasePath]:
        """The routes whose path_for may answer `name`, in route order: from the name index
        instead of asking every route (each refusal is an exception; reversing the 100th of
        100 routes took 390 µs that way)."""
        self._ensure_index()
        exact, below, anywhere = self._names
        routes = self.routes
        positions = [*exact.get(name, ()), *below.get(name, ())]
        positions += [position for position in anywhere if routes[position].may_answer(name)]
        colon = name.find(":")
        while colon != -1:  # "a:b:c" may be answered by an entry named "a" or "a:b"
            positions += below.get(name[:colon], ())
            colon = name.find(":", colon + 1)
        positions.sort()
        return [routes[position] for position in positions]

    def _index_names(self) -> None:
        exact: dict[str, list[int]] = {}
        below: dict[str, list[int]] = {}
        anywhere: list[int] = []
        for position, route in enumerate(self.routes):
            names = route.reverse_names()
            if names is None:
                anywhere.append(position)
            else:
                name, with_below = names
                (below if with_below else exact).setdefault(name, []).append(position)
        self._names = (exact, below, anywhere)

    def invalidate_index(self) -> None:
        """Force the index to be rebuilt on the next request."""
        self._indexed_count = -1

    def resolve(self, scope: Scope) -> tuple[Match, BasePath | None, Scope]:
        """The route for this scope: FULL, else the first PARTIAL, else NONE. The third item
        is what the route adds to the scope, or for a mount (`is_mount`) the scope it runs
        with."""
        self._ensure_index()
        return self._resolve_indexed(scope, route_path_of(scope))

    def _resolve_indexed(self, scope: Scope, path: str) -> tuple[Match, BasePath | None, Scope]:
        """resolve(), for a caller that has just made sure the index is current and worked
        out the route path."""
        candidates = self._index.candidates(path)
        if self._unindexed:
            candidates = self._with_unindexed(candidates)
        partial: tuple[BasePath, Scope] | None = None
        for candidate in candidates:
            route = candidate.value
            match, child = route.match_candidate(scope, candidate.raw_params, candidate.remainder)
            if match is FULL:
                if candidate is candidates[0] and not candidate.raw_params:
                    self._remember_match(scope, path, route)
                return match, route, child
            if match is PARTIAL and partial is None:
                partial = (route, child)
        if partial is not None:
            return PARTIAL, partial[0], partial[1]
        return NONE, None, {}

    def _with_unindexed(self, candidates: list[Candidate[BasePath]]) -> list[Candidate[BasePath]]:
        """The index's candidates merged, in declaration order, with the entries it cannot
        hold (Hosts), which match through `search` (BasePath.match_candidate's default)."""
        merged = [
            *candidates,
            *(Candidate(rank, route, (), None) for rank, route in self._unindexed),
        ]
        merged.sort(key=_rank)
        return merged

    def _remember_match(self, scope: Scope, path: str, route: BasePath) -> None:
        """Remember the first candidate's FULL match, found without path parameters, if the
        route agrees to be replayed (see BasePath.can_replay_match). Bounded like the index's
        own cache: emptied when full, so odd requests (random methods on a route answering
        all of them) cannot fill it for good."""
        if len(path) <= CACHED_PATH_LENGTH and self.fast_path_safe and route.can_replay_match():
            if len(self._known_matches) >= CACHED_PATHS:
                self._known_matches.clear()
            self._known_matches[(scope["type"], scope.get("method"), path)] = route

    # -- ASGI --------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "router" not in scope:
            scope["router"] = self
        if self.middleware or self.permissions:
            if self._stack is None:
                # The router's own middleware and permissions guard requests, not lifespan.
                self._stack = wrap_requests_in_layers(
                    self.app, middleware=self.middleware, permissions=self.permissions
                )
            await self._stack(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def entry(self) -> ASGIApp:
        """What an owner that has set scope["router"] should call: the table itself when it
        has layers of its own, else its dispatch directly (one frame less per request)."""
        return self if self.middleware or self.permissions else self.app

    def app(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Dispatch a scope (lifespan, http or websocket) without the router's own layers.

        A plain function returning the chosen app's awaitable rather than a coroutine of its
        own: the caller awaits that directly, one frame less per request.
        """
        scope_type = scope["type"]
        if scope_type == "lifespan":
            return self.lifespan(scope, receive, send)
        # PERF: _ensure_index's test, inline: its call measured ~50 ns per request (part of
        # the 4-8% the request-path shortcuts make, see lilya/routing/_match.py).
        if self._indexed_count != len(self.routes):
            self._ensure_index()
        # route_path_of, inlined for the usual scope (no root_path): one call less per request.
        path = route_path_of(scope) if scope.get("root_path") else scope["path"]
        known = self._known_matches.get((scope_type, scope.get("method"), path))
        if known is not None:
            # Resolved before, to a route that matches the same way every time (only
            # fast_path_safe routes are remembered, and only by fast_path_safe routers).
            target = known.replay_match(scope)
            if target is not None:
                return known.app(target, receive, send)
        match, route, child = self._resolve_indexed(scope, path)
        if route is not None:
            if not self.fast_path_safe:
                if match is FULL:
                    return self.handle_route(route, child, scope, receive, send)
                return self.handle_partial(route, child, scope, receive, send)
            # handle_route, inline: one frame less per request.
            if route.is_mount:
                scope = child
            else:
                scope.update(child)
            if match is FULL and route.fast_path_safe:
                return route.app(scope, receive, send)
            return route.handle_dispatch(scope, receive, send)
        if scope_type == "http" and self.redirect_slashes and path not in ("/", ""):
            redirect = self._slash_redirect(scope)
            if redirect is not None:
                return redirect(scope, receive, send)
        return self.handle_default(scope, receive, send)

    def _slash_redirect(self, scope: Scope) -> ASGIApp | None:
        path: str = scope["path"]
        # Every trailing slash goes ("/a//" -> "/a"), as in Lilya 0.7.5.
        toggled = path.rstrip("/") if path.endswith("/") else path + "/"
        probe = {**scope, "path": toggled}
        match, _, _ = self.resolve(probe)
        if match is NONE:
            return None
        url = URL(scope=probe)
        return RedirectResponse(url=str(url))

    async def handle_route(
        self, route: BasePath, child_scope: Scope, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Serve a FULL match: the route runs with `child_scope` (a mount's copy) or with
        `scope` updated by it. Called by dispatch for a subclass that overrides it (else the
        same is done inline)."""
        if route.is_mount:
            scope = child_scope
        else:
            scope.update(child_scope)
        await route.handle_dispatch(scope, receive, send)

    async def handle_partial(
        self, route: BasePath, partial_scope: Scope, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Serve a PARTIAL match (path fits, method does not: the route answers 405)."""
        await self.handle_route(route, partial_scope, scope, receive, send)

    async def handle_default(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.default is not None:
            await self.default(scope, receive, send)
            return
        await self.handle_not_found(scope, receive, send)

    async def handle_not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        """404 (through the app's exception handlers when inside an app), or close a socket."""
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000, "reason": ""})
            return
        if "app" in scope:
            # Not a handler's error: enclosing route middleware never sees it answered.
            raise mark_escaped(HTTPException(status_code=status.HTTP_404_NOT_FOUND))
        await PlainText("Not Found", status_code=status.HTTP_404_NOT_FOUND)(scope, receive, send)

    # -- lifespan ----------------------------------------------------------------------------

    async def lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _run_lifespan_protocol(
            self.lifespan_handler, scope.get("app", self), scope, receive, send
        )

    async def startup(self) -> None:
        await self.lifespan_handler.startup()

    async def shutdown(self) -> None:
        await self.lifespan_handler.shutdown()

    @property
    def on_startup(self) -> list[Callable[[], Any]]:
        return self.lifespan_handler.on_startup

    @property
    def on_shutdown(self) -> list[Callable[[], Any]]:
        return self.lifespan_handler.on_shutdown

    def add_event_handler(self, event_type: str, func: Callable[[], Any]) -> None:
        if event_type not in ("startup", "shutdown"):
            raise ValueError(f"Unknown event {event_type!r}: use 'startup' or 'shutdown'.")
        if self.lifespan_handler.lifespan_factory is not None:
            raise RuntimeError("This router uses a lifespan; add startup/shutdown code there.")
        target = self.on_startup if event_type == "startup" else self.on_shutdown
        target.append(func)

    def on_event(self, event_type: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        def register(func: Callable[[], Any]) -> Callable[[], Any]:
            self.add_event_handler(event_type, func)
            return func

        return register

    # -- building ----------------------------------------------------------------------------

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        """The URL path of the route called `name` (nested names joined with ':')."""
        name = route_name(name, path_params)
        reason: PathParamError | None = None
        for route in self._routes_answering(name):
            try:
                return route.path_for(name, **path_params)
            except PathParamError as exc:
                # A route of that name exists: say what is wrong with the parameters, unless
                # another route of the same name takes them.
                reason = reason or exc
            except NoMatchFound:
                continue
        if reason is not None:
            raise reason
        raise NoMatchFound(name, path_params)

    url_path_for = path_for

    def add_route(
        self,
        path: str,
        handler: Callable[..., Any],
        methods: list[str] | None = None,
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.routes.append(
            Path(
                path,
                handler,
                methods=methods,
                name=name or get_name(handler),
                middleware=middleware,
                permissions=permissions,
                exception_handlers=exception_handlers,
                include_in_schema=include_in_schema,
            )
        )

    def add_websocket_route(
        self,
        path: str,
        handler: Callable[..., Any],
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
    ) -> None:
        self.routes.append(
            WebSocketPath(
                path,
                handler,
                name=name,
                middleware=middleware,
                permissions=permissions,
                exception_handlers=exception_handlers,
            )
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(routes={self.routes!r})"


def _rank(candidate: Candidate[BasePath]) -> int:
    return candidate.rank
