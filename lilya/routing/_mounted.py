"""Routes of plain Includes indexed in the parent router, so nesting costs no extra lookups.

An Include of a bare list of routes (no middleware, permissions or exception handlers of its
own, no path converters spanning segments) adds nothing to a request but a second index lookup
and two more frames per level. The parent router therefore also indexes each inner route under
the joined template ("/a" + "/b" + "/c") as a MountedRoute. A MountedRoute answers exactly what
the nested dispatch would: it replays each Include's own match (root_path, path, path
parameters) and then the route's, and it declines whenever that is not a plain full match
(wrong method, stale tables), leaving the Include itself, indexed right after, to dispatch as
usual. Declaration order is kept because the inner routes take ranks just before their Include.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from lilya.datastructures.url import URLPath
from lilya.enums import Match
from lilya.routing._match import FULL
from lilya.routing._matcher import RawParams
from lilya.routing._paths import PathTemplate, Segment, TailSegment
from lilya.routing._scopes import mount_scope, route_path_of
from lilya.routing.routes import (
    NO_MATCH,
    BasePath,
    NoMatchFound,
    _convert_params,
    prefix_segments,
    route_name,
)
from lilya.types import Receive, Scope, Send

__all__ = ["MountFallback", "MountedRoute", "mounted_routes"]


# Callers pass one of these to be told that a nested route table changed.
OnStale = Callable[[], None]
FlatEntry = tuple[tuple[Segment, ...], BasePath, bool]


class MountedRoute(BasePath):
    """`route` reached through `mounts` (outermost first), matched in one index lookup."""

    fast_path_safe = True  # it replays exactly what the Includes and the route would do
    is_mount = True

    def __init__(
        self,
        mounts: Sequence[BasePath],
        route: BasePath,
        tables: Sequence[tuple[list[BasePath], int]],
        on_stale: OnStale,
    ) -> None:
        self.mounts = tuple(mounts)
        self.route = route
        # The route lists this entry was flattened from and their lengths at the time.
        self.tables = tuple(tables)
        self.on_stale = on_stale
        self.mount_params = sum(len(_template(m).parameters) for m in self.mounts)
        self.mount_segments = sum(_mount_segment_count(m) for m in self.mounts)
        # Mounts without parameters always consume the same text: "/api" + "/v1".
        self.static_prefix: str | None = None
        if not self.mount_params:
            self.static_prefix = "".join(mount_template_source(m) for m in self.mounts)
        self.path = route.path
        self.name = route.name
        self.include_in_schema = route.include_in_schema
        # Dispatch straight to the route: no frame of our own on the request path.
        self.app = route.app
        self.handle_dispatch = route.handle_dispatch  # type: ignore[method-assign]

    def match_candidate(
        self, scope: Scope, raw_params: RawParams, remainder: str | None
    ) -> tuple[Match, Scope]:
        """What the Includes then the route would each add to the scope, in one step.

        Each Include appends the part of the path it consumed to root_path (on a copy of the
        scope, see lilya.routing._scopes) and merges its converted parameters into
        path_params; the route then adds its own parameters and itself as the handler.
        """
        if self._is_stale():
            return NO_MATCH
        params = scope.get("path_params")
        if self.mount_params:
            converted = _convert_params(raw_params[: self.mount_params])
            if converted is None:
                return NO_MATCH
            params = {**params, **converted} if params else converted
        view = {"type": scope["type"], "method": scope.get("method"), "path_params": params}
        match, child = self.route.match_candidate(view, raw_params[self.mount_params :], None)
        if match is not FULL:
            return NO_MATCH
        whole = mount_scope(scope, self._consumed(route_path_of(scope)), None)
        whole.update(child)
        return FULL, whole

    def _is_stale(self) -> bool:
        for routes, count in self.tables:
            if len(routes) != count:
                self.on_stale()
                return True
        return False

    def can_replay_match(self) -> bool:
        # Without mount parameters the Includes always cut the same prefix off the same path.
        return self.static_prefix is not None and self.route.can_replay_match()

    def replay_match(self, scope: Scope) -> Scope | None:
        if self._is_stale():
            return None
        assert self.static_prefix is not None  # see can_replay_match
        return self.route.replay_match(mount_scope(scope, self.static_prefix, None))

    def _consumed(self, route_path: str) -> str:
        """The part of the route path the Includes consume."""
        prefix = self.static_prefix
        if prefix is not None and route_path.startswith(prefix):
            return prefix
        return route_path[: _prefix_length(route_path, self.mount_segments)]

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.route.handle_dispatch(scope, receive, send)  # pragma: no cover - see __init__

    def search(self, scope: Scope) -> tuple[Match, Scope]:  # pragma: no cover - never unindexed
        return NO_MATCH

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        name = route_name(name, path_params)
        raise NoMatchFound(name, path_params)  # names resolve through the Includes themselves

    def __repr__(self) -> str:
        chain = "".join(getattr(m, "path", "") for m in self.mounts)
        return f"MountedRoute({chain!r} -> {self.route!r})"


def _prefix_length(path: str, segments: int) -> int:
    """Characters taken by the first `segments` segments of `path` ("/a/b/c", 2 -> 4)."""
    parts = path.split("/", segments + 1)
    return sum(len(part) for part in parts[1 : segments + 1]) + segments


def _template(mount: BasePath) -> Any:
    assert mount.template is not None
    return mount.template


def _mount_segment_count(mount: BasePath) -> int:
    template = _template(mount)
    return 0 if template.source in ("", "/") else len(template.segments)


def mount_template_source(mount: BasePath) -> str:
    """The text an Include's prefix consumes ("" for "" and "/")."""
    source: str = _template(mount).source
    return "" if source in ("", "/") else source.rstrip("/")


