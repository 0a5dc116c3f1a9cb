from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import ipaddress
import json
import subprocess
import sys
import uuid
from collections import deque
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import attrs
import msgspec
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lilya.encoders import (
    ENCODER_TYPES,
    Encoder,
    json_decode,
    json_encode,
    json_encode_default,
    register_encoder,
    to_jsonable,
)


@pytest.fixture(autouse=True)
def _restore_registry() -> Iterator[None]:
    saved = list(ENCODER_TYPES)
    yield
    ENCODER_TYPES[:] = saved


class Color(enum.Enum):
    RED = "red"
    BLUE = 2


@dataclasses.dataclass
class Point:
    x: int
    y: int


@dataclasses.dataclass(frozen=True)
class FrozenPoint:
    x: int
    y: int


@dataclasses.dataclass
class Shape:
    name: str
    points: list[Point]
    color: Color
    created: datetime.date


class PydanticUser(pydantic.BaseModel):
    name: str
    joined: datetime.datetime


class MsgspecUser(msgspec.Struct):
    name: str
    tags: set[str]


@attrs.define
class AttrsUser:
    name: str
    point: Point


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


class MoneyEncoder(Encoder[Money]):
    __type__ = Money

    def serialize(self, obj: Money) -> str:
        return f"{obj.cents / 100:.2f}"


def loads(data: bytes) -> Any:
    return json.loads(data)


def test_json_encode_is_compact_utf8() -> None:
    assert json_encode({"a": [1, 2], "b": "\u00e9"}) == '{"a":[1,2],"b":"\u00e9"}'.encode()


@pytest.mark.parametrize("value", [None, True, 0, 1.5, "x", [], {}, [1, "a", None]])
def test_json_encode_plain_values(value: Any) -> None:
    assert loads(json_encode(value)) == value


def test_json_encode_plain_values_skip_the_registry() -> None:
    class Exploding(Encoder[Any]):
        def is_type(self, value: Any) -> bool:
            raise AssertionError("registry consulted")

    register_encoder(Exploding())
    assert json_encode({"a": [1, "b", None, 2.5, True]}) == b'{"a":[1,"b",null,2.5,true]}'


def test_json_encode_tuple_as_list() -> None:
    assert json_encode((1, 2)) == b"[1,2]"


def test_json_encode_dataclass_nested() -> None:
    shape = Shape("tri", [Point(0, 0), Point(1, 2)], Color.RED, datetime.date(2024, 1, 2))
    assert loads(json_encode(shape)) == {
        "name": "tri",
        "points": [{"x": 0, "y": 0}, {"x": 1, "y": 2}],
        "color": "red",
        "created": "2024-01-02",
    }


def test_json_encode_dataclass_class_itself_is_not_encoded() -> None:
    with pytest.raises(TypeError, match="register_encoder"):
        json_encode(Point)


def test_json_encode_enum_value() -> None:
    assert json_encode([Color.RED, Color.BLUE]) == b'["red",2]'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05"),
        (
            datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc),
            "2024-01-02T00:00:00+00:00",
        ),
        (datetime.date(2024, 1, 2), "2024-01-02"),
        (datetime.time(3, 4, 5), "03:04:05"),
        (uuid.UUID("12345678-1234-5678-1234-567812345678"), "12345678-1234-5678-1234-567812345678"),
        (decimal.Decimal("1.10"), "1.10"),
        (PurePosixPath("/a/b"), "/a/b"),
        (ipaddress.ip_address("10.0.0.1"), "10.0.0.1"),
        (ipaddress.ip_network("10.0.0.0/8"), "10.0.0.0/8"),
        (b"bytes", "bytes"),
        (bytearray(b"ba"), "ba"),
    ],
)
def test_json_encode_stringified_types(value: Any, expected: str) -> None:
    assert loads(json_encode(value)) == expected


def test_json_encode_path_objects() -> None:
    assert loads(json_encode(Path("x") / "y")) == str(Path("x") / "y")


def test_json_encode_timedelta_as_seconds() -> None:
    assert json_encode(datetime.timedelta(minutes=1, milliseconds=500)) == b"60.5"


def test_json_encode_sets_and_iterables_as_lists() -> None:
    assert loads(json_encode({"s": {1}, "f": frozenset({2}), "d": deque([3, 4])})) == {
        "s": [1],
        "f": [2],
        "d": [3, 4],
    }


def test_json_encode_generator_as_list() -> None:
    assert json_encode(i * 2 for i in range(3)) == b"[0,2,4]"


def test_json_encode_undecodable_bytes_raise_value_error() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        json_encode(b"\xff")


def test_json_encode_pydantic_model_in_json_mode() -> None:
    user = PydanticUser(name="ada", joined=datetime.datetime(2024, 1, 2))
    assert loads(json_encode(user)) == {"name": "ada", "joined": "2024-01-02T00:00:00"}


