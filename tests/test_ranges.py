from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lilya._ranges import (
    MAX_RANGES,
    RangeNotSatisfiable,
    content_disposition,
    etag_matches,
    if_range_allows,
    is_not_modified,
    make_etag,
    make_last_modified,
    multipart_plan,
    parse_http_date,
    parse_range_header,
    select_representation,
)

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", [(0, 100)]),
        ("bytes=100-", [(100, 1000)]),
        ("bytes=-100", [(900, 1000)]),
        ("bytes=0-0", [(0, 1)]),
        ("bytes=999-999", [(999, 1000)]),
        ("bytes=0-5000", [(0, 1000)]),
        ("bytes=-5000", [(0, 1000)]),
        ("BYTES=0-1", [(0, 2)]),
        (" bytes = 0-1 , 5-6 ", [(0, 2), (5, 7)]),
    ],
)
def test_parse_range_header_single_and_clamped_ranges(
    header: str, expected: list[tuple[int, int]]
) -> None:
    assert parse_range_header(header, SIZE) == expected


def test_parse_range_header_sorts_ranges() -> None:
    assert parse_range_header("bytes=500-599,0-9", SIZE) == [(0, 10), (500, 600)]


def test_parse_range_header_merges_overlapping_ranges() -> None:
    assert parse_range_header("bytes=0-50,20-80,70-90", SIZE) == [(0, 91)]


def test_parse_range_header_merges_adjacent_ranges() -> None:
    assert parse_range_header("bytes=0-9,10-19", SIZE) == [(0, 20)]


def test_parse_range_header_keeps_contained_range_inside_larger_one() -> None:
    assert parse_range_header("bytes=0-99,10-20", SIZE) == [(0, 100)]


def test_parse_range_header_drops_unsatisfiable_parts_among_good_ones() -> None:
    assert parse_range_header("bytes=5000-6000,0-9", SIZE) == [(0, 10)]


def test_parse_range_header_ignores_empty_parts() -> None:
    assert parse_range_header("bytes=0-1,,", SIZE) == [(0, 2)]


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes",
        "bytes=",
        "bytes=,",
        "items=0-1",
        "bytes=abc",
        "bytes=1",
        "bytes=-",
        "bytes=a-b",
        "bytes=1-a",
        "bytes=--1",
        "bytes=1--2",
        "bytes=+1-2",
        "bytes=0x10-20",
        "bytes=1.5-2",
        "bytes=\u00b2-3",
        "bytes=\u0661-\u0662",
        "bytes=0-1,garbage",
        "bytes=10-5",
        "bytes=0-1,10-5",
    ],
)
def test_parse_range_header_ignores_malformed_headers(header: str) -> None:
    assert parse_range_header(header, SIZE) is None


@pytest.mark.parametrize(
    "header", ["bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-,6000-7000"]
)
def test_parse_range_header_raises_when_nothing_is_satisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable) as info:
        parse_range_header(header, SIZE)
    assert info.value.size == SIZE


def test_parse_range_header_on_empty_file_is_unsatisfiable() -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_range_header("bytes=-10", 0)


def test_parse_range_header_ignores_too_many_ranges() -> None:
    header = "bytes=" + ",".join(f"{i}-{i}" for i in range(MAX_RANGES + 1))
    assert parse_range_header(header, SIZE) is None


def test_parse_range_header_accepts_up_to_the_limit() -> None:
    header = "bytes=" + ",".join(f"{i * 2}-{i * 2}" for i in range(MAX_RANGES))
    ranges = parse_range_header(header, SIZE)
    assert ranges is not None
    assert len(ranges) == MAX_RANGES


def test_parse_range_header_ignores_thousands_of_overlapping_ranges() -> None:
    assert parse_range_header("bytes=" + "0-," * 10_000, SIZE) is None


def test_parse_range_header_clamps_huge_numbers_without_parsing_them() -> None:
    huge = "9" * 10_000
    assert parse_range_header(f"bytes=0-{huge}", SIZE) == [(0, SIZE)]
    assert parse_range_header(f"bytes=-{huge}", SIZE) == [(0, SIZE)]
    with pytest.raises(RangeNotSatisfiable):
        parse_range_header(f"bytes={huge}-", SIZE)


