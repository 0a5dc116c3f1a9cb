"""State: an attribute-style dict for app and request state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["State"]


class _MissingState(AttributeError, KeyError):
    """Deleting a state attribute that is not set: both errors, so either `except` works."""

    def __str__(self) -> str:
        return repr(self.args[0]) if self.args else ""


class State:
    """`state.db = pool` and `state["db"]` reach the same dict."""

    _state: dict[str, Any]

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_state", state if state is not None else {})

    def __setattr__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __getattr__(self, key: str) -> Any:
        try:
            return self._state[key]
        except KeyError:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{key}'"
            ) from None

    def __delattr__(self, key: str) -> None:
        try:
            del self._state[key]
        except KeyError:
            # Lilya raises KeyError here; being an AttributeError too keeps Python's protocol.
            raise _MissingState(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __contains__(self, key: object) -> bool:
        return key in self._state

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)

    def get(self, key: str, default: Any = None) -> Any:
        return self._state.get(key, default)

    def copy(self) -> State:
        return State(dict(self._state))

    def __repr__(self) -> str:
        return f"State({self._state!r})"
