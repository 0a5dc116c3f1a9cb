"""Turning Python values into JSON: a small registry of encoders and a fast `json_encode`.

Plain JSON types go straight to the C encoder; the registry is consulted only for values the
`json` module does not know (through its `default` hook), so a dict of strings never pays for
it. Optional libraries (pydantic, msgspec, attrs) are recognised only once the application has
imported them: their encoders look the module up in `sys.modules` and never import it.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import itertools
import json
import json.scanner
import sys
from collections import deque
from collections.abc import Callable, Sequence
from types import GeneratorType
from typing import Any, ClassVar, Generic, TypeVar

__all__ = [
    "ENCODER_TYPES",
    "Encoder",
    "EncoderArg",
    "json_decode",
    "json_encode",
    "json_encode_default",
    "register_encoder",
    "to_jsonable",
]

T = TypeVar("T")


class Encoder(Generic[T]):
    """Base class of JSON encoders: says which values it handles and how to serialize them.

    Set `__type__` (a type or tuple of types) or override `is_type(value)`, then implement
    `serialize(value)` returning something JSON-ready (it may contain other encodable values).
    `encode(annotation, value)` goes the other way, building an `annotation` from JSON data.
    """

    __type__: Any = None
    # Whether is_type's answer depends only on the value's type (true when `__type__` decides):
    # json_encode_default then remembers, per type, which encoder serializes it. A subclass
    # with its own is_type is asked every time unless it declares this itself.
    decides_by_type: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "is_type" in cls.__dict__ and "decides_by_type" not in cls.__dict__:
            cls.decides_by_type = False

    def is_type(self, value: Any) -> bool:
        """Whether this encoder handles `value`."""
        return self.__type__ is not None and isinstance(value, self.__type__)

    def serialize(self, obj: T) -> Any:
        """A JSON-ready representation of `obj`."""
        raise NotImplementedError(f"{type(self).__name__} must implement serialize().")

    def encode(self, annotation: Any, value: Any) -> Any:
        """Build an instance of `annotation` from `value` (returned as is if it already is one)."""
        if isinstance(annotation, type) and isinstance(value, annotation):
            return value
        return annotation(value)


EncoderArg = Encoder[Any] | type[Encoder[Any]]


class DataclassEncoder(Encoder[Any]):
    """Dataclass instances become dicts of their fields (nested values encoded in turn)."""

    decides_by_type = True  # by the value's class

    def is_type(self, value: Any) -> bool:
        return dataclasses.is_dataclass(value) and not isinstance(value, type)

    def serialize(self, obj: Any) -> Any:
        return {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}

    def encode(self, annotation: Any, value: Any) -> Any:
        if isinstance(value, annotation):
            return value
        return annotation(**value)


class EnumEncoder(Encoder[enum.Enum]):
    """Enum members become their value."""

    __type__ = enum.Enum

    def serialize(self, obj: enum.Enum) -> Any:
        return obj.value


class DateTimeEncoder(Encoder[Any]):
    """datetime, date and time become ISO 8601 strings."""

    __type__ = (datetime.datetime, datetime.date, datetime.time)

    def serialize(self, obj: datetime.datetime | datetime.date | datetime.time) -> str:
        return obj.isoformat()

    def encode(self, annotation: Any, value: Any) -> Any:
        if isinstance(value, annotation):
            return value
        return annotation.fromisoformat(value)


class TimedeltaEncoder(Encoder[datetime.timedelta]):
    """Durations become a number of seconds."""

    __type__ = datetime.timedelta

    def serialize(self, obj: datetime.timedelta) -> float:
        return obj.total_seconds()

    def encode(self, annotation: Any, value: Any) -> Any:
        if isinstance(value, annotation):
            return value
        return annotation(seconds=value)


# (module, class names) of the values StringifyEncoder writes as `str(value)`. Looked up in
# sys.modules: a value of these types exists only once its module is imported, and importing
# uuid, decimal and pathlib here cost a tenth of lilya's import time.
_STRINGIFIED_TYPES = (
    ("uuid", ("UUID",)),
    ("decimal", ("Decimal",)),
    ("pathlib", ("PurePath",)),
    (
        "ipaddress",
        (
            "IPv4Address",
            "IPv6Address",
            "IPv4Network",
            "IPv6Network",
            "IPv4Interface",
            "IPv6Interface",
        ),
    ),
)


class StringifyEncoder(Encoder[Any]):
    """UUIDs, Decimals (as exact strings), paths and IP addresses become `str(value)`."""

    decides_by_type = True  # by the value's class (json_encode_default remembers the answer)

    def is_type(self, value: Any) -> bool:
        for module_name, class_names in _STRINGIFIED_TYPES:
            module = sys.modules.get(module_name)
            if module is not None and isinstance(
                value, tuple(getattr(module, name) for name in class_names)
            ):
                return True
        return False

    def serialize(self, obj: Any) -> str:
        return str(obj)


class IterableEncoder(Encoder[Any]):
    """Sets, frozensets, deques and generators become lists."""

    __type__ = (set, frozenset, deque, GeneratorType)

    def serialize(self, obj: Any) -> list[Any]:
        return list(obj)

    def encode(self, annotation: Any, value: Any) -> Any:
        return annotation(value)


class BytesEncoder(Encoder[Any]):
    """bytes and bytearray become text, decoded as UTF-8 (undecodable data raises)."""

    __type__ = (bytes, bytearray, memoryview)

    def serialize(self, obj: bytes | bytearray | memoryview) -> str:
        return bytes(obj).decode("utf-8")

    def encode(self, annotation: Any, value: Any) -> Any:
        return annotation(value.encode("utf-8") if isinstance(value, str) else value)


class PydanticEncoder(Encoder[Any]):
    """pydantic models, dumped in JSON mode (only once the application imported pydantic)."""

    decides_by_type = True  # by the value's class

    def is_type(self, value: Any) -> bool:
        pydantic = sys.modules.get("pydantic")
        return pydantic is not None and isinstance(value, pydantic.BaseModel)

    def serialize(self, obj: Any) -> Any:
        return obj.model_dump(mode="json")

    def encode(self, annotation: Any, value: Any) -> Any:
        return annotation.model_validate(value)


class MsgspecEncoder(Encoder[Any]):
    """msgspec Structs, as builtins (only once the application imported msgspec)."""

    decides_by_type = True  # by the value's class

    def is_type(self, value: Any) -> bool:
        msgspec = sys.modules.get("msgspec")
        return msgspec is not None and isinstance(value, msgspec.Struct)

    def serialize(self, obj: Any) -> Any:
        return sys.modules["msgspec"].to_builtins(obj)

    def encode(self, annotation: Any, value: Any) -> Any:
        return sys.modules["msgspec"].convert(value, annotation)


class AttrsEncoder(Encoder[Any]):
    """attrs classes, as dicts of their attributes (only once the application imported attrs)."""

    decides_by_type = True  # by the value's class

    def is_type(self, value: Any) -> bool:
        attr = sys.modules.get("attr")
        return attr is not None and not isinstance(value, type) and attr.has(type(value))

    def serialize(self, obj: Any) -> Any:
        return sys.modules["attr"].asdict(obj, recurse=False)

    def encode(self, annotation: Any, value: Any) -> Any:
        if isinstance(value, annotation):
            return value
        return annotation(**value)


ENCODER_TYPES: list[Encoder[Any]] = [
    DataclassEncoder(),
    EnumEncoder(),
    DateTimeEncoder(),
    TimedeltaEncoder(),
    StringifyEncoder(),
    IterableEncoder(),
    BytesEncoder(),
    PydanticEncoder(),
    MsgspecEncoder(),
    AttrsEncoder(),
]
"""The global registry, tried in order; `register_encoder` puts new encoders first."""


def _as_instance(encoder: EncoderArg) -> Encoder[Any]:
    return encoder() if isinstance(encoder, type) else encoder


# type -> the registry encoder that serializes its values, for encoders that decide by type;
# valid for the registry as it was when filled (_REMEMBERED_FOR).
_ENCODER_BY_TYPE: dict[type, Encoder[Any]] = {}
_REMEMBERED_FOR: list[Encoder[Any]] = []
_REMEMBERED_TYPES = 256


def _registry_encoder(value: Any) -> Encoder[Any] | None:
    """The first registry encoder for `value`. Remembered per type while the registry stays
    as it is: walking it cost ~7 µs for a pydantic model (is_dataclass alone, through
    pydantic's metaclass, ~2.8 µs), more than dumping the model."""
    kind = type(value)
    if _REMEMBERED_FOR == ENCODER_TYPES:
        known = _ENCODER_BY_TYPE.get(kind)
        if known is not None:
            return known
    else:
        _ENCODER_BY_TYPE.clear()
        _REMEMBERED_FOR[:] = ENCODER_TYPES
    by_type = True
    for encoder in ENCODER_TYPES:
        if encoder.is_type(value):
            if by_type and encoder.decides_by_type:
                if len(_ENCODER_BY_TYPE) >= _REMEMBERED_TYPES:
                    _ENCODER_BY_TYPE.clear()
                _ENCODER_BY_TYPE[kind] = encoder
            return encoder
        by_type = by_type and encoder.decides_by_type
    return None


def register_encoder(encoder: EncoderArg) -> None:
    """Add an encoder (instance or class) to the registry, ahead of the built-in ones.

    Registering a second encoder of the same class replaces the first.
    """
    instance = _as_instance(encoder)
    ENCODER_TYPES[:] = [known for known in ENCODER_TYPES if type(known) is not type(instance)]
    ENCODER_TYPES.insert(0, instance)


class _NotSerializable(TypeError, ValueError):
    """No encoder for a value: the TypeError `json.dumps` (and Lilya's JSONResponse) raises,
    and the ValueError Lilya raises for a handler's return value."""


def _not_serializable(value: Any) -> TypeError:
    return _NotSerializable(
        f"Object of type {type(value).__name__!r} is not JSON serializable; "
        "register an Encoder for it with lilya.encoders.register_encoder()."
    )


def json_encode_default(value: Any, encoders: Sequence[EncoderArg] | None = None) -> Any:
    """The `default` hook for `json.dumps`: serialize `value` with the first matching encoder.

    `encoders` are tried before the global registry.
    """
    if encoders:
        for extra in encoders:
            encoder = _as_instance(extra)
            if encoder.is_type(value):
                return encoder.serialize(value)
    found = _registry_encoder(value)
    if found is None:
        raise _not_serializable(value)
    return found.serialize(value)


_JSON_NATIVE = (str, int, float, bool, type(None))


def to_jsonable(value: Any, encoders: Sequence[EncoderArg] | None = None) -> Any:
    """`value` as plain dicts, lists and scalars, with every key turned into a string-like key.

    Slower than `json_encode`; used when a dict has keys the `json` module refuses.
    """
    if isinstance(value, _JSON_NATIVE):
        return value
    if isinstance(value, dict):
        return {_to_key(key, encoders): to_jsonable(item, encoders) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, encoders) for item in value]
    return to_jsonable(json_encode_default(value, encoders), encoders)


