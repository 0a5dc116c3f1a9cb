from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import AsyncIterator, Iterator
from http.cookies import CookieError
from typing import Any

import anyio
import pytest

from lilya.background import Task, Tasks
from lilya.datastructures.cookies import Cookie
from lilya.datastructures.headers import Header
from lilya.encoders import Encoder
from lilya.responses import (
    HTML,
    JSON,
    Error,
    HTMLResponse,
    JSONResponse,
    Ok,
    PlainText,
    Redirect,
    RedirectResponse,
    Response,
    Streaming,
    StreamingResponse,
    TemplateResponse,
    make_response,
)
from lilya.types import Message
from tests.asgi_helpers import call_asgi, make_scope

pytestmark = pytest.mark.anyio


@dataclasses.dataclass
class Item:
    name: str
    when: datetime.date


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


class MoneyEncoder(Encoder[Money]):
    __type__ = Money

    def serialize(self, obj: Money) -> int:
        return obj.cents


# -- Response -------------------------------------------------------------------------------


async def test_response_sends_bytes_with_content_length() -> None:
    sent = await call_asgi(Response(b"hello"))
    assert sent.status == 200
    assert sent.body == b"hello"
    assert sent.headers == [("content-length", "5")]


async def test_response_is_two_send_calls() -> None:
    sent = await call_asgi(Response(b"x"))
    assert [m["type"] for m in sent.messages] == ["http.response.start", "http.response.body"]


async def test_response_encodes_str_with_charset() -> None:
    sent = await call_asgi(Response("h\u00e9", media_type="text/plain"))
    assert sent.body == "h\u00e9".encode()
    assert sent.header("content-length") == "3"
    assert sent.header("content-type") == "text/plain; charset=utf-8"


async def test_response_custom_charset() -> None:
    class Latin(PlainText):
        charset = "latin-1"

    sent = await call_asgi(Latin("h\u00e9"))
    assert sent.body == b"h\xe9"
    assert sent.header("content-type") == "text/plain; charset=latin-1"


async def test_response_without_content_is_empty() -> None:
    sent = await call_asgi(Response())
    assert sent.body == b""
    assert sent.header("content-length") == "0"
    assert sent.header("content-type") is None


async def test_response_non_text_media_type_has_no_charset() -> None:
    sent = await call_asgi(Response(b"\x89PNG", media_type="image/png"))
    assert sent.header("content-type") == "image/png"


async def test_response_media_type_with_charset_is_kept() -> None:
    sent = await call_asgi(Response("x", media_type="text/csv; charset=ascii"))
    assert sent.header("content-type") == "text/csv; charset=ascii"


async def test_response_accepts_bytearray_and_memoryview() -> None:
    assert (await call_asgi(Response(bytearray(b"ab")))).body == b"ab"
    assert (await call_asgi(Response(memoryview(b"cd")))).body == b"cd"


async def test_response_encodes_other_content_as_json() -> None:
    sent = await call_asgi(Response({"when": datetime.date(2024, 1, 2)}))
    assert json.loads(sent.body) == {"when": "2024-01-02"}
    assert sent.header("content-type") == "application/json"


async def test_response_json_content_keeps_given_media_type() -> None:
    sent = await call_asgi(Response([1], media_type="application/vnd.api+json"))
    assert sent.header("content-type") == "application/vnd.api+json"


async def test_response_unencodable_content_raises_type_error() -> None:
    with pytest.raises(TypeError, match="Money"):
        Response(Money(1))


async def test_response_encoders_are_used_without_global_registration() -> None:
    sent = await call_asgi(Response([Money(5)], encoders=[MoneyEncoder]))
    assert sent.body == b"[5]"
    with pytest.raises(TypeError):
        Response([Money(5)])


async def test_response_custom_headers_come_first_lowercased() -> None:
    sent = await call_asgi(Response(b"x", headers={"X-Custom": "1"}))
    assert sent.headers == [("x-custom", "1"), ("content-length", "1")]


async def test_response_user_content_type_and_length_are_not_duplicated() -> None:
    response = PlainText("abc", headers={"Content-Type": "text/html", "Content-Length": "3"})
    sent = await call_asgi(response)
    assert sent.header_all("content-type") == ["text/html"]
    assert sent.header_all("content-length") == ["3"]


async def test_response_headers_accept_pairs_and_bytes_values() -> None:
    sent = await call_asgi(Response(headers=[("a", "1"), ("a", b"2")]))  # type: ignore[arg-type]
    assert sent.header_all("a") == ["1", "2"]


