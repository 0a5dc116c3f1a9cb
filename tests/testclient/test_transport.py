"""The test client's HTTP side: the scope it builds, the body it feeds, the response it makes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import pytest

from lilya.types import Message, Receive, Scope, Send

ClientFactory = Callable[..., Any]


async def read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    messages: list[Message] = []
    body = b""
    while True:
        message = await receive()
        messages.append(message)
        body += message.get("body", b"")
        if not message.get("more_body", False):
            return body, messages


async def send_json(send: Send, data: Any, status: int = 200) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": json.dumps(data).encode()})


async def scope_echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answer with the scope (bytes as latin-1 text) and the request body."""
    body, _ = await read_body(receive)
    data = {
        key: value.decode("latin-1") if isinstance(value, bytes) else value
        for key, value in scope.items()
        if key != "headers"
    }
    data["headers"] = [[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]]
    data["body"] = body.decode("latin-1")
    await send_json(send, data)


def test_scope_has_the_asgi_http_fields(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).get("/").json()
    assert data["type"] == "http"
    assert data["asgi"]["version"] == "3.0"
    assert data["http_version"] == "1.1"
    assert data["scheme"] == "http"
    assert data["client"] == ["testclient", 50000]
    assert data["server"] == ["testserver", 80]
    assert data["extensions"] == {"http.response.debug": {}}
    assert data["state"] == {}


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_scope_method_is_the_request_method(
    test_client_factory: ClientFactory, method: str
) -> None:
    response = test_client_factory(scope_echo).request(method, "/")
    assert response.json()["method"] == method


def test_head_request_reaches_the_app_as_head(test_client_factory: ClientFactory) -> None:
    response = test_client_factory(scope_echo).head("/")
    assert response.status_code == 200
    assert response.request.method == "HEAD"


def test_path_is_percent_decoded_and_raw_path_kept(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).get("/caf%C3%A9/a%20b").json()
    assert data["path"] == "/café/a b"
    assert data["raw_path"] == "/caf%C3%A9/a%20b"


def test_undecodable_path_bytes_are_replaced_not_raised(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).get("/bad/%ff%fe").json()
    assert data["path"] == "/bad/\ufffd\ufffd"
    assert data["raw_path"].lower() == "/bad/%ff%fe"


def test_query_string_is_raw_bytes(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).get("/", params={"q": "a b", "n": "1"}).json()
    assert data["query_string"] == "q=a+b&n=1"
    assert data["path"] == "/"


def test_headers_are_lowercase_and_include_host(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).get("/", headers={"X-Custom": "Yes"}).json()
    headers = dict(data["headers"])
    assert headers["host"] == "testserver"
    assert headers["x-custom"] == "Yes"
    assert headers["user-agent"] == "testclient"


def test_repeated_headers_reach_the_app_in_order(test_client_factory: ClientFactory) -> None:
    headers = [("x-many", "1"), ("X-Many", "2")]
    data = test_client_factory(scope_echo).get("/", headers=headers).json()
    assert [v for k, v in data["headers"] if k == "x-many"] == ["1", "2"]


def test_base_url_sets_scheme_server_and_host(test_client_factory: ClientFactory) -> None:
    client = test_client_factory(scope_echo, base_url="https://example.org:8443")
    data = client.get("/x").json()
    assert data["scheme"] == "https"
    assert data["server"] == ["example.org", 8443]
    assert dict(data["headers"])["host"] == "example.org:8443"


def test_https_default_port_is_443(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo, base_url="https://example.org").get("/").json()
    assert data["server"] == ["example.org", 443]


def test_root_path_is_passed_beside_the_path(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo, root_path="/api").get("/users").json()
    assert data["root_path"] == "/api"
    assert data["path"] == "/users"


def test_body_arrives_in_one_message(test_client_factory: ClientFactory) -> None:
    seen: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        _, messages = await read_body(receive)
        seen.extend(messages)
        await send_json(send, None)

    test_client_factory(app).post("/", content=b"hello")
    assert seen == [{"type": "http.request", "body": b"hello", "more_body": False}]


def test_json_body_is_sent(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).post("/", json={"a": [1, 2]}).json()
    assert json.loads(data["body"]) == {"a": [1, 2]}
    assert dict(data["headers"])["content-type"] == "application/json"


def test_form_body_is_urlencoded(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).post("/", data={"a": "1 2"}).json()
    assert data["body"] == "a=1+2"


def test_multipart_files_are_streamed_in_chunks(test_client_factory: ClientFactory) -> None:
    data = test_client_factory(scope_echo).post("/", files={"f": ("a.txt", b"content")}).json()
    assert 'filename="a.txt"' in data["body"]
    assert "content" in data["body"]


def test_streaming_body_arrives_chunk_by_chunk(test_client_factory: ClientFactory) -> None:
    seen: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        _, messages = await read_body(receive)
        seen.extend(messages)
        await send_json(send, None)

    def chunks() -> Iterator[bytes]:
        yield b"one"
        yield b""
        yield b"two"

    test_client_factory(app).post("/", content=chunks())
    assert [(m["body"], m["more_body"]) for m in seen] == [
        (b"one", True),
        (b"two", True),
        (b"", False),
    ]


