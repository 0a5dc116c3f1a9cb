from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

import anyio
import pytest

from lilya.apps import Lilya
from lilya.exceptions import ImproperlyConfigured
from lilya.middleware.wsgi import WSGIMiddleware
from lilya.responses import PlainText
from lilya.routing import Include, Path
from lilya.testclient import WebSocketDisconnect

StartResponse = Callable[..., Any]


def hello_wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """A small WSGI app echoing what it was given, as a Flask view would see it."""
    body = environ["wsgi.input"].read()
    text = (
        f"{environ['REQUEST_METHOD']} {environ['SCRIPT_NAME']}|{environ['PATH_INFO']}"
        f"?{environ['QUERY_STRING']} body={body.decode()}"
    )
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Wsgi", "yes")])
    return [text.encode()]


def failing_wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    raise RuntimeError("wsgi app crashed")


def test_mounted_wsgi_app_gets_method_path_query_and_body(test_client_factory: Any) -> None:
    async def home() -> PlainText:
        return PlainText("asgi home")

    app = Lilya(routes=[Path("/", home), Include("/legacy", app=WSGIMiddleware(hello_wsgi))])
    client = test_client_factory(app)
    response = client.post("/legacy/items?page=2", content=b"payload")
    assert response.status_code == 200
    assert response.headers["x-wsgi"] == "yes"
    assert response.text == "POST /legacy|/items?page=2 body=payload"
    assert client.get("/").text == "asgi home"


def test_app_given_as_a_string(test_client_factory: Any) -> None:
    middleware = WSGIMiddleware("tests.middleware.test_wsgi:hello_wsgi")
    assert test_client_factory(middleware).get("/x").text == "GET |/x? body="


def test_bad_string_or_object_is_a_clear_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="no attribute"):
        WSGIMiddleware("tests.middleware.test_wsgi:nothing_here")
    with pytest.raises(TypeError, match="WSGI callable"):
        WSGIMiddleware(42)


def test_wsgi_crash_is_a_500_not_a_hang(test_client_factory: Any) -> None:
    client = test_client_factory(WSGIMiddleware(failing_wsgi), raise_server_exceptions=False)
    assert client.get("/").status_code == 500


def test_environ_headers_server_and_client(test_client_factory: Any) -> None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return []

    client = test_client_factory(WSGIMiddleware(app))
    response = client.post(
        "http://example.org:8080/caf%C3%A9",
        content=b"{}",
        headers=[
            ("content-type", "application/json"),
            ("x-multi", "a"),
            ("x-multi", "b"),
            ("x_multi", "smuggled"),
        ],
    )
    assert response.status_code == 204
    assert seen["CONTENT_TYPE"] == "application/json"
    assert seen["CONTENT_LENGTH"] == "2"
    assert seen["HTTP_X_MULTI"] == "a,b"
    assert seen["PATH_INFO"] == "/café".encode().decode("latin-1")
    assert seen["wsgi.url_scheme"] == "http"
    assert (seen["SERVER_NAME"], seen["SERVER_PORT"]) == ("example.org", "8080")
    assert seen["SERVER_PROTOCOL"] == "HTTP/1.1"
    assert seen["REMOTE_ADDR"] == "testclient"


def test_request_body_streams_to_readline_read_and_iteration(test_client_factory: Any) -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        stream = environ["wsgi.input"]
        first = stream.readline()
        limited = stream.readline(3)
        two = stream.read(2)
        rest_lines = stream.readlines()
        start_response("200 OK", [])
        return [repr((first, limited, two, rest_lines, stream.read(), list(stream))).encode()]

    def chunks() -> Iterable[bytes]:
        yield b"line one\nabc"
        yield b"defgh\nthird "
        yield b"line\nlast"

    client = test_client_factory(WSGIMiddleware(app))
    assert client.post("/", content=chunks()).text == repr(
        (b"line one\n", b"abc", b"de", [b"fgh\n", b"third line\n", b"last"], b"", [])
    )


def test_readlines_hint_and_iteration(test_client_factory: Any) -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        stream = environ["wsgi.input"]
        hinted = stream.readlines(2)
        rest = list(stream)
        start_response("200 OK", [])
        return [repr((hinted, rest, stream.read(5))).encode()]

    client = test_client_factory(WSGIMiddleware(app))
    assert client.post("/", content=b"a\nb\nc").text == repr(([b"a\n"], [b"b\n", b"c"], b""))


def test_response_streams_from_a_generator_and_write(test_client_factory: Any) -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> Any:
            yield b"one,"
            yield b""
            yield b"two"

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        write = start_response("200 OK", [("X-Kind", "stream")])
        write(b"written,")
        return Body()

    response = test_client_factory(WSGIMiddleware(app)).get("/")
    assert response.text == "written,one,two"
    assert response.headers["x-kind"] == "stream"
    assert closed == [True]


