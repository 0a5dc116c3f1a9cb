"""Property tests for cookies: a Set-Cookie lilya writes is read back by its own Cookie parser."""

from __future__ import annotations

from http.cookies import Morsel

from hypothesis import assume, given
from hypothesis import strategies as st

from lilya.datastructures.cookies import format_set_cookie, parse_cookie_header

cookie_names = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~",
    min_size=1,
    max_size=20,
)
cookie_values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)


@given(cookie_names, cookie_values)
def test_set_cookie_value_round_trips_through_the_cookie_header(name: str, value: str) -> None:
    # Attribute names (Path, HttpOnly, ...) are refused as cookie names, as http.cookies does.
    assume(name.lower() not in Morsel._reserved)  # type: ignore[attr-defined]
    set_cookie = format_set_cookie(name, value)
    pair = set_cookie.split("; ")[0] if not value.startswith('"') else set_cookie
    sent_back = pair.split("; Path=")[0]

    assert parse_cookie_header(sent_back) == {name: value.strip()} or value != value.strip()


@given(st.lists(st.tuples(cookie_names, cookie_names), max_size=10))
def test_simple_pairs_are_all_read_last_value_winning(pairs: list[tuple[str, str]]) -> None:
    header = "; ".join(f"{name}={value}" for name, value in pairs)

    assert parse_cookie_header(header) == dict(pairs)
