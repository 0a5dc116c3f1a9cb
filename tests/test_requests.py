from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
import pytest

from lilya.exceptions import BadRequest, ClientDisconnect, ContentTooLarge
from lilya.requests import Request
from lilya.types import Message

pytestmark = pytest.mark.anyio


def make_request(
    messages: Sequence[Message] = (),
    headers: Sequence[tuple[bytes, bytes]] = (),
    **scope: Any,
) -> Request:
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        return {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    base = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "headers": list(headers),
        "server": ("testserver", 80),
        "client": ("1.2.3.4", 5555),
    }
    base.update(scope)
    request = Request(base, receive, send)
    request.scope["_sent"] = sent
    return request


def body(*chunks: bytes) -> list[Message]:
    return [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]


async def test_body_joins_chunks_and_is_cached(anyio_backend: str) -> None:
    request = make_request(body(b"ab", b"cd"))
    assert await request.body() == b"abcd"
    assert await request.body() == b"abcd"


async def test_unknown_messages_before_the_body_are_skipped(anyio_backend: str) -> None:
    request = make_request([{"type": "http.unknown"}, *body(b"ab")])
    assert await request.body() == b"ab"


async def test_stream_yields_chunks_once(anyio_backend: str) -> None:
    request = make_request(body(b"ab", b"cd"))
    assert [c async for c in request.stream()] == [b"ab", b"cd", b""]
    with pytest.raises(RuntimeError, match="Stream consumed"):
        [c async for c in request.stream()]


async def test_stream_after_body_gives_the_cached_body(anyio_backend: str) -> None:
    request = make_request(body(b"xyz"))
    await request.body()
    assert b"".join([c async for c in request.stream()]) == b"xyz"


async def test_json_is_parsed_and_cached(anyio_backend: str) -> None:
    request = make_request(body(b'{"a": [1, 2]}'))
    assert await request.json() == {"a": [1, 2]}
    assert await request.json() == {"a": [1, 2]}


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b" "])
async def test_invalid_json_is_a_bad_request(anyio_backend: str, raw: bytes) -> None:
    with pytest.raises(BadRequest, match="Invalid JSON"):
        await make_request(body(raw)).json()


async def test_invalid_json_is_a_json_decode_error_too(anyio_backend: str) -> None:
    """Lilya 0.7.5 raises json.JSONDecodeError: catching it keeps working, and left alone
    the error is still a 400."""
    import json

    with pytest.raises(json.JSONDecodeError) as caught:
        await make_request(body(b'{"a": nope}')).json()
    assert isinstance(caught.value, BadRequest)
    assert (caught.value.status_code, caught.value.pos) == (400, 6)


async def test_json_of_an_empty_body_is_none(anyio_backend: str) -> None:
    """Lilya 0.7.5 reads an empty body as JSON null (this used to be a 400)."""
    request = make_request(body(b""))
    assert await request.json() is None
    assert await request.json() is None


async def test_disconnect_while_reading_raises_client_disconnect(anyio_backend: str) -> None:
    request = make_request([{"type": "http.request", "body": b"a", "more_body": True}])
    with pytest.raises(ClientDisconnect):
        await request.body()


@pytest.mark.parametrize("value", [b"abc", b"-1", b"1.5", b" "])
async def test_malformed_content_length_is_a_bad_request(anyio_backend: str, value: bytes) -> None:
    request = make_request(body(b"x"), headers=[(b"content-length", value)])
    with pytest.raises(BadRequest, match="Content-Length"):
        await request.body()


async def test_conflicting_content_lengths_are_a_bad_request(anyio_backend: str) -> None:
    headers = [(b"content-length", b"1"), (b"content-length", b"2")]
    with pytest.raises(BadRequest):
        await make_request(body(b"x"), headers=headers).body()


async def test_repeated_identical_content_length_is_accepted(anyio_backend: str) -> None:
    headers = [(b"content-length", b"1"), (b"content-length", b"1")]
    assert await make_request(body(b"x"), headers=headers).body() == b"x"