@given(st.text(max_size=200), st.integers(min_value=0, max_value=10_000))
def test_parse_range_header_never_raises_anything_else(header: str, size: int) -> None:
    try:
        ranges = parse_range_header(header, size)
    except RangeNotSatisfiable:
        return
    if ranges is not None:
        assert ranges == sorted(ranges)
        assert all(0 <= start < stop <= size for start, stop in ranges)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(ranges))


@given(
    st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 2000)), min_size=1, max_size=20),
    st.integers(1, 1500),
)
def test_parse_range_header_covers_exactly_the_requested_bytes(
    pairs: list[tuple[int, int]], size: int
) -> None:
    specs = [(min(a, b), max(a, b)) for a, b in pairs]
    header = "bytes=" + ",".join(f"{a}-{b}" for a, b in specs)
    wanted = {i for a, b in specs for i in range(a, min(b + 1, size))}
    try:
        ranges = parse_range_header(header, size)
    except RangeNotSatisfiable:
        assert not wanted
        return
    assert ranges is not None
    assert {i for start, stop in ranges for i in range(start, stop)} == wanted


def test_parse_http_date_reads_imf_dates() -> None:
    assert parse_http_date("Thu, 01 Jan 1970 00:00:10 GMT") == 10.0


@pytest.mark.parametrize("value", ["", "yesterday", "Thu, 99 Foo 1970", "\x00", "9" * 50])
def test_parse_http_date_returns_none_for_garbage(value: str) -> None:
    assert parse_http_date(value) is None


def test_parse_http_date_returns_none_for_year_out_of_range() -> None:
    assert parse_http_date("Thu, 01 Jan 99999 00:00:00 GMT") is None


def test_make_etag_is_quoted_and_changes_with_size_and_mtime() -> None:
    etag = make_etag(123, 456)
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert etag != make_etag(124, 456) != make_etag(123, 457)


def test_make_last_modified_is_an_http_date() -> None:
    assert make_last_modified(0) == "Thu, 01 Jan 1970 00:00:00 GMT"


@pytest.mark.parametrize("header", ['"abc"', 'W/"abc"', '"x", "abc"', "*", ' "x" ,W/"abc" '])
def test_etag_matches_weakly(header: str) -> None:
    assert etag_matches(header, '"abc"')


@pytest.mark.parametrize("header", ['"abd"', "", ",", "abc", 'W/"ab"'])
def test_etag_matches_rejects_other_tags(header: str) -> None:
    assert not etag_matches(header, '"abc"')


def test_is_not_modified_with_matching_etag() -> None:
    assert is_not_modified(
        if_none_match='"a"', if_modified_since=None, etag='"a"', last_modified=None
    )


def test_is_not_modified_if_none_match_wins_over_date() -> None:
    assert not is_not_modified(
        if_none_match='"b"',
        if_modified_since="Thu, 01 Jan 2099 00:00:00 GMT",
        etag='"a"',
        last_modified="Thu, 01 Jan 1970 00:00:00 GMT",
    )


def test_is_not_modified_without_etag_is_false() -> None:
    assert not is_not_modified(
        if_none_match="*", if_modified_since=None, etag=None, last_modified=None
    )


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("Thu, 01 Jan 1970 00:00:10 GMT", True),
        ("Thu, 01 Jan 1970 00:00:11 GMT", True),
        ("Thu, 01 Jan 1970 00:00:09 GMT", False),
        ("not a date", False),
        (None, False),
    ],
)
def test_is_not_modified_by_date(since: str | None, expected: bool) -> None:
    modified = "Thu, 01 Jan 1970 00:00:10 GMT"
    assert (
        is_not_modified(
            if_none_match=None, if_modified_since=since, etag=None, last_modified=modified
        )
        is expected
    )


def test_is_not_modified_without_last_modified_is_false() -> None:
    assert not is_not_modified(
        if_none_match=None,
        if_modified_since="Thu, 01 Jan 1970 00:00:10 GMT",
        etag=None,
        last_modified=None,
    )


DATE = "Thu, 01 Jan 1970 00:00:10 GMT"