def test_json_encode_msgspec_struct() -> None:
    assert loads(json_encode(MsgspecUser(name="ada", tags={"x"}))) == {
        "name": "ada",
        "tags": ["x"],
    }


def test_json_encode_attrs_class_with_nested_dataclass() -> None:
    assert loads(json_encode(AttrsUser("ada", Point(1, 2)))) == {
        "name": "ada",
        "point": {"x": 1, "y": 2},
    }


def test_json_encode_non_string_keys_are_converted() -> None:
    key = uuid.UUID(int=1)
    data = {key: 1, Color.RED: 2, datetime.date(2024, 1, 1): 3, 4: 4, FrozenPoint(1, 2): 5}
    assert loads(json_encode(data)) == {
        str(key): 1,
        "red": 2,
        "2024-01-01": 3,
        "4": 4,
        "{'x': 1, 'y': 2}": 5,
    }


def test_json_encode_nan_raises_clear_value_error() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        json_encode({"x": float("nan")})


def test_json_encode_infinity_raises_value_error() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        json_encode([float("inf")])


def test_json_encode_unknown_type_raises_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="'Money' is not JSON serializable"):
        json_encode({"price": Money(100)})


def test_an_unknown_type_is_a_value_error_too(test_client_factory: Any) -> None:
    """Lilya 0.7.5 raises ValueError for a handler's return value no encoder knows (and
    json's TypeError in JSONResponse): the error is both."""
    from lilya.apps import Lilya
    from lilya.routing import Path as Route

    with pytest.raises(ValueError, match="'Money' is not JSON serializable"):
        json_encode(Money(1))

    def handler() -> Any:
        return Money(1)

    client = test_client_factory(Lilya(routes=[Route("/", handler)]))
    with pytest.raises(ValueError, match="'Money' is not JSON serializable"):
        client.get("/")


def test_json_encode_lone_surrogate_is_escaped() -> None:
    data = json_encode({"s": "a\ud800b\u00e9"})
    assert data == b'{"s":"a\\ud800b\\u00e9"}'


def test_json_encode_uses_given_encoder_instances() -> None:
    assert json_encode({"p": Money(150)}, encoders=[MoneyEncoder()]) == b'{"p":"1.50"}'


def test_json_encode_uses_given_encoder_classes() -> None:
    assert json_encode([Money(1)], encoders=[MoneyEncoder]) == b'["0.01"]'


def test_json_encode_given_encoders_fall_back_to_registry() -> None:
    assert json_encode([Money(1), Color.RED], encoders=[MoneyEncoder]) == b'["0.01","red"]'


def test_json_encode_given_encoders_do_not_register_globally() -> None:
    json_encode(Money(1), encoders=[MoneyEncoder])
    with pytest.raises(TypeError):
        json_encode(Money(1))


def test_register_encoder_instance() -> None:
    register_encoder(MoneyEncoder())
    assert json_encode(Money(250)) == b'"2.50"'


def test_register_encoder_class() -> None:
    register_encoder(MoneyEncoder)
    assert isinstance(ENCODER_TYPES[0], MoneyEncoder)


def test_register_encoder_twice_replaces_the_previous_one() -> None:
    before = len(ENCODER_TYPES)
    register_encoder(MoneyEncoder)
    register_encoder(MoneyEncoder())
    assert len(ENCODER_TYPES) == before + 1


def test_registered_encoder_wins_over_builtin() -> None:
    class PointAsList(Encoder[Point]):
        __type__ = Point

        def serialize(self, obj: Point) -> list[int]:
            return [obj.x, obj.y]

    register_encoder(PointAsList)
    assert json_encode(Point(1, 2)) == b"[1,2]"


def test_encoder_with_is_type_method() -> None:
    class EvenMoney(Encoder[Money]):
        def is_type(self, value: Any) -> bool:
            return isinstance(value, Money) and value.cents % 2 == 0

        def serialize(self, obj: Money) -> int:
            return obj.cents

    assert json_encode([Money(2)], encoders=[EvenMoney()]) == b"[2]"
    with pytest.raises(TypeError):
        json_encode([Money(3)], encoders=[EvenMoney()])


def test_encoder_without_type_matches_nothing() -> None:
    assert not Encoder().is_type(1)


def test_encoder_serialize_must_be_implemented() -> None:
    with pytest.raises(NotImplementedError, match="serialize"):
        Encoder().serialize(1)


def test_json_encode_default_serializes_one_level() -> None:
    assert json_encode_default(Point(1, 2)) == {"x": 1, "y": 2}


def test_to_jsonable_converts_nested_values() -> None:
    assert to_jsonable({"a": (Color.RED, {uuid.UUID(int=0): {1}})}) == {
        "a": ["red", {"00000000-0000-0000-0000-000000000000": [1]}]
    }


