"""Case-insensitive, multi-valued HTTP headers over the raw ASGI list of byte pairs.

`Headers` is the read-only view a request exposes; `Header` adds mutation and is what responses
use. Both keep the ASGI representation (lowercase latin-1 names, latin-1 values) as their only
storage, so handing headers to the server costs nothing and a view never goes stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lilya.datastructures.multidict import ImmutableMultiDict
from lilya.types import Scope

__all__ = ["Header", "Headers", "RawHeaders", "header_value_bytes"]

RawHeaders = list[tuple[bytes, bytes]]
_MISSING: Any = object()


def _encode(text: str) -> bytes:
    return text.encode("latin-1")


def _name(name: str | bytes) -> bytes:
    """A header name as stored: lowercase latin-1 bytes (bytes are taken as they are)."""
    return name.lower() if isinstance(name, bytes) else name.lower().encode("latin-1")


def header_value_bytes(value: Any) -> bytes:
    """A header value as stored and sent: bytes as they are, text as latin-1, or UTF-8 past
    latin-1 (as Lilya encodes values it sends)."""
    if isinstance(value, bytes):
        return value
    text = str(value)
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive headers. `headers["x"]` is the first value; `getall` all."""

    __slots__ = ("_list",)

    def __init__(
        self,
        headers: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None,
        *,
        raw: RawHeaders | None = None,
        scope: Scope | None = None,
    ) -> None:
        if raw is not None:
            self._list = raw
        elif scope is not None:
            self._list = list(scope["headers"])
        elif headers is None:
            self._list = []
        else:
            pairs = headers.items() if isinstance(headers, Mapping) else headers
            # Names and values may be str or bytes (as Lilya's Header accepts both).
            self._list = [(_name(k), header_value_bytes(v)) for k, v in pairs]

    @classmethod
    def from_scope(cls, scope: Scope) -> Headers:
        """Headers of an ASGI scope (shares nothing with the scope's list)."""
        return cls(scope=scope)

    @property
    def raw(self) -> RawHeaders:
        """The underlying ASGI list of (lowercase name, value) byte pairs."""
        return self._list

    def keys(self) -> list[str]:  # type: ignore[override]
        return [name.decode("latin-1") for name, _ in self._list]

    def values(self) -> list[str]:  # type: ignore[override]
        return [value.decode("latin-1") for _, value in self._list]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in self._list]

    multi_items = items

    def getall(self, key: str, default: Any = _MISSING) -> list[str]:
        """Every value of `key`, in order; `default` (else KeyError) when absent, as the
        `multidict` library Lilya's headers derive from does."""
        wanted = _encode(key.lower())
        found = [value.decode("latin-1") for name, value in self._list if name == wanted]
        if found:
            return found
        if default is _MISSING:
            raise KeyError(key)
        return default  # type: ignore[no-any-return]

    def get_all(self, key: str) -> list[str]:
        """Every value of `key`, in order; an empty list when absent."""
        return self.getall(key, [])

    getlist = get_all

    def getone(self, key: str, default: Any = _MISSING) -> str:
        """The first value of `key`; `default` (else KeyError) when absent."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default  # type: ignore[no-any-return]
        return value  # type: ignore[no-any-return]

    def dump(self) -> dict[str, str]:
        """Each name with its last value."""
        return dict(self.items())

    def dump_list(self) -> list[tuple[str, str]]:
        """The (name, last value) pairs of `dump()`."""
        return list(self.dump().items())

    def get_multi_items(self) -> list[tuple[str, str]]:
        """Every (name, value) pair as a list."""
        return self.items()

    def to_dict(self) -> dict[str, list[str]]:
        """Each name with the list of its values (the same as `dict()`)."""
        return self.dict()

    def copy(self) -> Header:
        """A mutable copy that does not share storage with this one."""
        return self.mutablecopy()

    def __getattr__(self, key: str) -> str:
        """`headers.content_type`: every value of `content-type` joined by commas, "" when
        absent (Lilya's attribute access; `_` in the name stands for `-`)."""
        if key.startswith("_"):
            raise AttributeError(key)
        return ",".join(self.getall(key.rstrip("_").replace("_", "-"), []))

    def __getitem__(self, key: str) -> str:
        wanted = _encode(key.lower())
        for name, value in self._list:
            if name == wanted:
                return value.decode("latin-1")
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except (KeyError, UnicodeEncodeError):
            return default

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            wanted = _encode(key.lower())
        except UnicodeEncodeError:
            return False
        return any(name == wanted for name, _ in self._list)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        return sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """`Header({...})` with each name once; just the class name when a name repeats
        (as Lilya shows headers)."""
        as_dict = dict(self.items())
        if len(as_dict) == len(self._list):
            return f"{type(self).__name__}({as_dict!r})"
        return type(self).__name__

    def dict(self) -> dict[str, list[str]]:
        """Each (lowercase) name with the list of its values, in order."""
        result: dict[str, list[str]] = {}
        for name, value in self.items():
            result.setdefault(name, []).append(value)
        return result

    def to_immutable(self) -> ImmutableMultiDict[str]:
        """A read-only multi-dict of the (lowercase name, value) pairs, detached from these."""
        return ImmutableMultiDict(self.items())

    def mutablecopy(self) -> Header:
        """A mutable copy that does not share storage with this one."""
        return Header(raw=list(self._list))


class Header(Headers):
    """Mutable headers, as responses and middleware use them.

    Setting a key replaces every value it had; `add` appends one more value.
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: str) -> None:
        name = _name(key)
        encoded = header_value_bytes(value)
        kept: RawHeaders = []
        placed = False
        for pair in self._list:
            if pair[0] != name:
                kept.append(pair)
            elif not placed:
                kept.append((name, encoded))
                placed = True
        if not placed:
            kept.append((name, encoded))
        self._list[:] = kept

    def __delitem__(self, key: str) -> None:
        name = _encode(key.lower())
        before = len(self._list)
        self._list[:] = [pair for pair in self._list if pair[0] != name]
        if len(self._list) == before:
            raise KeyError(key)

    def add(self, key: str, value: str) -> None:
        """Append a value without touching existing ones (e.g. a second Set-Cookie)."""
        self._list.append((_name(key), header_value_bytes(value)))

    def append(self, key: str, value: str) -> None:
        """Alias of `add`."""
        self.add(key, value)

    def setdefault(self, key: str, value: str) -> str:
        try:
            return self[key]
        except KeyError:
            self.add(key, value)
            return value

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        """Remove every value of `key` and return the first; `default` (else KeyError, as the
        `multidict` library Lilya's Header derives from) when absent."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        del self[key]
        return value

    def popone(self, key: str, default: Any = _MISSING) -> Any:
        """Remove and return the first value of `key`; `default` (else KeyError) when absent."""
        wanted = _name(key)
        for index, (name, value) in enumerate(self._list):
            if name == wanted:
                del self._list[index]
                return value.decode("latin-1")
        if default is _MISSING:
            raise KeyError(key)
        return default

    def popitem(self) -> tuple[str, str]:
        """Remove and return the last (name, value) pair; KeyError when empty."""
        if not self._list:
            raise KeyError("popitem(): headers are empty")
        name, value = self._list.pop()
        return name.decode("latin-1"), value.decode("latin-1")

    def merge(self, other: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Add the pairs of `other` whose name is not present yet."""
        present = {name for name, _ in self._list}
        pairs = other.items() if isinstance(other, Mapping) else other
        for key, value in pairs:
            if _name(key) not in present:
                self.add(key, value)

    def poplist(self, key: str) -> list[str]:
        """Remove every value of `key` and return them (empty when absent)."""
        values = self.getall(key, [])
        if values:
            del self[key]
        return values

    def popall(self, key: str, default: Any = _MISSING) -> Any:
        """Remove and return every value of `key`; `default` (else KeyError) when absent."""
        values = self.getall(key, [])
        if not values:
            if default is _MISSING:
                raise KeyError(key)
            return default
        del self[key]
        return values

    def update(self, other: Mapping[str, str] | Iterable[tuple[str, str]] | None = None) -> None:
        """Set each key of `other`, replacing previous values of that key."""
        if other is None:
            return
        pairs = other.items() if isinstance(other, Mapping) else other
        for key, value in pairs:
            self[key] = value

    def extend(self, other: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Add each pair of `other`, keeping previous values."""
        pairs = other.items() if isinstance(other, Mapping) else other
        for key, value in pairs:
            self.add(key, value)

    def clear(self) -> None:
        self._list.clear()

    def add_vary_header(self, vary: str) -> None:
        """Add `vary` to the Vary header unless it is already listed."""
        existing = self.get("vary")
        if existing is None:
            self["vary"] = vary
            return
        listed = {token.strip().lower() for token in existing.split(",")}
        if vary.lower() not in listed:
            self["vary"] = f"{existing}, {vary}"

    @staticmethod
    def parse_headers(value: Any) -> list[tuple[str, Any]]:
        """Normalise a mapping, a list of pairs or a Headers into a list of (name, value)."""
        if value is None:
            return []
        if isinstance(value, Headers):
            return value.items()
        pairs = value.items() if isinstance(value, Mapping) else value
        # Bytes are decoded as latin-1, as Lilya's parse_headers does.
        return [
            (
                k.decode("latin-1") if isinstance(k, bytes) else str(k),
                v.decode("latin-1") if isinstance(v, bytes) else v,
            )
            for k, v in pairs
        ]

    def encoded_multi_items(self) -> RawHeaders:
        """The raw ASGI pairs (shared storage)."""
        return self._list