async def test_body_longer_than_declared_is_a_bad_request(anyio_backend: str) -> None:
    request = make_request(body(b"abcdef"), headers=[(b"content-length", b"3")])
    with pytest.raises(BadRequest, match="longer"):
        await request.body()


async def test_body_shorter_than_declared_is_a_bad_request(anyio_backend: str) -> None:
    request = make_request(body(b"ab"), headers=[(b"content-length", b"10")])
    with pytest.raises(BadRequest, match="shorter"):
        await request.body()


async def test_body_past_the_limit_is_413_before_buffering_it_all(anyio_backend: str) -> None:
    request = make_request(body(b"a" * 10, b"b" * 10, b"c" * 10))
    request.max_body_size = 15
    chunks: list[bytes] = []

    async def consume() -> None:
        async for chunk in request.stream():
            chunks.append(chunk)

    with pytest.raises(ContentTooLarge):
        await consume()
    assert chunks == [b"a" * 10]


async def test_non_body_messages_are_skipped(anyio_backend: str) -> None:
    request = make_request([{"type": "http.other"}, *body(b"ok")])
    assert await request.body() == b"ok"


async def test_text_uses_the_charset(anyio_backend: str) -> None:
    request = make_request(
        body("é".encode("latin-1")), headers=[(b"content-type", b"text/plain; charset=latin-1")]
    )
    assert await request.text() == "é"
    assert request.charset == "latin-1"


async def test_undecodable_text_is_a_bad_request(anyio_backend: str) -> None:
    with pytest.raises(BadRequest):
        await make_request(body(b"\xff")).text()


async def test_content_type_is_the_media_type_and_media_holds_the_parameters(
    anyio_backend: str,
) -> None:
    """Lilya 0.7.5: content_type is a str (this used to be a (type, params) tuple) and media
    has the type under "content_type"."""
    request = make_request(headers=[(b"content-type", b'Application/JSON; charset="utf-8"; x')])
    assert request.content_type == "application/json"
    assert request.media == {"charset": "utf-8", "x": "", "content_type": "application/json"}
    assert make_request().content_type == ""


async def test_data_picks_the_parser_by_content_type(anyio_backend: str) -> None:
    as_json = make_request(body(b"[1]"), headers=[(b"content-type", b"application/json")])
    assert await as_json.data() == [1]
    form = make_request(
        body(b"a=1"), headers=[(b"content-type", b"application/x-www-form-urlencoded")]
    )
    assert (await form.data())["a"] == "1"
    assert await make_request(body(b"hi")).data() == "hi"


async def test_data_falls_back_to_bytes_or_raises(anyio_backend: str) -> None:
    headers = [(b"content-type", b"application/json")]
    assert await make_request(body(b"{bad"), headers=headers).data() == b"{bad"
    with pytest.raises(BadRequest):
        await make_request(body(b"{bad"), headers=headers).data(raise_exception=True)


async def test_urlencoded_form(anyio_backend: str) -> None:
    request = make_request(
        body(b"a=1&b=x+y&a=%E2%9C%93&&c"),
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
    )
    async with request.form() as form:
        assert form.getlist("a") == ["1", "✓"]
        assert form["b"] == "x y"
        assert form["c"] == ""
    await request.close()


async def test_too_many_urlencoded_fields_is_a_bad_request(anyio_backend: str) -> None:
    request = make_request(
        body(b"&".join(b"f%d=1" % i for i in range(20))),
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
    )
    with pytest.raises(BadRequest, match="Too many fields"):
        await request.form(max_fields=10)


async def test_form_of_another_content_type_is_empty(anyio_backend: str) -> None:
    assert len(await make_request(body(b"x")).form()) == 0


async def test_is_disconnected_sees_a_pending_disconnect(anyio_backend: str) -> None:
    assert await make_request([{"type": "http.disconnect"}]).is_disconnected() is True