def test_encoders_module_does_not_import_optional_libraries() -> None:
    code = (
        "import sys, lilya.encoders\n"
        "lilya.encoders.json_encode({'a': 1})\n"
        "print(sorted({'pydantic', 'msgspec', 'attr'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("encoder_name", "annotation", "value", "expected"),
    [
        ("DataclassEncoder", Point, {"x": 1, "y": 2}, Point(1, 2)),
        ("DataclassEncoder", Point, Point(3, 4), Point(3, 4)),
        ("EnumEncoder", Color, "red", Color.RED),
        ("DateTimeEncoder", datetime.date, "2024-01-02", datetime.date(2024, 1, 2)),
        ("DateTimeEncoder", datetime.date, datetime.date(2024, 1, 2), datetime.date(2024, 1, 2)),
        ("TimedeltaEncoder", datetime.timedelta, 1.5, datetime.timedelta(seconds=1.5)),
        ("TimedeltaEncoder", datetime.timedelta, datetime.timedelta(1), datetime.timedelta(1)),
        ("StringifyEncoder", uuid.UUID, str(uuid.UUID(int=5)), uuid.UUID(int=5)),
        ("StringifyEncoder", decimal.Decimal, "1.5", decimal.Decimal("1.5")),
        ("IterableEncoder", set, [1, 1, 2], {1, 2}),
        ("BytesEncoder", bytes, "ab", b"ab"),
        ("BytesEncoder", bytes, b"ab", b"ab"),
        ("MsgspecEncoder", MsgspecUser, {"name": "a", "tags": ["x"]}, MsgspecUser("a", {"x"})),
        (
            "AttrsEncoder",
            AttrsUser,
            {"name": "a", "point": Point(1, 1)},
            AttrsUser("a", Point(1, 1)),
        ),
        ("AttrsEncoder", AttrsUser, AttrsUser("a", Point(1, 1)), AttrsUser("a", Point(1, 1))),
    ],
)
def test_encoder_encode_builds_the_annotation(
    encoder_name: str, annotation: Any, value: Any, expected: Any
) -> None:
    encoder = next(e for e in ENCODER_TYPES if type(e).__name__ == encoder_name)
    assert encoder.encode(annotation, value) == expected


def test_pydantic_encoder_encode_validates() -> None:
    encoder = next(e for e in ENCODER_TYPES if type(e).__name__ == "PydanticEncoder")
    user = encoder.encode(PydanticUser, {"name": "a", "joined": "2024-01-02T00:00:00"})
    assert user == PydanticUser(name="a", joined=datetime.datetime(2024, 1, 2))


def test_encoder_encode_returns_instances_unchanged() -> None:
    value = uuid.UUID(int=3)
    assert Encoder().encode(uuid.UUID, value) is value


def test_circular_structure_is_a_value_error() -> None:
    from lilya.encoders import json_encode

    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(ValueError, match="not JSON compliant"):
        json_encode(looped)


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON_VALUES)
def test_fast_encoding_equals_the_standard_library(value: Any) -> None:
    from lilya.encoders import json_encode

    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        expected_bytes = expected.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: lilya escapes them instead
        return
    assert json_encode(value) == expected_bytes


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": [1, 2.5, null, true, "\\u00e9"]}',
        '{"é": "ü"}'.encode(),
        b" \n[1, 2]\t ",
        b"\xef\xbb\xbf" + b'{"bom": 1}',
        '{"wide": 1}'.encode("utf-16"),
        '{"wide": 1}'.encode("utf-16-le"),
        '{"wide": 1}'.encode("utf-32"),
        b'"\\ud800"',
        b"3",
        '{"text": 1}',
    ],
)
def test_json_decode_agrees_with_json_loads(data: bytes | str) -> None:
    assert json_decode(data) == json.loads(data)


@pytest.mark.parametrize(
    "data", [b"", b"   ", b"[1, 2] extra", b"1 2", b"{", b"\xff\xfe\xfd", b"{'a': 1}", b"[1,]"]
)
def test_json_decode_refuses_what_json_loads_refuses(data: bytes) -> None:
    with pytest.raises(ValueError) as ours:
        json_decode(data)
    with pytest.raises(ValueError) as theirs:
        json.loads(data)
    assert type(ours.value) is type(theirs.value)


# Which registry encoder serializes a type is remembered while the registry stays the same.


class Price(Encoder[decimal.Decimal]):
    """Value-dependent: only prices above 100 (so it says nothing about the type alone)."""

    def is_type(self, value: Any) -> bool:
        return isinstance(value, decimal.Decimal) and value > 100

    def serialize(self, obj: decimal.Decimal) -> Any:
        return {"big": str(obj)}