async def test_response_non_latin1_header_value_falls_back_to_utf8() -> None:
    sent = await call_asgi(Response(headers={"x-name": "\u2603"}))
    assert sent.messages[0]["headers"][0] == (b"x-name", "\u2603".encode())


@pytest.mark.parametrize("status_code", [101, 204, 304])
async def test_response_without_body_status_has_no_body_or_length(status_code: int) -> None:
    response = Response(b"ignored", status_code=status_code, headers={"content-length": "7"})
    sent = await call_asgi(response)
    assert sent.status == status_code
    assert sent.body == b""
    assert sent.header("content-length") is None
    assert sent.header("content-type") is None


async def test_response_304_keeps_validators() -> None:
    sent = await call_asgi(Response(status_code=304, headers={"etag": '"1"'}))
    assert sent.headers == [("etag", '"1"')]


async def test_response_304_drops_entity_headers_as_lilya_does() -> None:
    """Lilya 0.7.5 removes the entity headers of RFC 2616 10.3.5 from a 304, keeping
    Content-Location and Expires (and every other header)."""
    given = {
        "content-type": "text/plain",
        "last-modified": "Mon, 01 Jan 2024 00:00:00 GMT",
        "content-encoding": "gzip",
        "allow": "GET",
        "content-location": "/x",
        "expires": "0",
        "etag": '"1"',
        "cache-control": "max-age=1",
    }
    sent = await call_asgi(Response(status_code=304, headers=given))
    assert sorted(sent.headers) == [
        ("cache-control", "max-age=1"),
        ("content-location", "/x"),
        ("etag", '"1"'),
        ("expires", "0"),
    ]


async def test_response_head_sends_no_body_but_keeps_length() -> None:
    sent = await call_asgi(PlainText("hello"), method="HEAD")
    assert sent.body == b""
    assert sent.header("content-length") == "5"


async def test_response_status_none_falls_back_to_200() -> None:
    assert Response(status_code=None).status_code == 200  # type: ignore[arg-type]


async def test_response_headers_view_shares_storage() -> None:
    response = Response(b"x")
    headers = response.headers
    assert isinstance(headers, Header)
    headers["x-added"] = "yes"
    del headers["content-length"]
    sent = await call_asgi(response)
    assert sent.headers == [("x-added", "yes")]
    assert response.encoded_headers is response.raw_headers


async def test_response_message_builds_start_message() -> None:
    response = Response(b"", status_code=201)
    assert response.message("websocket.") == {
        "type": "websocket.http.response.start",
        "status": 201,
        "headers": response.raw_headers,
    }


async def test_response_to_websocket_scope_is_a_denial_response() -> None:
    sent = await call_asgi(PlainText("denied", status_code=403), scope=make_scope(type="websocket"))
    assert [m["type"] for m in sent.messages] == [
        "websocket.http.response.start",
        "websocket.http.response.body",
    ]
    assert sent.status == 403


async def test_response_runs_background_after_the_body() -> None:
    events: list[str] = []

    async def send(message: Message) -> None:
        events.append(message["type"])

    async def receive() -> Message:
        return {"type": "http.request"}

    def job(tag: str) -> None:
        events.append(tag)

    await Response(b"x", background=Task(job, "task"))(make_scope(), receive, send)
    assert events == ["http.response.start", "http.response.body", "task"]


async def test_response_runs_tasks_in_order_after_the_body() -> None:
    done: list[int] = []
    tasks = Tasks()
    tasks.add_task(done.append, 1)
    tasks.add_task(done.append, 2)
    sent = await call_asgi(Response(b"x", background=tasks))
    assert sent.body == b"x"
    assert done == [1, 2]


async def test_response_repr() -> None:
    assert repr(PlainText("x")) == (
        "PlainText(media_type=text/plain, status_code=200, charset=utf-8)"
    )


# -- cookies --------------------------------------------------------------------------------


async def test_set_cookie_adds_a_set_cookie_header() -> None:
    response = Response()
    response.set_cookie(
        "sid",
        "abc",
        max_age=60,
        domain="example.com",
        secure=True,
        httponly=True,
        samesite="strict",
        path="/app",
    )
    sent = await call_asgi(response)
    header = sent.header("set-cookie")
    assert header is not None
    assert header.startswith("sid=abc;")
    for part in ("Max-Age=60", "Domain=example.com", "Secure", "HttpOnly", "SameSite=strict"):
        assert part in header
    assert "Path=/app" in header


