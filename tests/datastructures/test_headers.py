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


def test_headers_built_from_bytes_and_text() -> None:
    """Lilya 0.7.5's Header takes str or bytes names and values (bytes read as latin-1)."""
    assert Header([(b"X-A", b"1")])["x-a"] == "1"
    assert Header({b"x-b": b"2", "x-c": "3"}).items() == [("x-b", "2"), ("x-c", "3")]
    assert Header.parse_headers({b"a": b"1", "b": "2"}) == [("a", "1"), ("b", "2")]


def test_a_value_past_latin_1_is_stored_as_utf_8() -> None:
    """Lilya sends a value past latin-1 as UTF-8; setting one is not an error."""
    header = Header()
    header["x-name"] = "\u2603"
    header.add("x-other", "\u00e9\u2603")
    assert header.raw == [(b"x-name", "\u2603".encode()), (b"x-other", "\u00e9\u2603".encode())]


def test_pop_popone_popitem_and_merge_as_a_multidict() -> None:
    """Lilya 0.7.5's Header is a `multidict` CIMultiDict: pop() of an absent name without a
    default raises KeyError, and popone, popitem and merge exist."""
    header = Header([("a", "1"), ("a", "2"), ("b", "3")])
    with pytest.raises(KeyError):
        header.pop("missing")
    assert header.pop("missing", "d") == "d"
    assert header.popone("a") == "1"
    assert header.getall("a") == ["2"]
    assert header.popitem() == ("b", "3")
    header.merge({"a": "x", "c": "4"})
    assert header.items() == [("a", "2"), ("c", "4")]
    with pytest.raises(KeyError):
        header.popone("missing")
    assert header.popone("missing", None) is None


def test_every_multi_dict_method_of_lilyas_header_exists() -> None:
    """Lilya 0.7.5's Header also has its multi-dicts' dump_list, get_multi_items and
    poplist (attribute access must not shadow them as empty headers)."""
    header = Header([("a", "1"), ("a", "2"), ("b", "3")])
    assert header.dump_list() == [("a", "2"), ("b", "3")]
    assert header.get_multi_items() == [("a", "1"), ("a", "2"), ("b", "3")]
    assert header.poplist("a") == ["1", "2"]
    assert header.poplist("a") == []
    assert header.items() == [("b", "3")]