class Tagged(Encoder[uuid.UUID]):
    __type__ = uuid.UUID

    def serialize(self, obj: uuid.UUID) -> Any:
        return {"uuid": str(obj)}


def test_an_encoder_registered_later_wins_for_a_type_seen_before() -> None:
    value = uuid.UUID(int=1)
    assert json_encode(value) == f'"{value}"'.encode()
    register_encoder(Tagged)
    assert json_encode(value) == f'{{"uuid":"{value}"}}'.encode()


def test_changing_the_registry_list_itself_is_seen_too() -> None:
    value = uuid.UUID(int=2)
    assert json_encode(value) == f'"{value}"'.encode()
    ENCODER_TYPES.insert(0, Tagged())
    assert json_encode(value) == f'{{"uuid":"{value}"}}'.encode()
    ENCODER_TYPES.pop(0)
    assert json_encode(value) == f'"{value}"'.encode()


def test_an_encoder_deciding_by_value_is_asked_every_time() -> None:
    register_encoder(Price)
    assert not Price.decides_by_type
    assert Tagged.decides_by_type
    values = [decimal.Decimal(5), decimal.Decimal(500), decimal.Decimal(7), decimal.Decimal(900)]
    assert json.loads(json_encode(values)) == ["5", {"big": "500"}, "7", {"big": "900"}]


def test_the_remembered_types_are_bounded() -> None:
    from lilya import encoders

    kinds = [dataclasses.make_dataclass(f"Kind{i}", [("x", int)]) for i in range(300)]
    for kind in kinds:
        assert json_encode(kind(x=1)) == b'{"x":1}'
        assert len(encoders._ENCODER_BY_TYPE) <= encoders._REMEMBERED_TYPES


# json_decode: strict and bounded.

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab[]{}"\\\\ \n'),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=40,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(_json_values, st.integers(min_value=0, max_value=8))
def test_json_decode_refuses_exactly_what_nests_deeper_than_max_depth(
    value: object, limit: int
) -> None:
    text = json.dumps(value)
    if _depth(value) > limit:
        with pytest.raises(ValueError, match="nested"):
            json_decode(text.encode(), limit)
    else:
        assert json_decode(text.encode(), limit) == value
        assert json_decode(text, limit) == value


def _chain(depth: int, twig: int) -> object:
    """`depth` lists nested in one another, each also holding a list `twig` deep beside the next
    level (so that no long run of opening brackets gives the depth away)."""
    value: object = 0
    for _ in range(depth):
        side: object = 0
        for _ in range(twig):
            side = [side]
        value = [side, value, {"k": "]]"}]
    return value


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), min_size=1, max_size=12),
    st.integers(min_value=9, max_value=40),
)
def test_json_decode_depth_limit_is_exact_past_a_few_levels(
    chains: list[tuple[int, int]], limit: int
) -> None:
    """Documents whose nesting outlasts the cheap passes of the depth check are judged by their
    deepest point all the same, one level either side of the limit."""
    value = [_chain(depth, twig) for depth, twig in chains]
    text = json.dumps(value)
    if _depth(value) > limit:
        with pytest.raises(ValueError, match="nested"):
            json_decode(text.encode(), limit)
    else:
        assert json_decode(text.encode(), limit) == value


@pytest.mark.parametrize("depth", [128, 129])
def test_json_decode_judges_many_deep_documents_side_by_side(depth: int) -> None:
    """A 2 MB array of chains nested up to the limit (the shape that once took one pass over
    the document per level) is accepted at 128 and refused at 129."""
    text = "[" + ",".join(["[" * (depth - 1) + "]" * (depth - 1)] * 8000) + "]"
    if depth > 128:
        with pytest.raises(ValueError, match="nested"):
            json_decode(text, 128)
    else:
        assert len(json_decode(text, 128)) == 8000


@pytest.mark.parametrize("raw", [b"NaN", b"Infinity", b"-Infinity", b"[1, NaN]", b"\n NaN"])
def test_json_decode_refuses_nan_and_infinity(raw: bytes) -> None:
    with pytest.raises(ValueError):
        json_decode(raw)


def test_json_decode_turns_recursion_error_into_value_error() -> None:
    with pytest.raises(ValueError, match="nested"):
        json_decode(b"[" * 100_000)
    with pytest.raises(ValueError, match="nested"):
        json_decode(" " + "[" * 100_000)


def test_json_decode_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps(["[[[[", '\\"{{{{', "]]]]"] * 100)
    assert json_decode(text, 2) == ["[[[[", '\\"{{{{', "]]]]"] * 100


def test_json_decode_unbalanced_brackets_over_the_limit_are_refused() -> None:
    with pytest.raises(ValueError):
        json_decode(b"[" * 10 + b"}" * 10, 3)