def test_receive_after_the_body_waits_for_the_response_then_disconnects(
    test_client_factory: ClientFactory,
) -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await read_body(receive)

        async def listen() -> None:
            message = await receive()
            events.append(message["type"])

        async with anyio.create_task_group() as tg:
            tg.start_soon(listen)
            await anyio.lowlevel.checkpoint()
            events.append("sending")
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})
        events.append(str(await receive()))

    assert test_client_factory(app).get("/").status_code == 204
    assert events == ["sending", "http.disconnect", "{'type': 'http.disconnect'}"]


def test_streamed_response_is_buffered(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"x-a", b"1")]})
        for part in (b"ab", b"cd"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    response = test_client_factory(app).get("/")
    assert response.content == b"abcd"
    assert response.headers["x-a"] == "1"


def test_response_headers_keep_repeats(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"set-thing", b"1"), (b"set-thing", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    response = test_client_factory(app).get("/")
    assert response.headers.get_list("set-thing") == ["1", "2"]


def test_gzip_response_is_decoded_by_httpx(test_client_factory: ClientFactory) -> None:
    import gzip

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-encoding", b"gzip")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": gzip.compress(b"hello")})

    assert test_client_factory(app).get("/").text == "hello"


def test_app_exception_propagates_by_default(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        test_client_factory(app).get("/")


def test_app_exception_becomes_500_when_not_raised(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise ValueError("boom")

    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert response.status_code == 500
    assert response.content == b""


def test_response_sent_before_an_exception_is_kept_when_not_raised(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 503, "headers": []})
        await send({"type": "http.response.body", "body": b"down"})
        raise ValueError("after the response")

    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert response.status_code == 503
    assert response.text == "down"


def test_exception_after_the_response_still_propagates_by_default(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        raise ValueError("after the response")

    with pytest.raises(ValueError, match="after the response"):
        test_client_factory(app).get("/")


def test_unfinished_body_is_dropped_when_not_raised(test_client_factory: ClientFactory) -> None:
    """Lilya 0.7.5: the app failed mid-body, so the status and headers come with no body."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1")]})
        await send({"type": "http.response.body", "body": b"par", "more_body": True})
        raise ValueError("mid-body")

    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.headers["x-a"], response.content) == (201, "1", b"")


def test_app_returning_without_a_response_is_an_error(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        return None

    with pytest.raises(RuntimeError, match="without sending a response"):
        test_client_factory(app).get("/")


def test_app_returning_without_a_response_is_a_500_when_not_raised(
    test_client_factory: ClientFactory,
) -> None:
    """As in Lilya 0.7.5."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        return None

    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.content) == (500, b"")


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        ([{"type": "http.response.body", "body": b""}], "before http.response.start"),
        (
            [
                {"type": "http.response.start", "status": 200},
                {"type": "http.response.start", "status": 200},
            ],
            "sent twice",
        ),
        (
            [
                {"type": "http.response.start", "status": 200},
                {"type": "http.response.body", "body": b""},
                {"type": "http.response.body", "body": b""},
            ],
            "after the response completed",
        ),
        ([{"type": "http.response.trailers"}], "Unexpected ASGI message"),
    ],
)
def test_protocol_misuse_is_reported(
    test_client_factory: ClientFactory, messages: list[Message], error: str
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        for message in messages:
            await send(message)

    with pytest.raises(RuntimeError, match=error):
        test_client_factory(app).get("/")


def test_debug_message_exposes_template_and_context(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert "http.response.debug" in scope["extensions"]
        info = {"template": "index.html", "context": {"name": "x"}}
        await send({"type": "http.response.debug", "info": info})
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"<p>x</p>"})

    response = test_client_factory(app).get("/")
    assert response.template == "index.html"
    assert response.context == {"name": "x"}


def test_responses_without_debug_have_no_template(test_client_factory: ClientFactory) -> None:
    response = test_client_factory(scope_echo).get("/")
    assert not hasattr(response, "template")


def test_host_header_is_added_when_the_request_has_none() -> None:
    import httpx

    from lilya.testclient._transport import TestClientTransport

    request = httpx.Request("GET", "http://example.org:8080/")
    del request.headers["host"]
    transport = TestClientTransport(scope_echo, portal_factory=None)  # type: ignore[arg-type]
    scope = transport.build_scope(request)
    assert scope["headers"][0] == (b"host", b"example.org:8080")


def test_server_push_messages_are_accepted_and_ignored(test_client_factory: ClientFactory) -> None:
    """Lilya 0.7.5's test client accepts http.response.push (a server may ignore it)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.push", "path": "/style.css", "headers": []})
        await send({"type": "http.response.body", "body": b"pushed"})

    assert test_client_factory(app).get("/").text == "pushed"


def test_request_is_disconnected_after_the_response_is_complete(
    test_client_factory: ClientFactory,
) -> None:
    """Lilya 0.7.5: a background task sees request.is_disconnected() become True."""
    from lilya.background import Task
    from lilya.requests import Request
    from lilya.responses import PlainText

    seen: list[bool] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        await request.body()
        seen.append(await request.is_disconnected())

        async def later() -> None:
            seen.append(await request.is_disconnected())

        await PlainText("x", background=Task(later))(scope, receive, send)

    assert test_client_factory(app).get("/").text == "x"
    assert seen == [False, True]
