"""Secret: a string that never shows itself in reprs or logs."""

from __future__ import annotations

__all__ = ["Secret"]


class Secret:
    """Wrap a sensitive value; `str(secret)` or `.value` reads it, `repr` hides it."""

    __slots__ = ("value",)

    # None is allowed as in Lilya (a secret not set yet); such a secret is falsy.
    def __init__(self, value: str = None) -> None:  # type: ignore[assignment]  # noqa: RUF013
        self.value = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}('***********')"

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)
