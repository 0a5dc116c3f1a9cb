"""Header.dict() and Header.to_immutable(), which Lilya 0.7.5 offers."""

from __future__ import annotations

import pytest

from lilya.datastructures import Header, ImmutableMultiDict


def _header() -> Header:
    header = Header({"A": "1", "b": "2"})
    header.add("a", "3")
    return header


def test_dict_lists_every_value_of_each_name() -> None:
    assert _header().dict() == {"a": ["1", "3"], "b": ["2"]}


def test_to_immutable_is_a_read_only_multidict_of_the_pairs() -> None:
    frozen = _header().to_immutable()
    assert isinstance(frozen, ImmutableMultiDict)
    assert frozen.getlist("a") == ["1", "3"]
    assert frozen["b"] == "2"


def test_to_immutable_does_not_follow_later_changes() -> None:
    header = _header()
    frozen = header.to_immutable()
    header["b"] = "changed"
    assert frozen["b"] == "2"


def test_header_getone_dump_to_dict_copy_and_popall() -> None:
    """Lilya 0.7.5's Header has the `multidict` library methods too."""
    headers = Header({"A": "1"})
    headers.add("a", "2")
    headers.add("B", "3")
    assert headers.getone("a") == "1"
    assert headers.getone("zz", "d") == "d"
    with pytest.raises(KeyError):
        headers.getone("zz")
    assert headers.dump() == {"a": "2", "b": "3"}
    assert headers.to_dict() == {"a": ["1", "2"], "b": ["3"]}
    copied = headers.copy()
    assert isinstance(copied, Header)
    assert copied.popall("a") == ["1", "2"]
    assert "a" not in copied
    assert headers.getall("a") == ["1", "2"]
    assert copied.popall("zz", None) is None
    with pytest.raises(KeyError):
        copied.popall("zz")