async def test_is_disconnected_does_not_wait_for_a_quiet_client(anyio_backend: str) -> None:
    async def never() -> Message:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")  # pragma: no cover

    request = Request({"type": "http", "headers": []}, never)
    assert await request.is_disconnected() is False


async def test_push_promise_only_when_supported(anyio_backend: str) -> None:
    plain = make_request()
    await plain.send_push_promise("/style.css")
    assert plain.scope["_sent"] == []
    pushing = make_request(extensions={"http.response.push": {}}, headers=[(b"accept", b"*/*")])
    await pushing.send_push_promise("/style.css")
    assert pushing.scope["_sent"][0]["path"] == "/style.css"


async def test_push_promise_carries_only_negotiation_headers(anyio_backend: str) -> None:
    """Lilya 0.7.5 forwards accept, accept-encoding, accept-language, cache-control and
    user-agent to the pushed request, nothing else (no cookies, no body headers)."""
    request = make_request(
        extensions={"http.response.push": {}},
        headers=[
            (b"cookie", b"session=secret"),
            (b"accept", b"text/css"),
            (b"content-type", b"application/json"),
            (b"user-agent", b"ua"),
            (b"authorization", b"Bearer t"),
        ],
    )
    await request.send_push_promise("/style.css")
    assert request.scope["_sent"][0]["headers"] == [
        (b"accept", b"text/css"),
        (b"user-agent", b"ua"),
    ]


async def test_raw_query_string_bytes_read_as_latin_1(anyio_backend: str) -> None:
    """Lilya 0.7.5 decodes the scope's query_string as latin-1; percent-escapes are UTF-8."""
    request = make_request(query_string=b"raw=\xe9&escaped=%C3%A9")
    assert request.query_params["raw"] == "\xe9"
    assert request.query_params["escaped"] == "\xe9"


async def test_method_receive_send_properties(anyio_backend: str) -> None:
    request = make_request(method="PUT")
    assert request.method == "PUT"
    assert callable(request.receive)
    assert callable(request.send)


# Hostile bodies: each is a 4xx, never a 500.


async def test_json_nested_past_the_recursion_limit_is_a_bad_request(anyio_backend: str) -> None:
    request = make_request(body(b"[" * 100_000))
    with pytest.raises(BadRequest):
        await request.json()


@pytest.mark.parametrize("depth", [129, 100_000])
async def test_json_nested_deeper_than_json_max_depth_is_a_bad_request(
    anyio_backend: str, depth: int
) -> None:
    request = make_request(body(b"[" * depth + b"]" * depth))
    with pytest.raises(BadRequest, match="nested"):
        await request.json()


async def test_json_nested_exactly_json_max_depth_is_parsed(anyio_backend: str) -> None:
    request = make_request(body(b'{"a":' * 127 + b"[1]" + b"}" * 127))
    value = await request.json()
    for _ in range(127):
        value = value["a"]
    assert value == [1]