def _to_key(key: Any, encoders: Sequence[EncoderArg] | None) -> Any:
    if isinstance(key, _JSON_NATIVE):
        return key
    encoded = to_jsonable(key, encoders)
    return encoded if isinstance(encoded, _JSON_NATIVE) else str(encoded)


def _make_json_encoder(default: Callable[[Any], Any]) -> json.JSONEncoder:
    return json.JSONEncoder(
        ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=default
    )


def _make_one_shot_scanner(
    default: Callable[[Any], Any],
) -> tuple[Callable[[Any], str], Callable[[Any, int], Any] | None]:
    """`JSONEncoder.encode` without its per-call set-up, when the C accelerator is there:
    (encode, the C scanner it calls), or (the ordinary encode, None) without it.

    `JSONEncoder.encode` builds the C scanner anew on every call (a third of a small
    response's cost); this builds it once. It skips the circular-reference bookkeeping: a
    cycle ends in RecursionError instead, which `json_encode` reports as a ValueError. The
    result is checked once against the pure encoder; any doubt means the ordinary path.
    """
    ordinary = _make_json_encoder(default).encode
    try:
        from json.encoder import encode_basestring

        c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
        if c_make_encoder is None:  # pragma: no cover - no C accelerator
            return ordinary, None
        scan = c_make_encoder(None, default, encode_basestring, None, ":", ",", False, False, False)
        sample = {"a": [1, 2.5, None, True, "\u00e9", {"b": -1}]}
        if "".join(scan(sample, 0)) != ordinary(sample):
            return ordinary, None  # pragma: no cover - an interpreter whose scanner differs
    except (ImportError, TypeError, ValueError):  # pragma: no cover - no C accelerator
        return ordinary, None

    def encode(value: Any) -> str:
        return "".join(scan(value, 0))

    return encode, scan