def _has_tail(segments: tuple[Segment, ...]) -> bool:
    return any(isinstance(segment, TailSegment) for segment in segments)


def mounted_routes(mount: BasePath, on_stale: OnStale) -> Iterator[FlatEntry]:
    """(segments below `mount`'s prefix, entry, is prefix) for each route reachable through it.

    Inner routes that cannot be flattened (path converters spanning segments, Include
    subclasses, Includes with layers, mounted apps) are indexed as MountFallbacks under their
    own template: when they match, the whole request goes through `mount` as before, so they
    keep their place in declaration order. Nothing after an entry the index cannot hold (a
    Host) is flattened.
    """
    yield from _flatten(mount, [mount], [], on_stale)


def _is_flat_leaf(route: BasePath, template: PathTemplate) -> bool:
    """Whether a route may be matched as a MountedRoute: an exact entry whose match the
    router's shortcuts may take (fast_path_safe) and that spans no segments."""
    return route.fast_path_safe and not route.is_prefix and not _has_tail(template.segments)


def _flatten(
    top: BasePath,
    mounts: list[BasePath],
    tables: list[tuple[list[BasePath], int]],
    on_stale: OnStale,
) -> Iterator[FlatEntry]:
    routes = mounts[-1].plain_routes()
    if routes is None:
        return
    tables = [*tables, (routes, len(routes))]
    fallback = MountFallback(top)
    for route in routes:
        template = route.template
        if template is None:
            return  # matched by something other than its path: stop flattening here
        if _is_flat_leaf(route, template):
            yield template.segments, MountedRoute(mounts, route, tables, on_stale), False
        elif route.is_prefix:
            below = prefix_segments(template)
            for segments, entry, prefix in _flatten(top, [*mounts, route], tables, on_stale):
                yield below + segments, entry, prefix
            # The nested Include takes every path under its prefix: so does its stand-in.
            yield below, fallback, True
        else:
            yield template.segments, fallback, False


class MountFallback(BasePath):
    """Stands for a nested entry that is not flattened: a match sends the request through the
    outermost Include, which dispatches it level by level as usual."""

    fast_path_safe = True  # everything is the mount's own
    is_mount = True

    def __init__(self, mount: BasePath) -> None:
        self.mount = mount
        self.param_count = len(_template(mount).parameters)
        self.segment_count = _mount_segment_count(mount)
        self.path = mount.path
        self.name = mount.name

    @property
    def app(self) -> Any:  # type: ignore[override]
        return self.mount.app

    def match_candidate(
        self, scope: Scope, raw_params: RawParams, remainder: str | None
    ) -> tuple[Match, Scope]:
        path = route_path_of(scope)
        rest = path[_prefix_length(path, self.segment_count) :]
        return self.mount.match_candidate(scope, raw_params[: self.param_count], rest)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.mount.handle_dispatch(scope, receive, send)

    def search(self, scope: Scope) -> tuple[Match, Scope]:  # pragma: no cover - never unindexed
        return NO_MATCH

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        name = route_name(name, path_params)
        raise NoMatchFound(name, path_params)

    def __repr__(self) -> str:
        return f"MountFallback({self.mount!r})"
