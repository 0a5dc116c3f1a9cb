"""Typed access to configuration from the environment and an optional .env file.

`EnvironLoader` snapshots the process environment (or a given mapping) on top of the values
of a .env file, so real environment variables win over the file. Reading a value can cast it;
a missing value without a default and a value that cannot be cast both raise an
EnvironmentError that names the variable, so a misconfigured deployment fails with a message
that says what to fix.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from lilya.datastructures.multidict import MultiDict
from lilya.exceptions import EnvironmentError
from lilya.types import Empty

__all__ = [
    "BooleanParser",
    "Cast",
    "EnvironCastError",
    "EnvironLoader",
    "MissingEnvironmentValue",
    "parse_env_file",
]

Cast = Callable[..., Any]

_TRUE = frozenset({"true", "1", "yes", "y", "on", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "off", "f"})


class MissingEnvironmentValue(EnvironmentError, KeyError):
    """A required variable is set neither in the environment nor in the .env file.

    Also a KeyError, so code written for Lilya's loader keeps catching it.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class EnvironCastError(EnvironmentError, ValueError):
    """A variable is set but its value cannot be cast to the requested type (also a ValueError)."""


class BooleanParser:
    """Turns the usual spellings of a boolean ("true", "0", "yes", "off", ...) into a bool."""

    __slots__ = ("_key", "_value")

    def __init__(self, key: str, value: Any) -> None:
        self._key = key
        self._value = value

    def __call__(self) -> Any:
        if isinstance(self._value, bool):
            return self._value
        text = str(self._value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise EnvironCastError(
            f"Environment variable {self._key!r} is {self._value!r}, which is not a boolean "
            "(use one of true/false, 1/0, yes/no, on/off)."
        )


def parse_env_file(path: str | Path) -> dict[str, str]:
    """Read KEY=VALUE lines as Lilya 0.7.5 does, so a .env file gives the same values.

    Blank lines and lines starting with # are skipped and `export ` before a key is allowed.
    The key and the value are stripped of surrounding whitespace, then the value of any
    surrounding quote characters (' and "); nothing else is interpreted: no escapes, and a #
    after the value is part of it. A line without `=` raises EnvironmentError with its line
    number.
    """
    values: dict[str, str] = {}
    with open(path, encoding="utf-8") as file:
        for lineno, line in enumerate(file, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            if text.startswith("export "):
                text = text[len("export ") :].lstrip()
            key, sep, raw = text.partition("=")
            if not sep:
                raise EnvironmentError(
                    f"{path}, line {lineno}: expected KEY=VALUE, got {line.rstrip()!r}."
                )
            values[key.strip()] = raw.strip().strip("'\"")
    return values


class EnvironLoader(MultiDict[Any]):
    """Configuration values from the environment and an optional .env file, with casting.

    `env_file`: a .env file read once (a missing file only warns). `environ`: the mapping to use
    instead of `os.environ` (snapshotted at construction). `prefix`: prepended to every key that
    is looked up. `ignore_case`: look keys up without regard to case.
    """

    def __init__(
        self,
        env_file: str | Path | None = None,
        environ: Mapping[str, Any] | None = None,
        prefix: str | None = None,
        ignore_case: bool = False,
    ) -> None:
        file_values: dict[str, str] = {}
        if env_file is not None:
            if os.path.isfile(env_file):
                file_values = parse_env_file(env_file)
            else:
                warnings.warn(f"EnvironLoader file {str(env_file)!r} not found.", stacklevel=2)
        source = dict(os.environ if environ is None else environ)
        merged: dict[str, Any] = {**file_values, **source}
        self._ignore_case = ignore_case
        if ignore_case:
            merged = {key.upper(): value for key, value in merged.items()}
        super().__init__(merged)
        self._env_file = env_file
        self._prefix = prefix or ""
        self._read: set[str] = set()

    def __repr__(self) -> str:
        """Written as Lilya 0.7.5's loader (a multidict) writes itself."""
        pairs = ", ".join(f"{key!r}: {value!r}" for key, value in self.multi_items())
        return f"<{type(self).__name__}({pairs})>"

    def _key(self, key: str) -> str:
        return key.upper() if self._ignore_case else key

    def __getitem__(self, key: str) -> Any:
        key = self._key(key)
        self._read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._key(key) if isinstance(key, str) else key)

    def __setitem__(self, key: str, value: Any) -> None:
        key = self._key(key)
        if key in self._read:
            raise EnvironmentError(f"Cannot set {key!r}: its value has already been read.")
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        key = self._key(key)
        if key in self._read:
            raise EnvironmentError(f"Cannot delete {key!r}: its value has already been read.")
        if not super().__contains__(key):
            raise EnvironmentError(f"Cannot delete {key!r}: it is not set.")
        super().__delitem__(key)

    # The multidict-style methods Lilya's loader has (it is a multidict.MultiDict there).
    def add(self, key: str, value: Any) -> None:
        """Add one more value for `key`, keeping the ones it has (`env[key]` stays the first)."""
        key = self._key(key)
        self._list.append((key, value))
        self._dict.setdefault(key, value)

    def extend(self, *args: Any, **kwargs: Any) -> None:
        """Add every pair of a mapping, an iterable of pairs and keyword arguments."""
        for arg in args:
            pairs = arg.items() if isinstance(arg, Mapping) else arg
            for key, value in pairs:
                self.add(key, value)
        for key, value in kwargs.items():
            self.add(key, value)

    def getone(self, key: str, *default: Any) -> Any:
        """The first value of `key`; `default` when absent if given, else KeyError."""
        key = self._key(key)
        values = self.getlist(key)
        if values:
            self._read.add(key)
            return values[0]
        if default:
            return default[0]
        raise KeyError(key)

    def popall(self, key: str, *default: Any) -> Any:
        """Remove `key` and return all its values; `default` when absent if given, else
        KeyError."""
        key = self._key(key)
        if not super().__contains__(key):
            if default:
                return default[0]
            raise KeyError(key)
        return self.poplist(key)

    def __call__(self, key: str, cast: Cast | None = None, default: Any = Empty) -> Any:
        return self.env(key, cast=cast, default=default)

    def env(self, key: str, cast: Cast | None = None, default: Any = Empty) -> Any:
        """The value of `prefix + key`, cast with `cast` (bool understands true/false, 1/0,
        yes/no, on/off). Without a value, `default` is returned, cast too unless it is None
        (as Lilya 0.7.5 does); without a default, MissingEnvironmentValue (an
        EnvironmentError) is raised."""
        full_key = self._key(self._prefix + key)
        if super().__contains__(full_key):
            self._read.add(full_key)
            return self._cast(full_key, super().__getitem__(full_key), cast)
        if default is Empty:
            where = f" or in {str(self._env_file)!r}" if self._env_file is not None else ""
            raise MissingEnvironmentValue(
                f"Environment variable {full_key!r} is not set in the environment{where} "
                "and no default was given."
            )
        if default is None:
            return None
        return self._cast(full_key, default, cast)

    @staticmethod
    def _cast(key: str, value: Any, cast: Cast | None) -> Any:
        if cast is None:
            return value
        if cast is bool:
            return BooleanParser(key, value)()
        try:
            return cast(value)
        except (TypeError, ValueError) as exc:
            name = getattr(cast, "__name__", repr(cast))
            raise EnvironCastError(
                f"Environment variable {key!r} is {value!r}, which is not a valid {name} ({exc})."
            ) from None
