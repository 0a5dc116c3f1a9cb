"""The same applications built three ways: bare ASGI, lilya and Starlette.

Every handler is async so no framework pays for a worker thread, and each contender answers
every scenario with the same status and body, so the comparison measures the toolkit and
nothing else. The bare callable is the floor: a hand-written dispatch doing only the work the
scenario needs (parsing a query string, a JSON body, a form) with the standard library.

Apps come in variants (`main`, `thousand`, `middleware`, `cors`, `gzip`) because some
scenarios need a differently built application (1000 routes, five middleware...).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

ROUTE_COUNT = 100
BIG_ROUTE_COUNT = 1000
MIDDLEWARE_COUNT = 5
PLAINTEXT = b"Hello, world!"
LARGE_TEXT = (b"All work and no play makes Jack a dull boy. " * 240)[:10240]
JSON_BODY = {"message": "Hello, world!"}
ALLOWED_ORIGIN = "https://example.com"

Scope = dict[str, Any]
ASGIApp = Callable[..., Any]
Builder = Callable[[str], ASGIApp]


class PassThrough:
    """A pure ASGI middleware doing nothing: the cost of one layer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


# -- bare ASGI: the floor -------------------------------------------------------------------

_TEXT = b"text/plain; charset=utf-8"
_JSON = b"application/json"
# A hand-written app knows its plaintext headers in advance.
_PLAINTEXT_HEADERS = [(b"content-type", _TEXT), (b"content-length", b"13")]


async def _answer(send: Any, body: bytes, content_type: bytes, status: int = 200) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


async def _bare_multipart(scope: Scope, receive: Any, send: Any) -> None:
    from python_multipart import parse_form

    body = await _read_body(receive)
    sizes: dict[str, int] = {}
    headers = {"Content-Type": _header(scope, b"content-type")}
    parse_form(
        headers,
        io.BytesIO(body),
        lambda field: sizes.__setitem__(field.field_name.decode(), len(field.value or b"")),
        lambda file: sizes.__setitem__(file.field_name.decode(), file.size),
    )
    await _answer(send, json.dumps(sizes).encode(), _JSON)


async def _bare_websocket(scope: Scope, receive: Any, send: Any) -> None:
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        await send({"type": "websocket.send", "text": message["text"]})


async def bare_app(scope: Scope, receive: Any, send: Any) -> None:
    """Answers every scenario with a hand-written dispatch on the path."""
    if scope["type"] == "websocket":
        await _bare_websocket(scope, receive, send)
        return
    path: str = scope["path"]
    if path == "/plaintext":
        await send({"type": "http.response.start", "status": 200, "headers": _PLAINTEXT_HEADERS})
        await send({"type": "http.response.body", "body": PLAINTEXT})
    elif path == "/json":
        await _answer(send, json.dumps(JSON_BODY).encode(), _JSON)
    elif path.startswith(("/users/", "/injected/")):
        user_id = int(path.rsplit("/", 1)[1])
        await _answer(send, json.dumps({"id": user_id}).encode(), _JSON)
    elif path.startswith(("/route", "/api/v1/")):
        await _answer(send, PLAINTEXT, _TEXT)
    elif path == "/query":
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        await _answer(send, json.dumps(_query_summary(params)).encode(), _JSON)
    elif path == "/echo-json":
        data = json.loads(await _read_body(receive))
        await _answer(send, json.dumps({"count": len(data)}).encode(), _JSON)
    elif path == "/form":
        fields = parse_qsl((await _read_body(receive)).decode(), keep_blank_values=True)
        await _answer(send, json.dumps({"fields": len(fields)}).encode(), _JSON)
    elif path == "/upload":
        await _bare_multipart(scope, receive, send)
    else:
        await _answer(send, b"Not Found", _TEXT, status=404)


def _query_summary(params: list[tuple[str, str]]) -> dict[str, Any]:
    first = dict(params)
    return {"name": first.get("name"), "page": int(first.get("page", 0)), "params": len(params)}


def _bare_preflight_app(app: ASGIApp) -> ASGIApp:
    """A CORS preflight answered by hand for the one allowed origin."""
    headers = [
        (b"access-control-allow-origin", ALLOWED_ORIGIN.encode()),
        (b"access-control-allow-methods", b"GET, POST"),
        (b"access-control-allow-headers", b"x-token"),
        (b"access-control-max-age", b"600"),
        (b"vary", b"Origin"),
        (b"content-length", b"2"),
    ]

    async def preflight(scope: Scope, receive: Any, send: Any) -> None:
        if scope["method"] == "OPTIONS" and _header(scope, b"origin") == ALLOWED_ORIGIN.encode():
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b"OK"})
            return
        await app(scope, receive, send)

    return preflight