async def test_set_cookie_twice_gives_two_headers() -> None:
    response = Response()
    response.set_cookie("a", "1")
    response.set_cookie("b", "2")
    assert len(response.headers.getall("set-cookie")) == 2


async def test_set_cookie_with_datetime_expiry() -> None:
    response = Response()
    response.set_cookie(
        "a", "1", expires=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    )
    assert "expires=Tue, 01 Jan 2030 00:00:00 GMT" in response.headers["set-cookie"]


async def test_set_cookie_quotes_unsafe_values() -> None:
    response = Response()
    response.set_cookie("a", "x y;z")
    assert response.headers["set-cookie"].startswith('a="x y\\073z"')


async def test_set_cookie_rejects_invalid_name() -> None:
    with pytest.raises(CookieError):
        Response().set_cookie("a b", "1")


async def test_set_cookie_rejects_invalid_samesite() -> None:
    with pytest.raises(ValueError, match="samesite"):
        Response().set_cookie("a", "1", samesite="maybe")  # type: ignore[arg-type]
    # Lilya 0.7.5 asserts: the error is an AssertionError too.
    with pytest.raises(AssertionError, match="samesite must be either"):
        Response().set_cookie("a", "1", samesite="maybe")  # type: ignore[arg-type]


async def test_delete_cookie_expires_it_now() -> None:
    response = Response()
    response.delete_cookie("sid", path="/app", domain="example.com")
    header = response.headers["set-cookie"]
    assert header.startswith('sid="";')
    assert "Max-Age=0" in header
    assert "Path=/app" in header
    assert "Domain=example.com" in header


async def test_cookies_argument_mapping_sets_each_cookie() -> None:
    response = Response(cookies={"a": "1", "b": "2"})
    assert [v.split(";")[0] for v in response.headers.getall("set-cookie")] == ["a=1", "b=2"]


async def test_cookies_argument_accepts_cookie_objects() -> None:
    response = Response(cookies=[Cookie("a", "1", httponly=True)])
    assert response.headers["set-cookie"] == "a=1; HttpOnly; Path=/; SameSite=lax"


async def test_cookies_argument_accepts_a_single_cookie() -> None:
    response = Response(cookies=Cookie("a", "1"))
    assert response.headers["set-cookie"].startswith("a=1")


async def test_cookies_argument_rejects_other_values() -> None:
    with pytest.raises(TypeError, match="Cookie objects"):
        Response(cookies=["a=1"])


# -- the family -----------------------------------------------------------------------------


async def test_html_response_media_type() -> None:
    sent = await call_asgi(HTMLResponse("<p>hi</p>"))
    assert sent.header("content-type") == "text/html; charset=utf-8"
    assert HTML is HTMLResponse


async def test_error_is_html_500_by_default() -> None:
    sent = await call_asgi(Error("<p>boom</p>"))
    assert sent.status == 500
    assert sent.header("content-type") == "text/html; charset=utf-8"


async def test_error_accepts_another_status() -> None:
    assert Error("x", status_code=503).status_code == 503


async def test_plain_text_media_type() -> None:
    sent = await call_asgi(PlainText("hi"))
    assert sent.header("content-type") == "text/plain; charset=utf-8"


async def test_json_response_compact_utf8() -> None:
    sent = await call_asgi(JSONResponse({"a": "\u00e9", "b": [1, 2]}))
    assert sent.body == '{"a":"\u00e9","b":[1,2]}'.encode()
    assert sent.header("content-type") == "application/json"
    assert sent.header("content-length") == str(len(sent.body))
    assert JSON is JSONResponse


async def test_json_response_none_is_null() -> None:
    assert JSONResponse(None).body == b"null"


async def test_json_response_str_is_a_json_string() -> None:
    assert JSONResponse("hi").body == b'"hi"'


async def test_json_response_encodes_dataclasses() -> None:
    body = JSONResponse(Item("a", datetime.date(2024, 5, 6))).body
    assert json.loads(body) == {"name": "a", "when": "2024-05-06"}


async def test_json_response_nan_raises() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        JSONResponse({"x": float("nan")})


async def test_json_response_with_encoders() -> None:
    assert JSONResponse({"m": Money(3)}, encoders=[MoneyEncoder()]).body == b'{"m":3}'


async def test_ok_is_json_200() -> None:
    sent = await call_asgi(Ok({"ok": True}))
    assert sent.status == 200
    assert sent.body == b'{"ok":true}'


