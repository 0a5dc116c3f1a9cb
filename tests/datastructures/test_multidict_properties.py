"""Property tests for query strings: what urlencode writes, QueryParam reads back in order."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from lilya.datastructures import QueryParam

pairs = st.lists(st.tuples(st.text(min_size=1, max_size=15), st.text(max_size=15)), max_size=12)


@given(pairs)
def test_urlencoded_pairs_round_trip_in_order(items: list[tuple[str, str]]) -> None:
    params = QueryParam(urlencode(items))

    assert list(params.multi_items()) == items


@given(pairs)
def test_last_value_is_not_lost_among_repeated_keys(items: list[tuple[str, str]]) -> None:
    params = QueryParam(urlencode(items))

    for key in {key for key, _ in items}:
        assert params.getall(key) == [value for k, value in items if k == key]


@given(st.binary(max_size=200))
def test_any_query_string_bytes_can_be_parsed(raw: bytes) -> None:
    params = QueryParam(raw.decode("latin-1"))

    assert len(list(params.multi_items())) <= raw.count(b"&") + raw.count(b";") + 1
