from __future__ import annotations

import ipaddress
import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lilya.datastructures._hosts import host_of_scope, parse_host
from lilya.exceptions import BadRequest


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("example.com", ("example.com", None)),
        ("Example.COM", ("Example.COM", None)),
        ("example.com:8080", ("example.com", 8080)),
        ("example.com.", ("example.com.", None)),
        ("example.com:", ("example.com", None)),
        ("127.0.0.1:80", ("127.0.0.1", 80)),
        ("[::1]", ("[::1]", None)),
        ("[::1]:8443", ("[::1]", 8443)),
        ("[2001:db8::1]:65535", ("[2001:db8::1]", 65535)),
        ("[::ffff:192.0.2.1]", ("[::ffff:192.0.2.1]", None)),
        ("my_service-1", ("my_service-1", None)),
        ("a~b!$&'()*+,;=c", ("a~b!$&'()*+,;=c", None)),
    ],
)
def test_valid_hosts_are_split_into_host_and_port(
    value: str, expected: tuple[str, int | None]
) -> None:
    assert parse_host(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "example.com:@evil.com",
        "user@example.com",
        "evil.com#.example.org",
        "evil.com/.example.org",
        "evil.com\\.example.org",
        "evil.com?.example.org",
        "example.com:80:80",
        "example.com:http",
        "example.com:65536",
        "example.com:123456",
        "exa mple.com",
        "example.com\r\nx: y",
        "example.com\x00",
        "evil%2ecom",
        "ex\u00e4mple.com",
        "::1",
        "[::1",
        "[::1]x",
        "[::1]:x",
        "[not-ipv6]",
        "[fe80::1%25eth0]",
        "[1.2.3.4]",
        ":80",
        "a" * 256,
        "a" * 300 + ":80",
        ".example.com",
        "a..example.com",
        ".",
        "..:80",
    ],
)
def test_invalid_hosts_raise_value_error(value: str) -> None:
    with pytest.raises(ValueError):
        parse_host(value)


def _scope(*hosts: bytes) -> dict[str, Any]:
    return {"type": "http", "headers": [(b"host", h) for h in hosts]}


def test_host_of_scope_without_host_header_is_none() -> None:
    assert host_of_scope(_scope()) is None


def test_host_of_scope_with_empty_host_header_is_none() -> None:
    assert host_of_scope(_scope(b"")) is None


def test_host_of_scope_gives_the_parsed_host() -> None:
    assert host_of_scope(_scope(b"example.com:8000")) == ("example.com", 8000)


def test_host_of_scope_refuses_an_invalid_host_with_400() -> None:
    with pytest.raises(BadRequest) as info:
        host_of_scope(_scope(b"example.com:@evil.com"))
    assert info.value.status_code == 400


def test_host_of_scope_refuses_two_host_headers_with_400() -> None:
    with pytest.raises(BadRequest):
        host_of_scope(_scope(b"example.com", b"evil.com"))


# Property tests: whatever the input, the parser either refuses it or returns a host that
# rebuilds a URL whose authority is exactly that host and port.

_NAME_CHARS = string.ascii_letters + string.digits + "-._~!$&'()*+,;="
names = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=60).filter(
    lambda name: not name.startswith(".") and ".." not in name  # empty labels are refused
)
ports = st.none() | st.integers(min_value=0, max_value=65535)
ipv6 = st.ip_addresses(v=6).map(lambda a: f"[{a}]")


@given(st.text(max_size=80))
def test_any_text_is_parsed_or_refused_with_value_error(value: str) -> None:
    try:
        host, port = parse_host(value)
    except ValueError:
        return
    assert value.startswith(host)
    assert port is None or 0 <= port <= 65535
    for forbidden in "@/\\#?% \r\n\x00":
        assert forbidden not in host


@given(names | ipv6, ports)
def test_valid_host_and_port_round_trip(host: str, port: int | None) -> None:
    value = host if port is None else f"{host}:{port}"
    assert parse_host(value) == (host, port)


@given(ipv6)
def test_ipv6_literals_keep_their_brackets_and_address(literal: str) -> None:
    host, _ = parse_host(literal)
    assert ipaddress.IPv6Address(host[1:-1]) == ipaddress.IPv6Address(literal[1:-1])


@given(names, st.sampled_from("@/\\#?% "), names)
def test_a_delimiter_inside_the_host_is_refused(left: str, delimiter: str, right: str) -> None:
    with pytest.raises(ValueError):
        parse_host(f"{left}{delimiter}{right}")
