from __future__ import annotations

from datetime import datetime, timedelta, timezone
from http.cookies import CookieError, SimpleCookie

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lilya.datastructures.cookies import Cookie, format_set_cookie, parse_cookie_header


def test_cookie_defaults_render_path_and_samesite() -> None:
    assert Cookie("a", "b").to_header() == "Set-Cookie: a=b; Path=/; SameSite=lax"


def test_cookie_to_header_with_empty_header_gives_the_bare_value() -> None:
    assert Cookie("a", "b").to_header(header="") == "a=b; Path=/; SameSite=lax"


def test_cookie_without_value_renders_empty_quoted_value() -> None:
    assert Cookie("a").to_header(header="").startswith('a=""')


def test_cookie_renders_every_attribute() -> None:
    cookie = Cookie(
        "sid",
        "v",
        max_age=10,
        expires=5,
        path="/app",
        domain="example.com",
        secure=True,
        httponly=True,
        samesite="strict",
        description="session",
    )
    header = cookie.to_header(header="")
    for part in (
        "sid=v",
        "Max-Age=10",
        "Path=/app",
        "Domain=example.com",
        "Secure",
        "HttpOnly",
        "SameSite=strict",
        "expires=",
    ):
        assert part in header


def test_cookie_max_age_zero_is_kept() -> None:
    assert "Max-Age=0" in Cookie("a", "b", max_age=0).to_header(header="")


def test_cookie_value_with_separators_is_quoted() -> None:
    header = Cookie("a", "b c;d").to_header(header="")
    parsed = SimpleCookie()
    parsed.load(header)
    assert parsed["a"].value == "b c;d"


def test_cookie_with_invalid_name_raises_cookie_error() -> None:
    with pytest.raises(CookieError):
        Cookie("bad name", "v").to_header()


def test_cookie_with_unknown_samesite_raises() -> None:
    with pytest.raises(ValueError, match="samesite must be"):
        Cookie("a", "b", samesite="sometimes").to_header()  # type: ignore[arg-type]


def test_format_set_cookie_accepts_aware_datetime_in_gmt() -> None:
    expires = datetime(2030, 1, 2, 4, 5, 6, tzinfo=timezone(timedelta(hours=1)))
    header = format_set_cookie("a", "b", expires=expires)
    assert "expires=Wed, 02 Jan 2030 03:05:06 GMT" in header


def test_format_set_cookie_treats_naive_datetime_as_utc() -> None:
    header = format_set_cookie("a", "b", expires=datetime(2030, 1, 2, 3, 4, 5))
    assert "expires=Wed, 02 Jan 2030 03:04:05 GMT" in header


def test_format_set_cookie_keeps_string_expiry() -> None:
    header = format_set_cookie("a", expires="Thu, 01 Jan 1970 00:00:00 GMT")
    assert "expires=Thu, 01 Jan 1970 00:00:00 GMT" in header


def test_format_set_cookie_without_path_or_samesite_omits_them() -> None:
    assert format_set_cookie("a", "b", path=None, samesite=None) == "a=b"


def test_format_set_cookie_samesite_is_case_insensitive() -> None:
    assert "SameSite=None" in format_set_cookie("a", "b", samesite="None")


def test_parse_cookie_header_reads_pairs() -> None:
    assert parse_cookie_header("a=1; b=2") == {"a": "1", "b": "2"}


def test_parse_cookie_header_strips_whitespace() -> None:
    assert parse_cookie_header("  a =  1 ;b= 2  ") == {"a": "1", "b": "2"}


def test_parse_cookie_header_splits_on_first_equals() -> None:
    assert parse_cookie_header("token=abc==; x=a=b") == {"token": "abc==", "x": "a=b"}


def test_parse_cookie_header_last_duplicate_wins() -> None:
    assert parse_cookie_header("a=1; a=2") == {"a": "2"}


def test_parse_cookie_header_keeps_pieces_without_a_name_under_the_empty_key() -> None:
    """Lilya 0.7.5 keeps nameless pieces under '' (the last one wins); they used to be
    skipped."""
    assert parse_cookie_header("novalue; =orphan; ; ;;a=1") == {"": "", "a": "1"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("unnamed", {"": "unnamed"}),
        ('"', {"": '"'}),
        ("'", {"": "'"}),
        ("a=1; unnamed", {"a": "1", "": "unnamed"}),
        ("a=1; =x; b", {"a": "1", "": "b"}),
        ("=", {"": ""}),
        ("  ", {"": ""}),
        (";;;", {"": ""}),
        ('k=v; "', {"k": "v", "": '"'}),
        ('"a=1"', {'"a': '1"'}),
    ],
)
def test_parse_cookie_header_matches_lilya_for_nameless_pieces(
    header: str, expected: dict[str, str]
) -> None:
    assert parse_cookie_header(header) == expected