async def test_ok_accepts_other_status() -> None:
    assert Ok([], status_code=201).status_code == 201


# -- redirects ------------------------------------------------------------------------------


async def test_redirect_defaults_to_307_with_location() -> None:
    sent = await call_asgi(RedirectResponse("/next?a=1#frag"))
    assert sent.status == 307
    assert sent.header("location") == "/next?a=1#frag"
    assert sent.body == b""
    assert Redirect is RedirectResponse


async def test_redirect_percent_encodes_unsafe_characters() -> None:
    response = RedirectResponse("/a b/\u00fc?x=\u00e9&y=1")
    assert response.headers["location"] == "/a%20b/%C3%BC?x=%C3%A9&y=1"


async def test_redirect_cannot_inject_headers() -> None:
    response = RedirectResponse("/x\r\nSet-Cookie: evil=1")
    assert response.headers["location"] == "/x%0D%0ASet-Cookie:%20evil=1"
    assert "set-cookie" not in response.headers


async def test_redirect_location_wins_over_a_given_one_and_other_headers_stay() -> None:
    response = RedirectResponse("/new", headers={"Location": "/old", "X-Trace": "7"})
    locations = [value for name, value in response.raw_headers if name == b"location"]
    assert locations == [b"/new"]
    assert response.headers["x-trace"] == "7"
    assert response.headers["content-length"] == "0"


async def test_redirect_keeps_existing_escapes_and_absolute_urls() -> None:
    url = "https://user@example.com:8443/p%20q;a=b?x=[1]&y=!$'()*+,"
    assert RedirectResponse(url).headers["location"] == url


async def test_redirect_other_status_and_headers() -> None:
    response = RedirectResponse("/", status_code=301, headers={"location": "/old", "x": "1"})
    assert response.status_code == 301
    assert response.headers.getall("location") == ["/"]
    assert response.headers["x"] == "1"


# -- streaming ------------------------------------------------------------------------------


async def test_streaming_async_iterator() -> None:
    async def numbers() -> AsyncIterator[str]:
        for number in range(3):
            yield str(number)

    sent = await call_asgi(StreamingResponse(numbers(), media_type="text/plain"))
    assert sent.body == b"012"
    assert sent.header("content-length") is None
    assert sent.header("content-type") == "text/plain; charset=utf-8"
    bodies = [m for m in sent.messages if m["type"] == "http.response.body"]
    assert [m["more_body"] for m in bodies] == [True, True, True, False]
    assert Streaming is StreamingResponse


async def test_streaming_sync_iterator_runs_in_threads() -> None:
    def chunks() -> Iterator[bytes]:
        yield b"a"
        yield bytearray(b"b")  # type: ignore[misc]
        yield memoryview(b"c")  # type: ignore[misc]
        yield "d"  # type: ignore[misc]

    sent = await call_asgi(StreamingResponse(chunks()))
    assert sent.body == b"abcd"
    # Whatever the iterator yields, the server gets bytes.
    assert {type(m["body"]) for m in sent.messages if m["type"] == "http.response.body"} == {bytes}


async def test_streaming_keeps_custom_headers_and_status() -> None:
    response = StreamingResponse(iter([b"x"]), status_code=202, headers={"x-a": "1"})
    sent = await call_asgi(response)
    assert sent.status == 202
    assert sent.headers == [("x-a", "1")]


async def test_streaming_head_does_not_iterate() -> None:
    iterated = False

    async def body() -> AsyncIterator[bytes]:
        nonlocal iterated
        iterated = True
        yield b"x"

    sent = await call_asgi(StreamingResponse(body()), method="HEAD")
    assert sent.body == b""
    assert sent.status == 200
    assert not iterated


async def test_streaming_stops_when_client_disconnects() -> None:
    produced: list[int] = []
    disconnected = anyio.Event()

    async def endless() -> AsyncIterator[bytes]:
        number = 0
        while True:
            produced.append(number)
            yield b"x"
            number += 1
            if number == 3:
                disconnected.set()
            await anyio.sleep(0)

    async def receive() -> Message:
        await disconnected.wait()
        return {"type": "http.disconnect"}

    messages: list[Message] = []

    async def send(message: Message) -> None:
        messages.append(message)

    ran: list[str] = []
    response = StreamingResponse(endless(), background=Task(ran.append, "bg"))
    with anyio.fail_after(5):
        await response(make_scope(), receive, send)
    assert 3 <= len(produced) < 100
    assert ran == ["bg"]