def test_missing_start_response_is_a_500(test_client_factory: Any) -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        return [b"no status"]

    client = test_client_factory(WSGIMiddleware(app), raise_server_exceptions=False)
    assert client.get("/").status_code == 500


def test_exc_info_after_start_reraises(test_client_factory: Any) -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        write = start_response("200 OK", [])
        write(b"partial")
        try:
            raise ValueError("late failure")
        except ValueError:
            start_response("500 Internal Server Error", [], sys.exc_info())
        return []

    with pytest.raises(ValueError, match="late failure"):
        test_client_factory(WSGIMiddleware(app)).get("/")


def test_exc_info_before_start_replaces_the_status(test_client_factory: Any) -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        start_response("200 OK", [])
        try:
            raise ValueError("early failure")
        except ValueError:
            start_response("503 Service Unavailable", [], sys.exc_info())
        return [b"sorry"]

    response = test_client_factory(WSGIMiddleware(app)).get("/")
    assert (response.status_code, response.text) == (503, "sorry")


def test_lifespan_acknowledged_and_websocket_closed(test_client_factory: Any) -> None:
    client = test_client_factory(WSGIMiddleware(hello_wsgi))
    with client:
        assert client.get("/").status_code == 200
        with pytest.raises(WebSocketDisconnect):  # noqa: SIM117
            with client.websocket_connect("/ws"):
                pass


async def drive(middleware: WSGIMiddleware, scope: dict[str, Any], messages: list[Any]) -> Any:
    """Run one exchange with scripted receive messages; return the sent messages."""
    sent: list[Any] = []
    pending = iter(messages)

    async def receive() -> Any:
        return next(pending)

    async def send(message: Any) -> None:
        sent.append(message)

    await middleware(scope, receive, send)
    return sent


def test_client_disconnect_ends_the_input(anyio_backend: str) -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        data = environ["wsgi.input"].read()
        start_response("200 OK", [])
        return [data]

    scope = {"type": "http", "method": "POST", "path": "/", "server": ("h", None)}
    messages = [
        {"type": "http.request", "body": b"part", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent = anyio.run(drive, WSGIMiddleware(app), scope, messages, backend=anyio_backend)
    assert sent[1]["body"] == b"part"


def test_other_scope_types_and_lifespan_messages_are_ignored(anyio_backend: str) -> None:
    middleware = WSGIMiddleware(hello_wsgi)
    assert anyio.run(drive, middleware, {"type": "custom"}, [], backend=anyio_backend) == []
    lifespan = [
        {"type": "lifespan.unknown"},
        {"type": "lifespan.startup"},
        {"type": "lifespan.shutdown"},
    ]
    sent = anyio.run(drive, middleware, {"type": "lifespan"}, lifespan, backend=anyio_backend)
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


def test_one_limiter_per_event_loop(test_client_factory: Any, anyio_backend: str) -> None:
    middleware = WSGIMiddleware(hello_wsgi, workers=1)
    with test_client_factory(middleware) as client:
        assert client.get("/").status_code == 200
        first = middleware._limiter
        assert client.get("/").status_code == 200
        assert middleware._limiter is first

    async def one_request() -> int:
        statuses: list[int] = []
        messages = iter([{"type": "http.request", "body": b"x", "more_body": False}])

        async def receive() -> Any:
            return next(messages)

        async def send(message: Any) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
        await middleware(scope, receive, send)
        return statuses[0]

    assert anyio.run(one_request, backend=anyio_backend) == 200
    assert anyio.run(one_request, backend=anyio_backend) == 200
    assert middleware._limiter is not first


def test_full_path_with_root_path_is_split(anyio_backend: str) -> None:
    """Servers started with --root-path put the prefix in both root_path and path."""
    scope = {"type": "http", "method": "GET", "path": "/app/x", "root_path": "/app"}
    messages = [{"type": "http.request", "body": b"", "more_body": False}]
    sent = anyio.run(drive, WSGIMiddleware(hello_wsgi), scope, messages, backend=anyio_backend)
    assert sent[1]["body"] == b"GET /app|/x? body="


def test_environ_carries_the_asgi_scope(test_client_factory: Any) -> None:
    """As with the a2wsgi middleware of Lilya 0.7.5, environ["asgi.scope"] is the scope."""

    def scope_wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        scope = environ["asgi.scope"]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"{scope['type']} {scope['root_path']}".encode()]

    app = Lilya(routes=[Include("/legacy", app=WSGIMiddleware(scope_wsgi))])
    assert test_client_factory(app).get("/legacy/x").text == "http /legacy"
