"""Value semantics for the small classes the routing internals build once per route.

Such a class lists its fields in `__slots__` and assigns them in a plain `__init__`; this base
compares, hashes and shows instances by those fields (its own and its bases'), as a dataclass
would. A frozen, slotted dataclass costs about half a millisecond of import time each (its
methods are generated and compiled, and `slots=True` builds the class twice); the routing
internals had ten. Instances are not frozen: treat them as read-only (they are hashed and
shared).
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = ["Record"]


class Record:
    """Equality, hashing and repr from the fields named in `__slots__` along the class's MRO."""

    __slots__ = ()
    _field_names: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            names.extend(klass.__dict__.get("__slots__", ()))
        cls._field_names = tuple(names)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._field_names)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._field_names)
        return f"{type(self).__name__}({shown})"