# The C scanner itself is kept too: json_encode calls it directly, one frame less per response.
_DEFAULT_ENCODE, _DEFAULT_SCAN = _make_one_shot_scanner(json_encode_default)


def json_encode(value: Any, encoders: Sequence[EncoderArg] | None = None) -> bytes:
    """Compact UTF-8 JSON for `value`, using `encoders` (then the registry) for unknown types.

    NaN and infinities raise ValueError (they are not JSON); unknown types raise TypeError.
    """
    encode = (
        _make_json_encoder(functools.partial(json_encode_default, encoders=encoders)).encode
        if encoders
        else _DEFAULT_ENCODE
    )
    try:
        try:
            if not encoders and _DEFAULT_SCAN is not None:
                text = "".join(_DEFAULT_SCAN(value, 0))
            else:
                text = encode(value)
        except TypeError:
            # Typically dict keys json refuses (UUIDs, enums, dates): convert them first.
            text = encode(to_jsonable(value, encoders))
    except _NotSerializable:
        raise  # a ValueError too, but not a value json refused
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"Value is not JSON compliant: {exc}.") from exc
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be UTF-8: escape them as JSON `\\uXXXX` sequences instead.
        return json.dumps(json.loads(text), separators=(",", ":")).encode("ascii")


_JSON_SPACE = " \t\n\r"


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259); accepting them would hand the app values its
    # own JSON responses then refuse to encode.
    raise ValueError(f"{name} is not valid JSON.")


