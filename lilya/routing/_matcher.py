"""The route index: finds every entry whose template matches a path without trying them in turn.

Entries are added in declaration order and keep that order as their rank. Fully static templates
sit in a dict; the others in a segment tree whose edges are literal segments (a dict), typed
parameters (a short list per node) and tails (regexes over the rest of the path). A lookup walks
only the branches that match, so its cost depends on the depth of the path, not on the number of
routes; the answers for the last thousand or so distinct paths are remembered outright.
Callers pick, among the candidates, the lowest rank that also accepts the request (method,
parameter conversion), which is exactly "first declared wins".

Entries are either *exact* (a route: the whole path must match) or *prefix* (an Include: the
template must match a leading part of the path followed by "/..."; the rest is handed on).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from lilya._records import Record
from lilya.routing._paths import (
    Parameter,
    ParamSegment,
    PatternSegment,
    Segment,
    StaticSegment,
    TailSegment,
)

__all__ = ["Candidate", "RouteIndex"]

V = TypeVar("V")

RawParams = tuple[tuple[Parameter, str], ...]

# Lookups remembered per index, and the longest path worth remembering.
CACHED_PATHS = 1024
CACHED_PATH_LENGTH = 256


class Candidate(Record, Generic[V]):
    """A path match: the entry's rank and value, raw parameter texts, and for prefixes the rest.

    Lookups build one per match; treat it as read-only: candidate lists of static paths are
    cached.
    """

    __slots__ = ("rank", "raw_params", "remainder", "value")

    def __init__(self, rank: int, value: V, raw_params: RawParams, remainder: str | None) -> None:
        self.rank = rank
        self.value = value
        self.raw_params = raw_params
        self.remainder = remainder  # None for exact entries; "/..." for prefix entries


class _Entry(Record, Generic[V]):
    __slots__ = ("is_prefix", "rank", "tail", "value")

    def __init__(
        self, rank: int, value: V, is_prefix: bool, tail: TailSegment | None = None
    ) -> None:
        self.rank = rank
        self.value = value
        self.is_prefix = is_prefix
        self.tail = tail


class _Node(Generic[V]):
    __slots__ = ("ends", "params", "patterns", "prefixes", "static", "tails")

    def __init__(self) -> None:
        self.static: dict[str, _Node[V]] = {}
        self.params: dict[tuple[str, str], tuple[ParamSegment, _Node[V]]] = {}
        self.patterns: dict[str, tuple[PatternSegment, _Node[V]]] = {}
        self.tails: list[_Entry[V]] = []
        self.ends: list[_Entry[V]] = []
        self.prefixes: list[_Entry[V]] = []

    def child(self, segment: Segment) -> _Node[V]:
        if isinstance(segment, StaticSegment):
            return self.static.setdefault(segment.text, _Node())
        if isinstance(segment, ParamSegment):
            key = (segment.parameter.name, segment.parameter.kind)
            if key not in self.params:
                self.params[key] = (segment, _Node())
            return self.params[key][1]
        assert isinstance(segment, PatternSegment)
        if segment.source not in self.patterns:
            self.patterns[segment.source] = (segment, _Node())
        return self.patterns[segment.source][1]


class RouteIndex(Generic[V]):
    """Index of exact and prefix path templates, queried with `candidates(path)`."""

    __slots__ = ("_count", "_resolved", "_root", "_static")

    def __init__(self) -> None:
        self._root: _Node[V] = _Node()
        self._static: dict[str, list[_Entry[V]]] = {}
        # Answers of recent lookups: a path's candidates never change until the next `add`.
        # Bounded (cleared when full) so that endless distinct paths cannot grow it.
        self._resolved: dict[str, list[Candidate[V]]] = {}
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(
        self,
        segments: tuple[Segment, ...],
        value: V,
        *,
        prefix: bool = False,
        rank: int | None = None,
    ) -> int:
        """Index `value` under the template's segments; returns its rank.

        Ranks default to insertion order; a caller that keeps some entries elsewhere passes
        its own increasing ranks so both sets can be merged in declaration order.
        """
        if rank is None:
            rank = self._count
        self._count = max(self._count, rank + 1)
        self._resolved.clear()
        if not prefix and all(isinstance(s, StaticSegment) for s in segments):
            path = "/" + "/".join(s.text for s in segments)  # type: ignore[union-attr]
            self._static.setdefault(path, []).append(_Entry(rank, value, False))
            return rank
        node = self._root
        for segment in segments:
            if isinstance(segment, TailSegment):
                node.tails.append(_Entry(rank, value, prefix, segment))
                return rank
            node = node.child(segment)
        entry = _Entry(rank, value, prefix)
        (node.prefixes if prefix else node.ends).append(entry)
        return rank

    def candidates(self, path: str) -> list[Candidate[V]]:
        """Every entry whose template matches `path`, in rank (declaration) order."""
        resolved = self._resolved.get(path)
        if resolved is not None:
            return resolved
        static = self._static.get(path)
        found = [Candidate(e.rank, e.value, (), None) for e in static] if static else []
        if path.startswith("/"):
            self._walk(self._root, path.split("/")[1:], 0, (), found)
        if len(found) > 1:
            found.sort(key=_rank)
        if len(path) <= CACHED_PATH_LENGTH:
            if len(self._resolved) >= CACHED_PATHS:
                self._resolved.clear()
            self._resolved[path] = found
        return found

    def _walk(
        self,
        node: _Node[V],
        parts: list[str],
        position: int,
        params: RawParams,
        found: list[Candidate[V]],
    ) -> None:
        if position == len(parts):
            for entry in node.ends:
                found.append(Candidate(entry.rank, entry.value, params, None))
            return
        if node.prefixes:
            remainder = "/" + "/".join(parts[position:])
            for entry in node.prefixes:
                found.append(Candidate(entry.rank, entry.value, params, remainder))
        if node.tails:
            self._match_tails(node.tails, parts, position, params, found)
        part = parts[position]
        following = node.static.get(part)
        if following is not None:
            self._walk(following, parts, position + 1, params, found)
        if node.params and part:
            for segment, child in node.params.values():
                if segment.pattern is None or segment.pattern.fullmatch(part):
                    self._walk(
                        child, parts, position + 1, (*params, (segment.parameter, part)), found
                    )
        for pattern_segment, child in node.patterns.values():
            matched = pattern_segment.pattern.fullmatch(part)
            if matched is not None:
                extra = tuple((p, matched.group(p.name)) for p in pattern_segment.parameters)
                self._walk(child, parts, position + 1, params + extra, found)

    @staticmethod
    def _match_tails(
        tails: list[_Entry[V]],
        parts: list[str],
        position: int,
        params: RawParams,
        found: list[Candidate[V]],
    ) -> None:
        rest = "/".join(parts[position:])
        for entry in tails:
            assert entry.tail is not None
            if entry.is_prefix:
                matched = entry.tail.pattern.match(rest)
                if matched is None:
                    continue
                leftover = rest[matched.end() :]
                if not leftover.startswith("/"):
                    continue
                remainder = leftover
            else:
                matched = entry.tail.pattern.fullmatch(rest)
                if matched is None:
                    continue
                remainder = None
            extra = tuple((p, matched.group(p.name)) for p in entry.tail.parameters)
            found.append(Candidate(entry.rank, entry.value, params + extra, remainder))


def _rank(candidate: Candidate[V]) -> int:
    return candidate.rank
