"""Repr: the mixin Lilya 0.7.5 offers as lilya._internal._representation.Repr."""

from __future__ import annotations

from lilya.representation import Repr


class Point(Repr):
    def __init__(self) -> None:
        self.x = 1
        self.label = "a"
        self.missing = None
        self._hidden = 3


class Slotted(Repr):
    __slots__ = ("a", "b", "unset")

    def __init__(self) -> None:
        self.a = 1
        self.b = None


def test_repr_lists_the_attributes_that_are_not_none() -> None:
    """Lilya: Name(attr=value, ...) over the instance's non-None attributes, private ones too."""
    assert repr(Point()) == "Point(x=1, label='a', _hidden=3)"


def test_str_lists_the_same_pairs_separated_by_spaces() -> None:
    assert str(Point()) == "x=1 label='a' _hidden=3"


def test_repr_reads_slots_and_skips_unset_ones() -> None:
    assert repr(Slotted()) == "Slotted(a=1)"


def test_a_single_string_slot_is_read() -> None:
    class One(Repr):
        __slots__ = "value"

        def __init__(self) -> None:
            self.value = 5

    assert repr(One()) == "One(value=5)"