async def _bare_gzip(scope: Scope, receive: Any, send: Any) -> None:
    body = gzip.compress(LARGE_TEXT, compresslevel=9)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", _TEXT),
                (b"content-encoding", b"gzip"),
                (b"content-length", str(len(body)).encode()),
                (b"vary", b"Accept-Encoding"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def build_bare(variant: str) -> ASGIApp:
    if variant == "middleware":
        app: ASGIApp = bare_app
        for _ in range(MIDDLEWARE_COUNT):
            app = PassThrough(app)
        return app
    if variant == "cors":
        return _bare_preflight_app(bare_app)
    if variant == "gzip":
        return _bare_gzip
    return bare_app


# -- lilya ----------------------------------------------------------------------------------


def build_lilya(variant: str) -> ASGIApp:
    from lilya.apps import Lilya
    from lilya.middleware import DefineMiddleware
    from lilya.middleware.compression import GZipMiddleware
    from lilya.middleware.cors import CORSMiddleware
    from lilya.requests import Request
    from lilya.responses import JSONResponse, PlainText
    from lilya.routing import Include, Path, WebSocketPath
    from lilya.websockets import WebSocket

    async def plaintext() -> PlainText:
        return PlainText(PLAINTEXT)

    async def as_json() -> JSONResponse:
        return JSONResponse(JSON_BODY)

    async def user(request: Request) -> JSONResponse:
        return JSONResponse({"id": request.path_params["user_id"]})

    async def user_injected(user_id: int) -> JSONResponse:
        return JSONResponse({"id": user_id})

    async def query(request: Request) -> JSONResponse:
        params = request.query_params
        summary = {
            "name": params.get("name"),
            "page": int(params.get("page", 0)),
            "params": len(params.multi_items()),
        }
        return JSONResponse(summary)

    async def echo_json(request: Request) -> JSONResponse:
        return JSONResponse({"count": len(await request.json())})

    async def form(request: Request) -> JSONResponse:
        return JSONResponse({"fields": len((await request.form()).multi_items())})

    async def upload(request: Request) -> JSONResponse:
        sizes: dict[str, int] = {}
        async with request.form() as data:
            for name, value in data.multi_items():
                sizes[name] = value.size if hasattr(value, "size") else len(value.encode())
        return JSONResponse(sizes)

    async def large() -> PlainText:
        return PlainText(LARGE_TEXT)

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(text)

    if variant == "gzip":
        return Lilya(
            routes=[Path("/large", large)],
            middleware=[DefineMiddleware(GZipMiddleware, minimum_size=500)],
        )
    count = BIG_ROUTE_COUNT if variant == "thousand" else ROUTE_COUNT
    routes: list[Any] = [
        Path("/plaintext", plaintext),
        Path("/json", as_json),
        Path("/users/{user_id:int}", user),
        Path("/injected/{user_id:int}", user_injected),
        Include("/api", routes=[Include("/v1", routes=[Path("/plaintext", plaintext)])]),
        Path("/query", query),
        Path("/echo-json", echo_json, methods=["POST"]),
        Path("/form", form, methods=["POST"]),
        Path("/upload", upload, methods=["POST"]),
        WebSocketPath("/ws", echo),
    ]
    routes += [Path(f"/route{i}/items", plaintext) for i in range(count)]
    middleware: list[Any] = []
    if variant == "middleware":
        middleware = [DefineMiddleware(PassThrough) for _ in range(MIDDLEWARE_COUNT)]
    elif variant == "cors":
        middleware = [
            DefineMiddleware(
                CORSMiddleware,
                allow_origins=[ALLOWED_ORIGIN],
                allow_methods=["GET", "POST"],
                allow_headers=["x-token"],
            )
        ]
    return Lilya(routes=routes, middleware=middleware)


# -- Starlette -------------------------------------------------------------------------------


def build_starlette(variant: str) -> ASGIApp:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.responses import JSONResponse, PlainTextResponse
    from starlette.routing import Mount, Route, WebSocketRoute

    async def plaintext(request: Any) -> Any:
        return PlainTextResponse(PLAINTEXT)

    async def as_json(request: Any) -> Any:
        return JSONResponse(JSON_BODY)

    async def user(request: Any) -> Any:
        return JSONResponse({"id": request.path_params["user_id"]})

    async def query(request: Any) -> Any:
        params = request.query_params
        summary = {
            "name": params.get("name"),
            "page": int(params.get("page", 0)),
            "params": len(params.multi_items()),
        }
        return JSONResponse(summary)

    async def echo_json(request: Any) -> Any:
        return JSONResponse({"count": len(await request.json())})

    async def form(request: Any) -> Any:
        return JSONResponse({"fields": len((await request.form()).multi_items())})

    async def upload(request: Any) -> Any:
        sizes: dict[str, int] = {}
        async with request.form() as data:
            for name, value in data.multi_items():
                sizes[name] = value.size if hasattr(value, "size") else len(value.encode())
        return JSONResponse(sizes)

    async def large(request: Any) -> Any:
        return PlainTextResponse(LARGE_TEXT)

    async def echo(websocket: Any) -> None:
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(text)

    if variant == "gzip":
        return Starlette(
            routes=[Route("/large", large)],
            middleware=[Middleware(GZipMiddleware, minimum_size=500)],
        )
    count = BIG_ROUTE_COUNT if variant == "thousand" else ROUTE_COUNT
    routes: list[Any] = [
        Route("/plaintext", plaintext),
        Route("/json", as_json),
        Route("/users/{user_id:int}", user),
        Route("/injected/{user_id:int}", user),
        Mount("/api", routes=[Mount("/v1", routes=[Route("/plaintext", plaintext)])]),
        Route("/query", query),
        Route("/echo-json", echo_json, methods=["POST"]),
        Route("/form", form, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        WebSocketRoute("/ws", echo),
    ]
    routes += [Route(f"/route{i}/items", plaintext) for i in range(count)]
    middleware: list[Any] = []
    if variant == "middleware":
        middleware = [Middleware(PassThrough) for _ in range(MIDDLEWARE_COUNT)]
    elif variant == "cors":
        middleware = [
            Middleware(
                CORSMiddleware,
                allow_origins=[ALLOWED_ORIGIN],
                allow_methods=["GET", "POST"],
                allow_headers=["x-token"],
            )
        ]
    return Starlette(routes=routes, middleware=middleware)


BUILDERS: dict[str, Builder] = {
    "bare": build_bare,
    "lilya": build_lilya,
    "starlette": build_starlette,
}
