"""Lazy objects build what they wrap on first use, then behave as it in every respect."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from lilya.conf import LilyaLazySettings
from lilya.conf.functional import (
    LazyObject,
    SimpleLazyObject,
    empty,
    unpickle_lazyobject,
    unwrap,
)
from lilya.conf.global_settings import Settings


class Box:
    def __init__(self, items: list[int]) -> None:
        self.items = items
        self.label = "box"

    def __str__(self) -> str:
        return f"Box{self.items}"

    def __bytes__(self) -> bytes:
        return b"box"

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __getitem__(self, index: int) -> int:
        return self.items[index]

    def __setitem__(self, index: int, value: int) -> None:
        self.items[index] = value

    def __delitem__(self, index: int) -> None:
        del self.items[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Box) and other.items == self.items

    def __lt__(self, other: Box) -> bool:
        return self.items < other.items

    def __hash__(self) -> int:
        return hash(tuple(self.items))


def counting_lazy(items: list[int]) -> tuple[SimpleLazyObject, list[int]]:
    calls: list[int] = []

    def build() -> Box:
        calls.append(1)
        return Box(items)

    return SimpleLazyObject(build), calls


def test_built_once_on_first_use_only() -> None:
    lazy, calls = counting_lazy([1, 2])
    assert calls == []
    assert "SimpleLazyObject" in repr(lazy)
    assert "build" in repr(lazy)
    assert lazy.label == "box"
    assert lazy.items == [1, 2]
    assert calls == [1]
    assert repr(lazy) == f"<SimpleLazyObject: {lazy._wrapped!r}>"


def test_attributes_are_set_and_deleted_on_the_wrapped_object() -> None:
    lazy, _ = counting_lazy([1])
    lazy.label = "crate"
    assert lazy._wrapped.label == "crate"
    del lazy.label
    assert not hasattr(lazy._wrapped, "label")
    fresh, calls = counting_lazy([1])
    del fresh.label  # sets up first
    assert calls == [1]
    with pytest.raises(TypeError, match="_wrapped"):
        del fresh._wrapped


def test_operators_reach_the_wrapped_object() -> None:
    lazy, _ = counting_lazy([3, 1, 2])
    assert str(lazy) == "Box[3, 1, 2]"
    assert bytes(lazy) == b"box"
    assert bool(lazy) is True
    assert len(lazy) == 3
    assert list(lazy) == [3, 1, 2]
    assert 1 in lazy
    assert 9 not in lazy
    assert lazy[0] == 3
    lazy[0] = 7
    del lazy[1]
    assert lazy.items == [7, 2]
    assert lazy == Box([7, 2])
    assert lazy != Box([1])
    assert lazy < Box([9])
    assert hash(lazy) == hash(Box([7, 2]))
    assert "items" in dir(lazy)


def test_comparisons_all_forward() -> None:
    assert 1 + SimpleLazyObject(lambda: 5) == 6  # sets up on the right-hand side too
    number = SimpleLazyObject(lambda: 5)
    assert number < 6
    assert number > 4
    assert number <= 5
    assert number >= 5
    assert number + 1 == 6
    assert 1 + number == 6


def test_isinstance_sees_both_the_wrapper_and_the_wrapped() -> None:
    lazy, calls = counting_lazy([])
    assert isinstance(lazy, LazyObject)
    assert calls == []  # answering for the wrapper's own class needs no set-up
    assert isinstance(lazy, Box)
    assert lazy.__class__ is Box


def test_pickles_as_the_wrapped_object() -> None:
    lazy, calls = counting_lazy([4, 5])
    restored = pickle.loads(pickle.dumps(lazy))
    assert calls == [1]  # pickling an unused lazy object builds it
    assert type(restored) is Box
    assert restored.items == [4, 5]
    assert unpickle_lazyobject(restored) is restored
    assert pickle.loads(pickle.dumps(lazy)).items == [4, 5]  # once used, as it stands


def test_copies_stay_lazy_until_used() -> None:
    lazy, calls = counting_lazy([1])
    shallow = copy.copy(lazy)
    deep = copy.deepcopy(lazy)
    assert calls == []
    assert isinstance(shallow, SimpleLazyObject)
    assert isinstance(deep, SimpleLazyObject)
    assert shallow.items == [1]
    assert deep.items == [1]
    assert calls == [1, 1]


def test_copies_of_a_used_object_copy_what_it_wraps() -> None:
    lazy, _ = counting_lazy([1, 2])
    assert len(lazy) == 2
    shallow = copy.copy(lazy)
    deep = copy.deepcopy(lazy)
    assert type(shallow) is Box
    assert shallow.items is lazy.items
    assert type(deep) is Box
    assert deep.items == [1, 2]
    assert deep.items is not lazy.items


def test_a_subclass_without_setup_says_so() -> None:
    class Incomplete(LazyObject):
        pass

    with pytest.raises(NotImplementedError, match="Incomplete must define _setup"):
        Incomplete().anything  # noqa: B018


def test_a_subclass_skipping_init_reads_as_not_set_up() -> None:
    class Built(LazyObject):
        def __init__(self) -> None:  # no super().__init__()
            pass

        def _setup(self) -> None:
            self._wrapped = Box([8])

    built = Built()
    assert built._wrapped is empty
    assert built.items == [8]
    assert type(copy.copy(Built())) is Built  # a fresh wrapper, still lazy
    used = Built()
    assert used.items == [8]
    assert type(copy.copy(used)) is Box
    assert copy.deepcopy(used) == Box([8])
    fresh = copy.deepcopy(Built())
    assert isinstance(fresh, LazyObject)
    assert fresh.items == [8]


def test_settings_are_a_lazy_object() -> None:
    lazy = LilyaLazySettings()
    assert isinstance(lazy, LazyObject)
    assert not lazy.configured
    assert isinstance(lazy, Settings)  # looks through to the loaded settings
    assert lazy.configured
    lazy.reset()
    assert lazy._wrapped is empty
    assert repr(empty) == "<empty>"


def test_unwrap_gives_the_wrapped_object_set_up_if_needed() -> None:
    lazy, calls = counting_lazy([6])
    box = unwrap(lazy)
    assert type(box) is Box
    assert calls == [1]
    assert unwrap(lazy) is box
    assert unwrap(box) is box  # anything else as it is
    assert unwrap(None) is None
