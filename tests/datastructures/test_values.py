from __future__ import annotations

import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lilya.datastructures import (
    URL,
    DataUpload,
    FormData,
    Header,
    Headers,
    ImmutableMultiDict,
    MultiDict,
    QueryParam,
    Secret,
    State,
    URLPath,
)


def test_url_components() -> None:
    url = URL("https://user:pw@example.com:8443/a/b?x=1&y=2#frag")
    assert (url.scheme, url.netloc, url.path, url.query, url.fragment) == (
        "https",
        "user:pw@example.com:8443",
        "/a/b",
        "x=1&y=2",
        "frag",
    )
    assert (url.username, url.password, url.hostname, url.port) == (
        "user",
        "pw",
        "example.com",
        8443,
    )
    assert url.is_secure
    # Lilya's URL.base_url is the URL rebuilt from its components, path and query included.
    assert url.base_url == "https://user:pw@example.com:8443/a/b?x=1&y=2#frag"
    assert URL("/p?q=1").base_url == "/p?q=1"
    assert url.url == str(url)


def test_url_repr_hides_the_password() -> None:
    assert "pw" not in repr(URL("https://user:pw@example.com/"))
    # Eleven stars, as Lilya writes them.
    assert (
        repr(URL("https://user:pw@example.com/")) == "URL('https://user:***********@example.com/')"
    )
    assert repr(URL("http://a/")) == "URL('http://a/')"


def test_url_equality_and_hash() -> None:
    assert URL("http://a/") == "http://a/"
    assert URL("http://a/") == URL("http://a/")
    assert URL("http://a/") != 3
    assert hash(URL("http://a/")) == hash(URL("http://a/"))


def test_url_bad_port_is_none() -> None:
    assert URL("http://a:99999999/").port is None


def test_url_replace_components_and_netloc_parts() -> None:
    url = URL("http://example.com:8000/p?q=1")
    assert str(url.replace(scheme="https", path="/z")) == "https://example.com:8000/z?q=1"
    assert str(url.replace(port=9000)) == "http://example.com:9000/p?q=1"
    assert str(url.replace(hostname="other.org")) == "http://other.org:8000/p?q=1"
    assert str(url.replace(username="u", password="p")) == "http://u:p@example.com:8000/p?q=1"
    assert str(URL("http://example.com/").replace(port=81)) == "http://example.com:81/"


def test_url_query_param_helpers() -> None:
    url = URL("http://a/p?x=1&y=2")
    assert str(url.include_query_params(z=3, x=9)) == "http://a/p?x=9&y=2&z=3"
    assert str(url.replace_query_params(k="v")) == "http://a/p?k=v"
    assert str(url.remove_query_params("x")) == "http://a/p?y=2"
    assert str(url.remove_query_params(["x", "y"])) == "http://a/p"


def test_url_query_param_helpers_keep_repeated_values_and_sort() -> None:
    """Lilya 0.7.5: include_query_params keeps every value of the keys it does not set and
    writes the query sorted; remove_query_params writes it sorted too."""
    url = URL("http://a/p?b=2&a=1&b=3")
    assert str(url.include_query_params(c=1, a=9)) == "http://a/p?a=9&b=2&b=3&c=1"
    assert str(url.remove_query_params("zz")) == "http://a/p?a=1&b=2&b=3"
    assert str(url.replace_query_params(y=1, x=2)) == "http://a/p?y=1&x=2"


def test_url_from_a_split_result_is_the_url_it_describes() -> None:
    parts = URL("http://a/p?q=1#f").parsed_url
    assert str(URL(parts)) == "http://a/p?q=1#f"


def test_url_from_components_only() -> None:
    assert str(URL(scheme="https", netloc="h", path="/x")) == "https://h/x"
    assert str(URL("http://a/b", path="/c")) == "http://a/c"


def test_url_from_scope_prefers_host_header_and_drops_default_ports() -> None:
    scope = {
        "type": "http",
        "scheme": "http",
        "server": ("10.0.0.1", 80),
        "root_path": "/root",
        "path": "/root/p",  # ASGI: path holds root_path
        "query_string": b"a=1",
        "headers": [],
    }
    assert str(URL.build_from_scope(scope)) == "http://10.0.0.1/root/p?a=1"
    assert str(URL(scope={**scope, "server": ("h", 8080)})) == "http://h:8080/root/p?a=1"
    assert (
        str(URL(scope={**scope, "headers": [(b"host", b"site:1")]})) == "http://site:1/root/p?a=1"
    )
    assert str(URL(scope={**scope, "server": None, "query_string": b""})) == "/root/p"


def test_url_from_scope_is_the_path_alone_even_outside_root_path() -> None:
    """Lilya 0.7.5 / Starlette: with path=/path and root_path=/root, the URL's path is /path."""
    scope = {"type": "http", "root_path": "/root", "path": "/path", "headers": []}
    assert str(URL(scope={**scope, "server": ("h", 80)})) == "http://h/path"