async def test_streaming_ignores_other_messages_while_waiting() -> None:
    messages_left = [{"type": "http.request", "body": b"", "more_body": False}]
    gate = anyio.Event()

    async def receive() -> Message:
        if messages_left:
            return messages_left.pop()
        await gate.wait()
        return {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await StreamingResponse(iter([b"a", b"b"]))(make_scope(), receive, send)
    gate.set()
    assert b"".join(m.get("body", b"") for m in sent) == b"ab"


async def test_streaming_errors_propagate_unwrapped() -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield b"a"
        raise LookupError("broken stream")

    with pytest.raises(LookupError, match="broken stream"):
        await call_asgi(StreamingResponse(broken()))


async def test_streaming_runs_background_after_body() -> None:
    done: list[str] = []
    sent = await call_asgi(StreamingResponse(iter([b"x"]), background=Task(done.append, "ok")))
    assert sent.body == b"x"
    assert done == ["ok"]


# -- templates ------------------------------------------------------------------------------


class FakeTemplate:
    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, context: dict[str, Any]) -> str:
        return self.text.format(**context)


async def test_template_response_renders_context() -> None:
    sent = await call_asgi(TemplateResponse(FakeTemplate("<b>{name}</b>"), context={"name": "x"}))
    assert sent.body == b"<b>x</b>"
    assert sent.header("content-type") == "text/html; charset=utf-8"


async def test_template_response_without_context_renders_empty_context() -> None:
    response = TemplateResponse(FakeTemplate("static"))
    assert response.body == b"static"
    assert response.context == {}


async def test_template_response_sends_debug_info_when_extension_present() -> None:
    template = FakeTemplate("{a}")
    response = TemplateResponse(template, context={"a": 1}, status_code=201)
    sent = await call_asgi(response, scope=make_scope(extensions={"http.response.debug": {}}))
    assert sent.messages[0] == {
        "type": "http.response.debug",
        "info": {"template": template, "context": {"a": 1}},
    }
    assert sent.status == 201


async def test_template_response_without_extension_sends_no_debug() -> None:
    sent = await call_asgi(TemplateResponse(FakeTemplate("x")))
    assert all(m["type"] != "http.response.debug" for m in sent.messages)


# -- make_response --------------------------------------------------------------------------


async def test_make_response_builds_json() -> None:
    response = make_response({"a": 1}, status_code=201, headers={"x": "1"})
    sent = await call_asgi(response)
    assert isinstance(response, JSONResponse)
    assert (sent.status, sent.body) == (201, b'{"a":1}')
    assert sent.header("content-type") == "application/json"
    assert sent.header("x") == "1"


async def test_make_response_encodes_dataclasses() -> None:
    response = make_response([Item("i", datetime.date(2024, 1, 1))])
    assert json.loads(response.body) == [{"name": "i", "when": "2024-01-01"}]


async def test_make_response_none_is_null() -> None:
    assert make_response(None).body == b"null"


async def test_make_response_other_class_gets_json_media_type() -> None:
    response = make_response({"a": 1}, response_class=Response)
    assert type(response) is Response
    assert response.body == b'{"a":1}'
    assert response.headers["content-type"] == "application/json"


async def test_make_response_with_background_and_encoders() -> None:
    done: list[int] = []
    response = make_response(Money(7), encoders=[MoneyEncoder], background=Task(done.append, 1))
    sent = await call_asgi(response)
    assert sent.body == b"7"
    assert done == [1]


async def test_response_status_none_keeps_class_default() -> None:
    assert Error("x", status_code=None).status_code == 500  # type: ignore[arg-type]


async def test_response_subclass_may_return_str_from_make_response() -> None:
    class Upper(Response):
        def make_response(self, content: Any) -> str:
            return str(content).upper()

    assert Upper("abc").body == b"ABC"


async def test_response_many_distinct_media_types_are_all_rendered() -> None:
    for number in range(600):
        response = Response(b"", media_type=f"text/x-{number}")
        assert response.headers["content-type"] == f"text/x-{number}; charset=utf-8"


def test_overridden_make_response_sees_bytes_content_too() -> None:
    class Shouting(PlainText):
        def make_response(self, content: Any) -> bytes:
            return bytes(content).upper()

    class Quiet(Shouting):
        pass

    assert Shouting(b"hello").body == b"HELLO"
    assert Quiet(b"hello").body == b"HELLO"
    assert PlainText(b"hello").body == b"hello"
    assert Response(bytearray(b"as bytes")).body == b"as bytes"
