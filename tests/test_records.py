"""Record: value semantics (equality, hashing, repr) for slotted classes, as a dataclass has."""

from __future__ import annotations

import pytest

from lilya._records import Record


class Point(Record):
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


class Labelled(Point):
    __slots__ = ("label",)

    def __init__(self, x: int, y: int, label: str) -> None:
        super().__init__(x, y)
        self.label = label


class Other(Point):
    __slots__ = ()


def test_equal_fields_make_equal_records_with_equal_hashes() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert len({Point(1, 2), Point(1, 2), Point(3, 4)}) == 2


def test_a_subclass_with_the_same_fields_is_not_equal() -> None:
    """PatternSegment and TailSegment share their fields and must stay apart."""
    assert Point(1, 2) != Other(1, 2)
    assert Point(1, 2) != (1, 2)


def test_fields_of_the_bases_count() -> None:
    assert Labelled(1, 2, "a") != Labelled(1, 2, "b")
    assert repr(Labelled(1, 2, "a")) == "Labelled(x=1, y=2, label='a')"


def test_slots_keep_instances_free_of_a_dict() -> None:
    with pytest.raises(AttributeError):
        Point(1, 2).z = 3  # type: ignore[attr-defined]