def test_url_path_absolute_urls() -> None:
    base = URL("https://example.com/app/")
    assert (
        str(URLPath("/x", protocol="http").make_absolute_url(base)) == "https://example.com/app/x"
    )
    assert str(URLPath("/ws", protocol="websocket").make_absolute_url(base)) == (
        "wss://example.com/app/ws"
    )
    assert str(URLPath("/ws", protocol="websocket").make_absolute_url("http://h/")) == "ws://h/ws"
    other = URLPath("/y", host="other.com").make_absolute_url("http://h")
    assert str(other) == "http://other.com/y"


def test_query_param_first_value_and_lists() -> None:
    """A repeated parameter reads as its first value, as in Lilya 0.7.5 (it was the last)."""
    params = QueryParam("a=1&a=2&b=&c=%20x")
    assert params["a"] == "1"
    assert params.getlist("a") == ["1", "2"]
    assert params["b"] == ""
    assert params["c"] == " x"
    assert str(params) == "a=1&a=2&b=&c=+x"
    assert QueryParam({"k": "v"})["k"] == "v"
    assert QueryParam([("k", "v")], extra="e")["extra"] == "e"


@given(st.binary())
def test_query_param_never_raises(raw: bytes) -> None:
    params = QueryParam(raw)
    assert all(isinstance(v, str) for _, v in params.multi_items())


def test_immutable_multidict_views_give_every_pair_and_getitem_the_first_value() -> None:
    """Lilya 0.7.5 (multi-dicts over the `multidict` library): d[k], d.get(k) and dict(d) give a
    repeated key's first value, the views, iteration and len() every pair (this test used to
    pin one view entry per key, which Lilya does not do); dump() gives the last value."""
    data = ImmutableMultiDict([("a", 1), ("b", 2), ("a", 3)])
    assert list(data.keys()) == ["a", "b", "a"]
    assert list(data) == ["a", "b", "a"]
    assert list(data.values()) == [1, 2, 3]
    assert list(data.items()) == [("a", 1), ("b", 2), ("a", 3)]
    assert dict(data) == {"a": 1, "b": 2}
    assert data.get("a") == 1
    assert data.dump() == {"a": 3, "b": 2}
    # Lilya: dump_list() is dump()'s pairs, each key once with its last value.
    assert data.dump_list() == [("a", 3), ("b", 2)]
    assert data.dict() == {"a": [1, 3], "b": [2]}
    assert data.getall("a") == [1, 3]
    assert "a" in data
    assert len(data) == 3
    assert data == ImmutableMultiDict([("a", 3), ("a", 1), ("b", 2)])
    assert data != ImmutableMultiDict([("a", 1)])
    assert (data == {"a": 3}) is False
    assert repr(ImmutableMultiDict([("a", 1)])) == "ImmutableMultiDict([('a', 1)])"
    assert ImmutableMultiDict(data).getlist("a") == [1, 3]
    assert data.mutablecopy().getlist("a") == [1, 3]


def test_multidict_mutation() -> None:
    data: MultiDict[int] = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    data["a"] = 9
    assert data.getlist("a") == [9]
    data.append("a", 10)
    assert data["a"] == 10
    assert data.poplist("a") == [9, 10]
    assert data.pop("b") == 3
    assert data.pop("missing", None) is None
    data.update({"c": 1}, d=2)
    assert data.setdefault("c", 5) == 1
    assert data.setdefault("e", 6) == 6
    del data["d"]
    data.setlist("f", [1, 2])
    data.setlist("f", [])
    assert "f" not in data
    assert data.to_immutable().dump() == {"c": 1, "e": 6}
    data.clear()
    assert len(data) == 0


@pytest.mark.anyio
async def test_form_data_closes_uploads(anyio_backend: str) -> None:
    upload = DataUpload(file=tempfile.SpooledTemporaryFile(), filename="f")  # noqa: SIM115
    await FormData([("f", upload), ("t", "text")]).close()
    assert upload.file.closed


@pytest.mark.anyio
async def test_upload_in_memory_and_on_disk(anyio_backend: str) -> None:
    headers = Headers({"content-type": "text/plain"})
    memory = DataUpload(file=tempfile.SpooledTemporaryFile(max_size=10), size=0, headers=headers)  # noqa: SIM115
    await memory.write(b"abc")
    assert memory.in_memory
    assert memory.content_type == "text/plain"
    await memory.write(b"x" * 20)
    assert not memory.in_memory
    assert memory.size == 23
    await memory.seek(0)
    assert await memory.read(3) == b"abc"
    await memory.close()
    small = DataUpload(file=tempfile.SpooledTemporaryFile())  # noqa: SIM115
    await small.write(b"hi")
    await small.seek(0)
    assert await small.read() == b"hi"
    await small.close()
    assert small.content_type is None
    assert repr(small) == "DataUpload(filename=None, size=None, headers=Header({}))"