@pytest.mark.parametrize(
    ("if_range", "etag", "modified", "expected"),
    [
        (None, None, None, True),
        ('"a"', '"a"', DATE, True),
        ('"b"', '"a"', DATE, False),
        ('W/"a"', '"a"', DATE, False),
        ('W/"a"', 'W/"a"', DATE, False),
        ('"a"', None, DATE, False),
        (DATE, '"a"', DATE, True),
        ("Thu, 01 Jan 1970 00:00:11 GMT", '"a"', DATE, False),
        (DATE, '"a"', None, False),
        ("garbage", '"a"', DATE, False),
    ],
)
def test_if_range_allows(
    if_range: str | None, etag: str | None, modified: str | None, expected: bool
) -> None:
    assert if_range_allows(if_range, etag=etag, last_modified=modified) is expected


def test_content_disposition_plain_ascii_name() -> None:
    assert content_disposition("report.pdf") == 'attachment; filename="report.pdf"'


def test_content_disposition_non_ascii_name_uses_rfc5987() -> None:
    assert content_disposition("r\u00e9sum\u00e9.pdf", "inline") == (
        "inline; filename*=utf-8''r%C3%A9sum%C3%A9.pdf"
    )


@pytest.mark.parametrize("name", ['a"b.txt', "a\r\nSet-Cookie: x=1", "a;b.txt", "a b.txt"])
def test_content_disposition_escapes_unsafe_characters(name: str) -> None:
    header = content_disposition(name)
    assert "filename*=utf-8''" in header
    assert '"' not in header
    assert "\r" not in header
    assert "\n" not in header


def test_multipart_plan_lengths_add_up() -> None:
    boundary, parts, closing, total = multipart_plan([(0, 5), (10, 20)], 100, "text/plain")
    assert len(boundary) == 32
    assert parts[0][0].startswith(f"--{boundary}\r\n".encode())
    assert parts[1][0].startswith(f"\r\n--{boundary}\r\n".encode())
    assert b"Content-Range: bytes 10-19/100\r\n\r\n" in parts[1][0]
    assert closing == f"\r\n--{boundary}--\r\n".encode()
    assert total == sum(len(head) + stop - start for head, start, stop in parts) + len(closing)


def test_multipart_plan_boundaries_are_random() -> None:
    first = multipart_plan([(0, 1), (2, 3)], 10, "text/plain")[0]
    second = multipart_plan([(0, 1), (2, 3)], 10, "text/plain")[0]
    assert first != second


def _select(method: str, *headers: tuple[bytes, bytes]) -> tuple[int, object]:
    return select_representation(headers, method, SIZE, etag='"e"', last_modified=DATE)


def test_select_representation_plain_get_is_200() -> None:
    assert _select("GET") == (200, None)


def test_select_representation_ignores_conditions_for_other_methods() -> None:
    assert _select("POST", (b"if-none-match", b"*"), (b"range", b"bytes=0-1")) == (200, None)


def test_select_representation_not_modified() -> None:
    assert _select("HEAD", (b"If-None-Match", b'"e"')) == (304, None)


def test_select_representation_range_on_get_only() -> None:
    assert _select("GET", (b"range", b"bytes=0-1")) == (206, [(0, 2)])
    assert _select("HEAD", (b"range", b"bytes=0-1")) == (200, None)


def test_select_representation_uses_first_header_of_each_name() -> None:
    assert _select("GET", (b"range", b"bytes=0-1"), (b"range", b"bytes=5-6")) == (206, [(0, 2)])


def test_select_representation_stale_if_range_is_200() -> None:
    assert _select("GET", (b"range", b"bytes=0-1"), (b"if-range", b'"old"')) == (200, None)


def test_select_representation_unsatisfiable_is_416() -> None:
    assert _select("GET", (b"range", b"bytes=5000-")) == (416, None)


def test_select_representation_malformed_range_is_200() -> None:
    assert _select("GET", (b"range", b"bytes=x")) == (200, None)


def test_select_representation_non_latin1_bytes_do_not_raise() -> None:
    assert _select("GET", (b"range", b"bytes=\xff\xfe")) == (200, None)


def test_last_modified_dates_are_remembered() -> None:
    from lilya._ranges import make_last_modified

    make_last_modified.cache_clear()
    first = make_last_modified(1_700_000_000.5)
    assert first == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert make_last_modified(1_700_000_000.5) == first
    assert make_last_modified.cache_info().hits == 1
