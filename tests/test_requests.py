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


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b""])
async def test_invalid_json_is_a_bad_request(anyio_backend: str, raw: bytes) -> None:
    with pytest.raises(BadRequest, match="Invalid JSON"):
        await make_request(body(raw)).json()


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


async def test_content_type_and_media(anyio_backend: str) -> None:
    request = make_request(headers=[(b"content-type", b'Application/JSON; charset="utf-8"; x')])
    assert request.content_type == ("application/json", {"charset": "utf-8", "x": ""})
    assert request.media["media_type"] == "application/json"


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
    with pytest.raises(BadRequest, match="Too many form fields"):
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


async def test_method_receive_send_properties(anyio_backend: str) -> None:
    request = make_request(method="PUT")
    assert request.method == "PUT"
    assert callable(request.receive)
    assert callable(request.send)