def test_state_is_attribute_and_item_access() -> None:
    state = State()
    state.a = 1
    state["b"] = 2
    assert (state.a, state["b"], state.get("c", 3)) == (1, 2, 3)
    assert "a" in state
    assert sorted(state) == ["a", "b"]
    assert len(state) == 2
    copy = state.copy()
    del state.a
    del state["b"]
    assert copy.a == 1
    with pytest.raises(AttributeError, match="no attribute 'a'"):
        state.a  # noqa: B018
    with pytest.raises(AttributeError):
        del state.a
    assert repr(copy) == "State({'a': 1, 'b': 2})"


def test_secret_hides_its_value() -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret)
    assert str(secret) == "hunter2"
    assert secret.value == "hunter2"
    assert secret
    assert not Secret("")
    assert secret == Secret("hunter2")
    assert secret != "hunter2"
    assert hash(secret) == hash(Secret("hunter2"))


def test_headers_are_case_insensitive_and_multi_valued() -> None:
    headers = Headers([("Set-Cookie", "a"), ("set-cookie", "b"), ("X-One", "1")])
    assert headers["SET-COOKIE"] == "a"
    assert headers.getall("set-cookie") == ["a", "b"]
    assert headers.get_all("x-one") == ["1"]
    assert headers.getlist("nothing") == []
    assert headers.getall("nothing", default=["d"]) == ["d"]
    assert headers.get("missing", "d") == "d"
    assert headers.get("ü", "d") == "d"
    assert "x-one" in headers
    assert "ü" not in headers
    assert 3 not in headers
    assert list(headers) == ["set-cookie", "set-cookie", "x-one"]
    assert headers.values() == ["a", "b", "1"]
    assert len(headers) == 3
    assert headers == Headers(raw=list(reversed(headers.raw)))
    assert headers != {"x": "y"}
    # Lilya: a name given twice makes the repr just the class name; else the dict of values.
    assert repr(headers) == "Headers"
    assert repr(Headers([("X-One", "1")])) == "Headers({'x-one': '1'})"
    with pytest.raises(KeyError):
        headers["missing"]
    assert Headers().raw == []
    scope_headers = Headers.from_scope({"headers": [(b"a", b"b")]})
    assert scope_headers["a"] == "b"


def test_mutable_header_operations() -> None:
    header = Header({"A": "1"})
    header.add("a", "2")
    header["a"] = "3"
    assert header.getall("a") == ["3"]
    header["b"] = "x"
    header.append("c", "1")
    header.extend([("c", "2")])
    header.extend({"d": "4"})
    assert header.getall("c") == ["1", "2"]
    assert header.setdefault("b", "y") == "x"
    assert header.setdefault("e", "5") == "5"
    assert header.pop("e") == "5"
    assert header.pop("e", "gone") == "gone"
    header.update({"b": "z"})
    header.update([("d", "5")])
    header.update(None)
    assert (header["b"], header["d"]) == ("z", "5")
    del header["d"]
    with pytest.raises(KeyError):
        del header["d"]
    header.add_vary_header("Accept-Encoding")
    header.add_vary_header("accept-encoding")
    header.add_vary_header("Origin")
    assert header["vary"] == "Accept-Encoding, Origin"
    copy = header.mutablecopy()
    copy.clear()
    assert len(copy) == 0
    assert len(header) > 0
    assert header.encoded_multi_items() is header.raw
    assert Header.parse_headers(None) == []
    assert Header.parse_headers(Headers({"a": "b"})) == [("a", "b")]
    assert Header.parse_headers({"a": "b"}) == [("a", "b")]
    assert Header.parse_headers([("a", "b")]) == [("a", "b")]


@given(st.text(alphabet="ab=&%+;2e0fF \u00e9", max_size=40))
def test_query_string_parsing_equals_parse_qsl(query: str) -> None:
    from urllib.parse import parse_qsl

    from lilya.datastructures.multidict import parse_query_string

    expected = parse_qsl(query, keep_blank_values=True, errors="replace")
    assert parse_query_string(query) == expected


def test_secret_len_is_the_length_of_its_value() -> None:
    """Lilya 0.7.5: len(Secret("abc")) == 3 (the length tells little, the value stays hidden)."""
    assert len(Secret("abc")) == 3
    assert len(Secret("")) == 0


def test_secret_defaults_to_none_and_hides_behind_eleven_stars() -> None:
    """Lilya 0.7.5's Secret is a dataclass whose value defaults to None."""
    assert Secret().value is None
    assert not Secret()
    assert repr(Secret("x")) == "Secret('***********')"


def test_deleting_an_unset_state_attribute_is_a_key_error_as_in_lilya() -> None:
    """Lilya 0.7.5 raises KeyError; the error is an AttributeError as well."""
    state = State()
    with pytest.raises(KeyError):
        del state.missing
    with pytest.raises(AttributeError):
        del state.missing