async def test_json_max_depth_comes_from_the_settings(
    anyio_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lilya.conf import settings
    from lilya.conf.functional import unwrap

    monkeypatch.setattr(unwrap(settings), "json_max_depth", 3)
    monkeypatch.setattr("lilya.requests._read_defaults", (None, None, None))
    assert await make_request(body(b"[[[1]]]")).json() == [[[1]]]
    with pytest.raises(BadRequest, match="nested"):
        await make_request(body(b"[[[[1]]]]")).json()


@pytest.mark.parametrize(
    "raw",
    [
        b"NaN",
        b"[Infinity]",
        b'{"a": -Infinity}',
        b" [NaN] ",
        b"1e999",
        b'{"a": [-1E+400]}',
        b"[" + b"9" * 400 + b".5]",
        b"\xef\xbb\xbf[2e308]",
    ],
)
async def test_json_with_nan_or_infinity_is_a_bad_request(anyio_backend: str, raw: bytes) -> None:
    """NaN, Infinity and numbers too large for a float (which would become infinity) are
    refused when parsed: a JSON response could not carry them back."""
    with pytest.raises(BadRequest):
        await make_request(body(raw)).json()


@pytest.mark.parametrize("charset", [b"undefined", b"utf\x00-8", b"rot13", b"no-such-codec"])
async def test_text_with_an_unusable_charset_is_a_bad_request(
    anyio_backend: str, charset: bytes
) -> None:
    request = make_request(
        body(b"hello"), headers=[(b"content-type", b"text/plain; charset=" + charset)]
    )
    with pytest.raises(BadRequest):
        await request.text()


async def test_data_of_a_malformed_multipart_body_is_a_bad_request(anyio_backend: str) -> None:
    request = make_request(
        body(b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'),
        headers=[(b"content-type", b"multipart/form-data; boundary=b")],
    )
    with pytest.raises(BadRequest):
        await request.data()


async def test_data_of_invalid_json_still_falls_back_to_bytes(anyio_backend: str) -> None:
    request = make_request(body(b"[NaN]"), headers=[(b"content-type", b"application/json")])
    assert await request.data() == b"[NaN]"


# max_body_size: the request's own, else the scope's `lilya.max_body_size`, else the settings'.


def limit(size: int | None) -> dict[str, Any]:
    """The scope entry an app, Include or Path with `max_body_size=` writes."""
    return {"lilya.max_body_size": size}


async def test_content_length_over_the_limit_is_413_before_reading(anyio_backend: str) -> None:
    request = make_request(body(b"x" * 20), headers=[(b"content-length", b"20")], **limit(10))
    with pytest.raises(ContentTooLarge):
        await request.body()
    assert await request.receive() == {
        "type": "http.request",
        "body": b"x" * 20,
        "more_body": False,
    }


async def test_chunked_body_over_the_limit_is_413_at_the_chunk_that_crosses_it(
    anyio_backend: str,
) -> None:
    request = make_request(body(*[b"x"] * 1000), **limit(10))
    with pytest.raises(ContentTooLarge):
        await request.body()
    assert len([m async for m in _drain(request)]) == 1000 - 11


async def _drain(request: Request) -> Any:
    while True:
        message = await request.receive()
        if message["type"] != "http.request":
            return
        yield message


async def test_body_of_exactly_the_limit_is_accepted(anyio_backend: str) -> None:
    request = make_request(
        body(b"x" * 5, b"y" * 5),
        headers=[(b"content-length", b"10")],
        **limit(10),
    )
    assert await request.body() == b"x" * 5 + b"y" * 5


async def test_none_in_the_scope_means_no_limit(anyio_backend: str) -> None:
    big = b"x" * (11 * 1024 * 1024)
    request = make_request(body(big), **limit(None))
    assert len(await request.body()) == len(big)


async def test_default_limit_is_the_settings_max_body_size_of_10_mib(anyio_backend: str) -> None:
    request = make_request(body(b"x" * (10 * 1024 * 1024), b"x"))
    assert request.max_body_size == 10 * 1024 * 1024
    with pytest.raises(ContentTooLarge):
        await request.body()


async def test_limit_set_on_the_request_wins_over_the_scope(anyio_backend: str) -> None:
    request = make_request(body(b"x" * 20), **limit(100))
    request.max_body_size = None
    assert await request.body() == b"x" * 20


async def test_form_and_json_are_limited_too(anyio_backend: str) -> None:
    form = make_request(
        body(b"a=1&b=" + b"x" * 50),
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
        **limit(20),
    )
    with pytest.raises(ContentTooLarge):
        await form.form()
    with pytest.raises(ContentTooLarge):
        await make_request(body(b"[" + b"1," * 50 + b"1]"), **limit(20)).json()


# Through an app: the status the client sees.


def _echo_app() -> Any:
    from lilya.apps import Lilya
    from lilya.routing import Path

    async def echo_json(request: Request) -> Any:
        return {"got": await request.json()}

    async def echo_url(request: Request) -> str:
        return str(request.url)

    async def echo_text(request: Request) -> str:
        return await request.text()

    return Lilya(
        routes=[
            Path("/json", echo_json, methods=["POST"]),
            Path("/url", echo_url),
            Path("/text", echo_text, methods=["POST"]),
        ]
    )


def test_deeply_nested_json_gets_400(test_client_factory: Any) -> None:
    client = test_client_factory(_echo_app())
    response = client.post("/json", content=b"[" * 100_000)
    assert response.status_code == 400


def test_json_with_nan_gets_400(test_client_factory: Any) -> None:
    client = test_client_factory(_echo_app())
    assert client.post("/json", content=b'{"x": NaN}').status_code == 400


def test_json_with_a_number_too_large_for_a_float_gets_400_not_500(
    test_client_factory: Any,
) -> None:
    client = test_client_factory(_echo_app())
    assert client.post("/json", content=b'{"x": 1e999}').status_code == 400
    big = b'{"x": 1.7e308, "y": ' + b"9" * 400 + b"}"
    echoed = client.post("/json", content=big)
    assert (echoed.status_code, echoed.json()["got"]["x"]) == (200, 1.7e308)


def test_request_url_with_an_invalid_host_gets_400(test_client_factory: Any) -> None:
    client = test_client_factory(_echo_app())
    response = client.get("/url", headers={"host": "example.com:@evil.com"})
    assert response.status_code == 400


def test_request_url_keeps_a_valid_host(test_client_factory: Any) -> None:
    client = test_client_factory(_echo_app())
    assert client.get("/url", headers={"host": "[::1]:8000"}).json() == "http://[::1]:8000/url"


def test_text_with_charset_undefined_gets_400(test_client_factory: Any) -> None:
    client = test_client_factory(_echo_app())
    headers = {"content-type": "text/plain; charset=undefined"}
    assert client.post("/text", content=b"hi", headers=headers).status_code == 400


def test_body_over_the_limit_gets_413(test_client_factory: Any) -> None:
    client = test_client_factory(_echo_app())
    response = client.post("/json", content=b"[" + b"0," * (5 * 1024 * 1024) + b"0]")
    assert response.status_code == 413


@pytest.mark.parametrize("value", [b"9" * 5000, b"1" + b"0" * 30])
async def test_content_length_with_thousands_of_digits_is_413(
    anyio_backend: str, value: bytes
) -> None:
    request = make_request(body(b"x"), headers=[(b"content-length", value)], **limit(None))
    with pytest.raises(ContentTooLarge):
        await request.body()


async def test_content_length_with_leading_zeros_is_its_number(anyio_backend: str) -> None:
    request = make_request(body(b"xy"), headers=[(b"content-length", b"0" * 5000 + b"2")])
    assert await request.body() == b"xy"


def test_an_apps_own_settings_give_its_limits(test_client_factory: Any) -> None:
    from lilya.apps import Lilya
    from lilya.conf.global_settings import Settings
    from lilya.routing import Path

    class Strict(Settings):
        json_max_depth: int | None = 2
        max_body_size: int | None = 100

    async def echo(request: Request) -> Any:
        return await request.json()

    client = test_client_factory(
        Lilya(routes=[Path("/", echo, methods=["POST"])], settings_module=Strict)
    )
    assert client.post("/", content=b"[[1]]").json() == [[1]]
    assert client.post("/", content=b"[[[1]]]").status_code == 400
    assert client.post("/", content=b"[" + b"1," * 100 + b"1]").status_code == 413
    # The global defaults are untouched for a request outside that app.
    assert make_request().max_body_size == 10 * 1024 * 1024


@pytest.mark.anyio
async def test_a_scope_without_headers_reads_its_body(anyio_backend: str) -> None:
    """Lilya 0.7.5 reads a hand-built scope without `headers` as having none."""
    messages = [{"type": "http.request", "body": b"abc", "more_body": False}]

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    request = Request({"type": "http", "method": "POST", "path": "/"}, receive)
    assert await request.body() == b"abc"