def _finite_float(text: str) -> float:
    # A number too large for a float (1e999) would become infinity: refused like Infinity.
    # Called for float literals only (integers stay exact); about 0.15 µs each.
    value = float(text)
    if value - value:  # nan only for an infinity (NaN itself never reaches here)
        raise ValueError("A number in the JSON is too large for a float.")
    return value


def _make_scanner() -> Callable[[str, int], tuple[Any, int]] | None:
    scanner = getattr(json.scanner, "c_make_scanner", None)
    return (
        None
        if scanner is None
        else scanner(json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float))
    )


_SCAN = _make_scanner()
# What the nesting check looks at: quotes and brackets, both kinds of bracket made one (a
# mismatched pair is invalid JSON, which the parser refuses anyway); every other byte goes.
_BRACKETS_ONLY = bytes.maketrans(b"{}", b"[]")
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')
_NOT_OPENING = bytes(c for c in range(256) if c not in b"[{")
_DEPTH_STEPS = bytes.maketrans(b"[]", b"\x01\xff")
_REPLACE_PASSES = 8


def json_decode(data: bytes | str, max_depth: int | None = None) -> Any:
    """Parse JSON strictly: NaN/Infinity, invalid text and documents nested more than
    `max_depth` arrays/objects deep raise ValueError (or UnicodeDecodeError), never
    RecursionError.

    The usual case (UTF-8 text starting with a value) goes to the C scanner directly:
    json.loads spends about a tenth of a 1 KB body's time on encoding detection and set-up.
    Anything else (BOMs, UTF-16/32, surrounding whitespace, invalid JSON) goes through
    json.loads, which gives the same result or the same error.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        text = None
    if max_depth is not None and text is not None and _nested_deeper(text, max_depth):
        raise ValueError(f"The JSON is nested more than {max_depth} levels deep.")
    try:
        if _SCAN is not None and text is not None:
            try:
                value, end = _SCAN(text, 0)
            except (StopIteration, ValueError):
                pass
            else:
                if end == len(text) or not text[end:].strip(_JSON_SPACE):
                    return value
        return json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise ValueError("The JSON is nested too deeply.") from None


def _nested_deeper(data: bytes | str, limit: int) -> bool:
    """Whether arrays/objects nest more than `limit` deep (or the brackets do not balance,
    which is invalid JSON anyway; UTF-16/32 documents are judged roughly, and the parser's
    own recursion guard still holds for them).

    One count unless the document holds more than `limit` opening brackets; then a few
    linear passes in C (escapes out, everything but quotes and brackets out, strings out,
    innermost pairs out `limit` times), about a third of what parsing it costs.
    """
    if len(data) <= 2 * limit:  # each level takes two brackets (deeper invalid JSON is
        return False  # refused by the parser, whose recursion guard holds)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw.translate(None, _NOT_OPENING)) <= limit:  # one pass; two counts took longer
        return False
    if b"\\" in raw:  # escaped backslashes first, then escaped quotes: neither ends a string
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    kept = raw.translate(_BRACKETS_ONLY, _NOT_STRUCTURE)
    if b'"' in kept:
        # Two quotes with nothing between hide no bracket: dropping them keeps the quotes'
        # alternation (opening, closing) and leaves only strings holding brackets.
        kept = kept.replace(b'""', b"")
        if b'"' in kept:
            kept = b"".join(kept.split(b'"')[::2])
    if b"[" * (limit + 1) in kept:  # the plainest deep document, found without a pass
        return True
    # Each pass removes the innermost pairs, one level: a shallow document is gone in a few.
    for _ in range(min(limit, _REPLACE_PASSES)):
        if not kept:
            return False
        reduced = kept.replace(b"[]", b"")
        if len(reduced) == len(kept):
            return True
        kept = reduced
        limit -= 1
    if not kept:
        return False
    # Still nested: the deepest point of what is left, in one pass (each pass above costs a
    # pass over the document, and `limit` of them took seconds for 10 MB nested 100 deep).
    if b"[" * (limit + 1) in kept:
        return True
    steps = memoryview(kept.translate(_DEPTH_STEPS)).cast("b")  # +1 for "[", -1 for "]"
    return max(itertools.accumulate(steps)) > limit
