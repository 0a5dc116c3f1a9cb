"""Multi-dicts: ordered keys with several values each, for query strings and forms.

`d[key]`, `d.get(key)` and `dict(d)` give the first value of a key (as Starlette and Lilya do),
`getlist(key)` all of them in order, and `dump()` each key with its last value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import unquote_plus, urlencode

__all__ = [
    "FormData",
    "FormMultiDict",
    "ImmutableMultiDict",
    "MultiDict",
    "MultiMixin",
    "QueryParam",
]

T = TypeVar("T")
_MISSING: Any = object()
_Multi = TypeVar("_Multi", bound="ImmutableMultiDict[Any]")


def _first_values(pairs: list[tuple[str, T]]) -> dict[str, T]:
    """Each key with its first value, keys in order of first appearance."""
    first = dict(pairs)
    if len(first) != len(pairs):
        # Repeated keys: walking backwards leaves each key's first value, without moving keys.
        for key, value in reversed(pairs):
            first[key] = value
    return first


def _pairs(args: Any, kwargs: Mapping[str, Any]) -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    if args is not None:
        if isinstance(args, ImmutableMultiDict):
            items = list(args._list)
        elif isinstance(args, Mapping):
            items = list(args.items())
        else:
            items = [(k, v) for k, v in args]
    items.extend(kwargs.items())
    return items


def _replaced(pairs: list[tuple[str, T]], new: Mapping[str, list[T]]) -> list[tuple[str, T]]:
    """`pairs` with each key of `new` holding the new values where it first stood (as the
    `multidict` library replaces in place); keys not there yet are added at the end."""
    result: list[tuple[str, T]] = []
    placed: set[str] = set()
    for key, value in pairs:
        if key not in new:
            result.append((key, value))
        elif key not in placed:
            placed.add(key)
            result.extend((key, v) for v in new[key])
    for key, values in new.items():
        if key not in placed:
            result.extend((key, v) for v in values)
    return result


def _sorted_pairs(pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The pairs sorted by key then value; by key alone (stable) when values do not compare,
    such as uploads beside strings."""
    try:
        return sorted(pairs)
    except TypeError:
        return sorted(pairs, key=lambda pair: pair[0])


