"""Property tests for the Host header: valid hosts parse back to what was written, anything
else is a ValueError and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lilya.datastructures._hosts import parse_host

labels = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20)
reg_names = st.lists(labels, min_size=1, max_size=4).map(".".join)
ports = st.none() | st.integers(0, 65535)


@given(reg_names, ports)
def test_name_and_port_round_trip(name: str, port: int | None) -> None:
    value = name if port is None else f"{name}:{port}"

    assert parse_host(value) == (name, port)


@given(st.ip_addresses(v=6), ports)
def test_bracketed_ipv6_round_trips(address: object, port: int | None) -> None:
    host = f"[{address}]"
    value = host if port is None else f"{host}:{port}"

    assert parse_host(value) == (host, port)


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_value_error(value: str) -> None:
    try:
        host, port = parse_host(value)
    except ValueError:
        return
    assert host
    assert port is None or 0 <= port <= 65535
    assert not any(c in host for c in "@/\\#? ")


@given(reg_names, st.sampled_from(["@", "/", "\\", "#", "?", " "]), reg_names)
def test_host_with_userinfo_path_or_fragment_characters_is_invalid(
    left: str, separator: str, right: str
) -> None:
    try:
        parse_host(f"{left}{separator}{right}")
    except ValueError:
        return
    raise AssertionError("accepted")
