"""Lilya 0.7.5's multi-dict behaviours: first value on reading, last value in dump()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lilya.datastructures import FormData, ImmutableMultiDict, MultiDict, QueryParam
from lilya.testclient import TestClient

REPEATED = [("a", "1"), ("a", "2"), ("b", "3")]
KINDS = [MultiDict, ImmutableMultiDict, QueryParam, FormData]


@pytest.mark.parametrize("kind", KINDS)
def test_indexing_gives_the_first_value_of_a_repeated_key(kind: Any) -> None:
    assert kind(REPEATED)["a"] == "1"


@pytest.mark.parametrize("kind", KINDS)
def test_get_gives_the_first_value_of_a_repeated_key(kind: Any) -> None:
    assert kind(REPEATED).get("a") == "1"


@pytest.mark.parametrize("kind", KINDS)
def test_dict_gives_the_first_value_of_each_key_in_order(kind: Any) -> None:
    assert list(dict(kind(REPEATED)).items()) == [("a", "1"), ("b", "3")]


@pytest.mark.parametrize("kind", KINDS)
def test_dump_gives_the_last_value_of_each_key(kind: Any) -> None:
    assert kind(REPEATED).dump() == {"a": "2", "b": "3"}


@pytest.mark.parametrize("kind", KINDS)
def test_multi_items_is_an_iterator_over_every_pair(kind: Any) -> None:
    items = kind(REPEATED).multi_items()
    assert isinstance(items, Iterator)
    assert list(items) == REPEATED


def test_a_query_string_gives_the_first_value_of_a_repeated_parameter() -> None:
    assert QueryParam("a=1&a=2&b=3")["a"] == "1"


def test_adopt_reads_the_first_value_of_a_repeated_key() -> None:
    assert FormData.adopt(list(REPEATED))["a"] == "1"


def test_append_makes_the_new_value_current() -> None:
    data: MultiDict[str] = MultiDict([("a", "1")])
    data.append("a", "2")
    assert data["a"] == "2"


def test_update_makes_the_first_new_value_current() -> None:
    data: MultiDict[str] = MultiDict([("a", "1"), ("b", "3")])
    data.update([("a", "8"), ("a", "9")])
    assert data["a"] == "8"
    assert data.getlist("a") == ["8", "9"]


def test_pop_gives_the_first_value_and_removes_every_value() -> None:
    data: MultiDict[str] = MultiDict(REPEATED)
    assert data.pop("a") == "1"
    assert "a" not in data
    assert data.getlist("a") == []


def test_request_query_params_give_the_first_value(test_client_factory: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        from lilya.requests import Request
        from lilya.responses import PlainText

        request = Request(scope, receive)
        await PlainText(request.query_params["x"])(scope, receive, send)

    client: TestClient = test_client_factory(app)
    assert client.get("/?x=first&x=second").text == "first"


# The `multidict` library methods Lilya 0.7.5's multi-dicts inherit (measured against it).


def _abc() -> MultiDict[str]:
    return MultiDict([("a", "1"), ("b", "2"), ("a", "3")])


def test_multidict_add_appends_and_keeps_the_first_value() -> None:
    data = _abc()
    data.add("a", "9")
    assert data["a"] == "1"
    assert data.getlist("a") == ["1", "3", "9"]


def test_multidict_extend_adds_pairs_and_keywords() -> None:
    data = _abc()
    data.extend([("a", "x"), ("c", "y")], d="z")
    assert data.getlist("a") == ["1", "3", "x"]
    assert data["c"] == "y"
    assert data["d"] == "z"


def test_multidict_merge_adds_only_absent_keys() -> None:
    data = _abc()
    data.merge({"a": "m", "z": "n"})
    assert data.getlist("a") == ["1", "3"]
    assert data["z"] == "n"


def test_multidict_popone_removes_the_first_value() -> None:
    data = _abc()
    assert data.popone("a") == "1"
    assert data.getlist("a") == ["3"]
    assert data["a"] == "3"
    assert data.popone("zz", 5) == 5
    with pytest.raises(KeyError):
        data.popone("zz")


def test_multidict_popall_removes_every_value() -> None:
    data = _abc()
    assert data.popall("a") == ["1", "3"]
    assert "a" not in data
    assert data.popall("zz", []) == []
    with pytest.raises(KeyError):
        data.popall("zz")


def test_multidict_popitem_removes_the_last_pair() -> None:
    data = _abc()
    assert data.popitem() == ("a", "3")
    assert data.get_multi_items() == [("a", "1"), ("b", "2")]
    with pytest.raises(KeyError):
        MultiDict().popitem()


def test_multidict_getone_getall_to_dict_and_copy() -> None:
    data = ImmutableMultiDict([("a", "1"), ("a", "2")])
    assert data.getone("a") == "1"
    assert data.getone("zz", "d") == "d"
    with pytest.raises(KeyError):
        data.getone("zz")
    assert data.getall("a") == ["1", "2"]
    assert data.getall("zz", []) == []
    with pytest.raises(KeyError):
        data.getall("zz")
    assert data.to_dict() == {"a": ["1", "2"]}
    copied = data.copy()
    assert isinstance(copied, MultiDict)
    assert copied.getlist("a") == ["1", "2"]


def test_query_param_repr_is_its_query_string() -> None:
    assert repr(QueryParam("a=1&a=2&b=3")) == "QueryParam('a=1&a=2&b=3')"
    assert QueryParam("a=1&a=2").getone("a") == "1"


def test_multidict_setitem_and_update_replace_a_key_where_it_stood() -> None:
    """Lilya 0.7.5 (the multidict library) keeps a replaced key in its place (it used to
    move to the end)."""
    data = _abc()
    data["a"] = "z"
    assert data.get_multi_items() == [("a", "z"), ("b", "2")]
    data = _abc()
    data.update({"a": "u", "c": "n"})
    assert data.get_multi_items() == [("a", "u"), ("b", "2"), ("c", "n")]
    data = _abc()
    data.setlist("a", ["p", "q"])
    assert data.get_multi_items() == [("a", "p"), ("a", "q"), ("b", "2")]


def test_reprs_and_query_strings_list_the_pairs_sorted() -> None:
    """Lilya 0.7.5 sorts the pairs in a multi-dict's repr and in str(QueryParam); the
    multi-dict itself keeps its order."""
    params = QueryParam("b=2&a=3&a=1")
    assert str(params) == "a=1&a=3&b=2"
    assert repr(params) == "QueryParam('a=1&a=3&b=2')"
    assert list(params.multi_items()) == [("b", "2"), ("a", "3"), ("a", "1")]
    assert repr(MultiDict([("b", "2"), ("a", "1")])) == "MultiDict([('a', '1'), ('b', '2')])"
    assert repr(FormData([("b", "2"), ("a", "1")])) == "FormData([('a', '1'), ('b', '2')])"


def test_repr_of_values_that_do_not_compare_sorts_by_key() -> None:
    upload = object()
    form = FormData([("b", "x"), ("a", upload), ("a", "y")])
    assert repr(form) == f"FormData([('a', {upload!r}), ('a', 'y'), ('b', 'x')])"


def test_form_multi_dict_is_a_form_data_under_its_own_name() -> None:
    from lilya.datastructures import FormMultiDict

    form = FormMultiDict([("a", "1")])
    assert isinstance(form, FormData)
    assert repr(form) == "FormMultiDict([('a', '1')])"
