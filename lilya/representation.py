"""`Repr`: a mixin whose repr and str name the attributes that are set."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["Repr"]


class Repr:
    """Mixin: `repr(obj)` is `Name(a=1, b='x')` over the attributes that are not None (from
    the instance dict and slots), `str(obj)` the same pairs separated by spaces."""

    __slots__ = ()

    def _repr_items(self) -> Iterator[tuple[str, Any]]:
        names: list[str] = list(getattr(self, "__dict__", {}))
        for cls in type(self).__mro__:
            slots = cls.__dict__.get("__slots__", ())
            names.extend((slots,) if isinstance(slots, str) else slots)
        for name in dict.fromkeys(names):
            value = getattr(self, name, None)
            if value is not None and not name.startswith("__"):
                yield name, value

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._repr_items())
        return f"{type(self).__name__}({fields})"

    def __str__(self) -> str:
        return " ".join(f"{name}={value!r}" for name, value in self._repr_items())
