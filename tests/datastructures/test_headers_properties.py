"""Property tests for request headers: any raw header list is readable, lookups agree with it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lilya.datastructures import Header, Headers

TOKEN = b"abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~"
names = st.lists(st.sampled_from(list(TOKEN)), min_size=1, max_size=20).map(bytes)
values = st.binary(max_size=40)
raw_lists = st.lists(st.tuples(names, values), max_size=12)


@given(raw_lists)
def test_any_raw_header_list_can_be_read_without_error(raw: list[tuple[bytes, bytes]]) -> None:
    headers = Headers(raw=raw)

    assert len(headers.keys()) == len(raw)
    assert headers.items() == [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]


@given(raw_lists, names)
def test_lookup_gives_the_first_value_and_getall_every_value(
    raw: list[tuple[bytes, bytes]], name: bytes
) -> None:
    headers = Headers(raw=raw)
    key = name.decode("latin-1")
    expected = [v.decode("latin-1") for k, v in raw if k == name]

    assert headers.getall(key, []) == expected
    assert headers.get(key) == (expected[0] if expected else None)
    assert (key in headers) == bool(expected)


@given(st.dictionaries(st.text("abcdefghij-", min_size=1, max_size=10), st.text(max_size=20)))
def test_headers_built_from_a_mapping_give_its_values_back(mapping: dict[str, str]) -> None:
    latin = {k: v for k, v in mapping.items() if all(ord(c) < 256 for c in v)}
    headers = Header(latin)

    for key, value in latin.items():
        assert headers[key.upper()] == value