def test_parse_cookie_header_keeps_empty_values() -> None:
    assert parse_cookie_header("a=; b") == {"a": "", "": "b"}


def test_parse_cookie_header_of_empty_string_is_empty() -> None:
    assert parse_cookie_header("") == {}


def test_parse_cookie_header_unquotes_values() -> None:
    assert parse_cookie_header('a="b c\\073d\\"e"') == {"a": 'b c;d"e'}


def test_parse_cookie_header_leaves_unbalanced_quotes() -> None:
    assert parse_cookie_header('a="b; c="') == {"a": '"b', "c": '"'}


def test_parse_cookie_header_keeps_non_ascii_text() -> None:
    assert parse_cookie_header("name=h\u00e9llo; \u00fc=1") == {"name": "h\u00e9llo", "\u00fc": "1"}


def test_parse_cookie_header_reads_what_set_cookie_writes() -> None:
    value = 'spaces and ;semicolons; "quotes" \\ backslash'
    pair = format_set_cookie("k", value, path=None, samesite=None)
    assert parse_cookie_header(pair) == {"k": value}


@given(st.text())
def test_parse_cookie_header_never_raises(header: str) -> None:
    result = parse_cookie_header(header)
    # Names may be empty (Lilya keeps nameless pieces under ""), never padded with spaces.
    assert all(k == k.strip() and isinstance(v, str) for k, v in result.items())


def _simple_cookie_output(key: str, value: str, **attributes: object) -> str:
    """What http.cookies writes for the same cookie: the reference format_set_cookie matches."""
    cookie: SimpleCookie = SimpleCookie()
    cookie[key] = value
    for name, attribute in attributes.items():
        if attribute is not None:
            cookie[key][name.replace("_", "-")] = attribute
    return cookie.output(header="").strip()


# Attribute names http.cookies will not take as a cookie name.
_RESERVED = {"expires", "path", "comment", "domain", "max-age", "secure", "httponly", "version"}
_RESERVED |= {"samesite", "partitioned"}
_NAME = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~:",
    min_size=1,
    max_size=12,
).filter(lambda name: name.lower() not in _RESERVED)


@given(
    key=_NAME,
    value=st.text(max_size=20),
    max_age=st.one_of(st.none(), st.integers(-10, 10**9)),
    path=st.one_of(st.none(), st.sampled_from(["", "/", "/app", "/a b"])),
    domain=st.one_of(st.none(), st.sampled_from(["", "example.com", ".example.org"])),
    expires=st.one_of(st.none(), st.sampled_from(["", "Wed, 21 Oct 2015 07:28:00 GMT"])),
    secure=st.booleans(),
    httponly=st.booleans(),
    samesite=st.one_of(st.none(), st.sampled_from(["lax", "Strict", "none"])),
)
def test_set_cookie_is_written_exactly_as_http_cookies_writes_it(
    key: str,
    value: str,
    max_age: int | None,
    path: str | None,
    domain: str | None,
    expires: str | None,
    secure: bool,
    httponly: bool,
    samesite: str | None,
) -> None:
    ours = format_set_cookie(
        key,
        value,
        max_age=max_age,
        expires=expires,
        path=path,
        domain=domain,
        secure=secure,
        httponly=httponly,
        samesite=samesite,
    )
    reference = _simple_cookie_output(
        key,
        value,
        max_age=max_age,
        expires=expires,
        path=path,
        domain=domain,
        secure=secure or None,
        httponly=httponly or None,
        samesite=samesite,
    )
    assert ours == reference


def test_seconds_from_now_become_an_http_date() -> None:
    header = format_set_cookie("a", "b", expires=3600)
    expires = header.split("expires=")[1].split(";")[0]
    moment = datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=timezone.utc)
    assert abs((moment - datetime.now(timezone.utc)).total_seconds() - 3600) < 5


@pytest.mark.parametrize("name", ["a b", "a;b", "path", "Expires", ""])
def test_names_http_cookies_refuses_are_refused(name: str) -> None:
    with pytest.raises(CookieError):
        format_set_cookie(name, "v")
