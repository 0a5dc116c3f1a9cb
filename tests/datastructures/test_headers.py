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


def test_attribute_access_joins_the_values_of_a_header() -> None:
    """Lilya 0.7.5: `headers.x_token` is every value of `x-token` joined by commas, "" when
    the header is absent."""
    header = Header([("X-Token", "a"), ("x-token", "b"), ("content-type", "text/plain")])
    assert header.x_token == "a,b"
    assert header.content_type == "text/plain"
    assert header.missing == ""
    with pytest.raises(AttributeError):
        header._private  # noqa: B018


def test_getall_of_an_absent_header_raises_unless_given_a_default() -> None:
    """Lilya 0.7.5's headers are `multidict` CIMultiDicts: getall() without a default raises
    KeyError for an absent name; get_all() gives an empty list."""
    header = _header()
    with pytest.raises(KeyError):
        header.getall("nothing")
    assert header.getall("nothing", []) == []
    assert header.get_all("nothing") == []
