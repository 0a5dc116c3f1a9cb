"""Path parameter types: how `{name:int}` matches, converts and is written back into a URL.

A transformer has a `regex` matching the raw text, `transform(text) -> value` and
`normalise(value) -> text` (used when reversing). `register_path_transformer` adds a type.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    import uuid

__all__ = [
    "TRANSFORMER_TYPES",
    "DatetimeTransformer",
    "FloatTransformer",
    "IntegerTransformer",
    "PathTransformer",
    "StringTransformer",
    "Transformer",
    "UUIDTransformer",
    "register_path_transformer",
]

T = TypeVar("T")


class Transformer(Generic[T]):
    """Base class of path parameter types.

    `spans_segments` says whether the value may contain "/" (like `path`); such a parameter
    consumes the rest of the path. It is inferred from `regex` when a subclass does not set it.
    """

    regex: ClassVar[str] = ""
    spans_segments: ClassVar[bool | None] = None

    def transform(self, value: str) -> T:
        raise NotImplementedError

    def normalise(self, value: T) -> str:
        raise NotImplementedError


class StringTransformer(Transformer[str]):
    regex = "[^/]+"
    spans_segments = False

    def transform(self, value: str) -> str:
        return value

    def normalise(self, value: str) -> str:
        value = str(value)
        if "/" in value:
            raise ValueError("a string path parameter may not contain '/'")
        if not value:
            raise ValueError("a string path parameter may not be empty")
        return value


class PathTransformer(Transformer[str]):
    regex = ".*"
    spans_segments = True

    def transform(self, value: str) -> str:
        return value

    def normalise(self, value: str) -> str:
        return str(value)


class IntegerTransformer(Transformer[int]):
    regex = "[0-9]+"
    spans_segments = False

    def transform(self, value: str) -> int:
        return int(value)

    def normalise(self, value: int) -> str:
        value = int(value)
        if value < 0:
            raise ValueError("negative integers are not supported as path parameters")
        return str(value)


class FloatTransformer(Transformer[float]):
    regex = r"[0-9]+(\.[0-9]+)?"
    spans_segments = False

    def transform(self, value: str) -> float:
        result = float(value)
        if result == math.inf:  # hundreds of digits overflow: not a match, like "inf" itself
            raise ValueError("the float is too large to be finite")
        return result

    def normalise(self, value: float) -> str:
        value = float(value)
        if value < 0.0 or math.isnan(value) or math.isinf(value):
            raise ValueError("only finite, non-negative floats are supported as path parameters")
        return f"{value:.20f}".rstrip("0").rstrip(".")


class UUIDTransformer(Transformer["uuid.UUID"]):
    regex = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    spans_segments = False

    def transform(self, value: str) -> uuid.UUID:
        # Imported on the first UUID parameter: the uuid module (with the platform module it
        # loads) is a tenth of lilya's import time, and most apps take no UUID in a path.
        from uuid import UUID

        return UUID(value)

    def normalise(self, value: uuid.UUID) -> str:
        return str(value)


class DatetimeTransformer(Transformer[datetime]):
    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(.[0-9]+)?"
    spans_segments = False

    def transform(self, value: str) -> datetime:
        return datetime.fromisoformat(value)

    def normalise(self, value: datetime) -> str:
        return value.isoformat()


TRANSFORMER_TYPES: dict[str, Transformer[Any]] = {
    "str": StringTransformer(),
    "path": PathTransformer(),
    "int": IntegerTransformer(),
    "float": FloatTransformer(),
    "uuid": UUIDTransformer(),
    "datetime": DatetimeTransformer(),
}

_SLASH_PROBES = ("a/b", "1/2", "/", "0/0", "a/")


def spans_segments(transformer: Transformer[Any]) -> bool:
    """Whether the transformer's values may contain "/" (declared, else probed on its regex)."""
    declared = transformer.spans_segments
    if declared is not None:
        return declared
    pattern = re.compile(transformer.regex)
    return any(pattern.fullmatch(probe) for probe in _SLASH_PROBES)


def register_path_transformer(
    key: str, transformer: Transformer[Any] | type[Transformer[Any]]
) -> None:
    """Make `{name:key}` available in path templates (routes built afterwards see it)."""
    if isinstance(transformer, type):
        transformer = transformer()
    re.compile(transformer.regex)  # fail now, with the regex's own error, if it is invalid
    TRANSFORMER_TYPES[key] = transformer