class ImmutableMultiDict(Mapping[str, T], Generic[T]):
    """A read-only multi-dict."""

    __slots__ = ("_dict", "_list")

    def __init__(self, args: Any = None, **kwargs: Any) -> None:
        self._list: list[tuple[str, T]] = _pairs(args, kwargs)
        self._dict: dict[str, T] = _first_values(self._list)

    @classmethod
    def adopt(cls: type[_Multi], pairs: list[tuple[str, Any]]) -> _Multi:
        """A multi-dict over `pairs`, a list the caller hands over (it is not copied)."""
        instance = cls.__new__(cls)
        instance._list = pairs
        instance._dict = _first_values(pairs)
        return instance

    def getlist(self, key: Any) -> list[T]:
        """Every value of `key`, in order (empty when absent)."""
        return [v for k, v in self._list if k == key]

    def getall(self, key: Any, default: Any = _MISSING) -> list[T]:
        """Every value of `key`, in order; `default` (else KeyError) when absent, as in the
        `multidict` library Lilya's multi-dicts derive from."""
        values = self.getlist(key)
        if values:
            return values
        if default is _MISSING:
            raise KeyError(key)
        return default  # type: ignore[no-any-return]

    def getone(self, key: Any, default: Any = _MISSING) -> Any:
        """The first value of `key`; `default` (else KeyError) when absent."""
        if key in self._dict:
            return self._dict[key]
        if default is _MISSING:
            raise KeyError(key)
        return default

    def to_dict(self) -> dict[str, list[T]]:
        """Each key with the list of its values (the same as `dict()`)."""
        return self.dict()

    def copy(self) -> MultiDict[T]:
        """A mutable copy (a MultiDict, as Lilya's copy() of any of its multi-dicts)."""
        return MultiDict(self._list)

    def multi_items(self) -> Iterator[tuple[str, T]]:
        """Every (key, value) pair, repeated keys included, in order (an iterator)."""
        return iter(list(self._list))

    def get_multi_items(self) -> list[tuple[str, T]]:
        """Every (key, value) pair as a list."""
        return list(self._list)

    # Views over every pair, repeated keys included, as the `multidict` views Lilya's
    # multi-dicts expose (len() and iteration count pairs too); `d[key]` is the first value.
    def keys(self) -> Any:
        return [k for k, _ in self._list]

    def values(self) -> Any:
        return [v for _, v in self._list]

    def items(self) -> Any:
        return list(self._list)

    def dump(self) -> dict[str, Any]:
        """Each key with its last value."""
        return dict(self._list)

    def dump_list(self) -> list[Any]:
        """The (key, last value) pairs of `dump()`, as Lilya gives them."""
        return list(self.dump().items())

    def dict(self) -> dict[str, list[T]]:
        """Each key with the list of its values."""
        result: dict[str, list[T]] = {}
        for key, value in self._list:
            result.setdefault(key, []).append(value)
        return result

    def mutablecopy(self) -> MultiDict[T]:
        return MultiDict(self._list)

    def __getitem__(self, key: str) -> T:
        return self._dict[key]

    def __contains__(self, key: object) -> bool:
        return key in self._dict

    def __iter__(self) -> Iterator[str]:
        return iter([k for k, _ in self._list])

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImmutableMultiDict):
            return NotImplemented
        return sorted(self._list, key=repr) == sorted(other._list, key=repr)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Every pair, sorted (as Lilya shows its multi-dicts)."""
        return f"{type(self).__name__}({_sorted_pairs(self._list)!r})"


MultiMixin = ImmutableMultiDict


class MultiDict(ImmutableMultiDict[T]):
    """A mutable multi-dict: `d[k] = v` replaces every value of k, `append` adds one.

    As in Lilya, a value set by `append`, `setlist` or `update` becomes the one `d[k]` gives.
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: T) -> None:
        self.setlist(key, [value])

    def __delitem__(self, key: str) -> None:
        self._list = [(k, v) for k, v in self._list if k != key]
        del self._dict[key]

    def pop(self, key: str, *default: Any) -> Any:
        self._list = [(k, v) for k, v in self._list if k != key]
        return self._dict.pop(key, *default)

    def poplist(self, key: Any) -> list[T]:
        values = self.getlist(key)
        self._list = [(k, v) for k, v in self._list if k != key]
        self._dict.pop(key, None)
        return values

    def clear(self) -> None:
        self._list.clear()
        self._dict.clear()

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self.append(key, default)
        return self[key]

    def setlist(self, key: str, values: list[T]) -> None:
        if not values:
            self.pop(key, None)
            return
        self._list = _replaced(self._list, {key: list(values)})
        self._dict[key] = values[-1]

    def append(self, key: str, value: T) -> None:
        self._list.append((key, value))
        self._dict[key] = value

    def update(self, args: Any = None, **kwargs: Any) -> None:
        pairs = _pairs(args, kwargs)
        grouped: dict[str, list[Any]] = {}
        for key, value in pairs:
            grouped.setdefault(key, []).append(value)
        self._list = _replaced(self._list, grouped)
        self._dict.update(_first_values(pairs))

    def to_immutable(self) -> ImmutableMultiDict[T]:
        return ImmutableMultiDict(self._list)

    def add(self, key: str, value: T) -> None:
        """Add one more value to `key`; `d[key]` keeps giving the first one."""
        self._list.append((key, value))
        self._dict.setdefault(key, value)

    def extend(self, args: Any = None, **kwargs: Any) -> None:
        """Add every pair of `args` and `kwargs`, keeping the values already there."""
        for key, value in _pairs(args, kwargs):
            self.add(key, value)

    def merge(self, args: Any = None, **kwargs: Any) -> None:
        """Add the pairs whose key is not present yet."""
        present = set(self._dict)
        for key, value in _pairs(args, kwargs):
            if key not in present:
                self.add(key, value)

    def popone(self, key: str, default: Any = _MISSING) -> Any:
        """Remove and return the first value of `key`; `default` (else KeyError) when absent."""
        for index, (name, value) in enumerate(self._list):
            if name == key:
                del self._list[index]
                self._dict = _first_values(self._list)
                return value
        if default is _MISSING:
            raise KeyError(key)
        return default

    def popall(self, key: str, default: Any = _MISSING) -> Any:
        """Remove and return every value of `key`; `default` (else KeyError) when absent."""
        if key not in self._dict:
            if default is _MISSING:
                raise KeyError(key)
            return default
        return self.poplist(key)

    def popitem(self) -> tuple[str, T]:
        """Remove and return the last (key, value) pair added; KeyError when empty."""
        if not self._list:
            raise KeyError("popitem(): multi-dict is empty")
        pair = self._list.pop()
        self._dict = _first_values(self._list)
        return pair


def parse_query_string(query: str) -> list[tuple[str, str]]:
    """Pairs of a query string, as `parse_qsl(query, keep_blank_values=True, errors="replace")`
    gives them, without its overhead: most pieces need no unquoting at all."""
    pairs: list[tuple[str, str]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        if "%" in name or "+" in name:
            name = unquote_plus(name, errors="replace")
        if "%" in value or "+" in value:
            value = unquote_plus(value, errors="replace")
        pairs.append((name, value))
    return pairs


class QueryParam(ImmutableMultiDict[str]):
    """Query parameters from a query string (str or bytes), a mapping or pairs.

    Never raises on bad input: invalid percent-escapes stay literal, escaped invalid UTF-8 is
    replaced; raw bytes read as latin-1.
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        value = args[0] if args else None
        if isinstance(value, bytes):
            # Latin-1, as Lilya (and Starlette) read the scope's query_string: every byte is a
            # character; percent-escapes are still decoded as UTF-8.
            value = value.decode("latin-1")
        if isinstance(value, str) and not kwargs:
            # The pairs are freshly parsed and ours alone: no defensive copy needed.
            self._list = parse_query_string(value)
            self._dict = _first_values(self._list)
        elif isinstance(value, str):
            super().__init__(parse_query_string(value), **kwargs)
        else:
            super().__init__(value, **kwargs)

    def __str__(self) -> str:
        """The pairs urlencoded, sorted (as Lilya writes them)."""
        return urlencode(_sorted_pairs(self._list))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class FormData(ImmutableMultiDict[Any]):
    """Form fields: strings and DataUploads. `close()` closes the uploads."""

    __slots__ = ()

    async def close(self) -> None:
        for _, value in self._list:
            close = getattr(value, "close", None)
            if close is not None and not isinstance(value, str):
                await close()


class FormMultiDict(FormData):
    """Lilya's name for a form multi-dict; the same as FormData."""

    __slots__ = ()
