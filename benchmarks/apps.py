"""The same applications built three ways: bare ASGI, lilya and Starlette.

Handlers are async so no framework pays for a worker thread, except at `/sync-plaintext`: a
plain `def` handler, which lilya and Starlette run in a worker thread (the bare callable makes
the same trip through `anyio.to_thread.run_sync`), and `/loop-plaintext`: the same handler that
lilya runs on the event loop (`sync_to_thread=False`; Starlette has no such option). Each
contender answers every scenario with the same status and body, so the comparison measures
the toolkit and nothing else. The bare callable is the floor: a hand-written dispatch doing
only the work the scenario needs (parsing a query string, a JSON body, a form) with the
standard library.

Apps come in variants (`main`, `thousand`, `middleware`, `cors`, `gzip`, `static`, `session`,
`typed`) because some scenarios need a differently built application (1000 routes, five
middleware...). `typed` is a handler declaring three typed query values and a dataclass body
(lilya.params, validated by msgspec), next to the bare callable and Starlette converting and
checking the same by hand.
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import io
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROUTE_COUNT = 100
BIG_ROUTE_COUNT = 1000
MIDDLEWARE_COUNT = 5
PLAINTEXT = b"Hello, world!"
LARGE_TEXT = (b"All work and no play makes Jack a dull boy. " * 240)[:10240]
JSON_BODY = {"message": "Hello, world!"}
ALLOWED_ORIGIN = "https://example.com"
SESSION_SECRET = "benchmark-session-secret"
STATIC_DIRECTORY = Path(__file__).with_name("static")
STATIC_FILE = "page.txt"  # 2 KB of text
STREAM_CHUNKS = [b"x" * 100] * 10
LINKED_ROUTE = f"route{ROUTE_COUNT - 1}"  # the link scenario reverses the last route's name

Scope = dict[str, Any]
ASGIApp = Callable[..., Any]
Builder = Callable[[str], ASGIApp]


@dataclasses.dataclass
class NewItem:
    """The typed scenario's request body."""

    name: str
    price: float
    tags: list[str]


def item_by_hand(data: Any) -> NewItem:
    """What a handler without validation does to trust a JSON body (ValueError if it is not)."""
    if not isinstance(data, dict):
        raise ValueError("an object is required")
    name, price, tags = data.get("name"), data.get("price"), data.get("tags")
    if not isinstance(name, str) or not isinstance(price, (int, float)):
        raise ValueError("name and price are required")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError("tags must be strings")
    return NewItem(name=name, price=float(price), tags=tags)


def typed_summary(limit: int, offset: int, active: bool, item: NewItem) -> dict[str, Any]:
    return {
        "limit": limit,
        "offset": offset,
        "active": active,
        "name": item.name,
        "tags": len(item.tags),
    }


def _flag(value: str) -> bool:
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise ValueError(value)


async def _bare_typed(scope: Scope, receive: Any, send: Any) -> None:
    params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
    item = item_by_hand(json.loads(await _read_body(receive)))
    summary = typed_summary(
        int(params["limit"]), int(params["offset"]), _flag(params["active"]), item
    )
    await _answer(send, json.dumps(summary, separators=(",", ":")).encode(), _JSON)


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


async def _bare_stream(send: Any) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", _TEXT)]}
    )
    for chunk in STREAM_CHUNKS:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _bare_redirect(send: Any) -> None:
    headers = [(b"location", b"/plaintext"), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 307, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def _bare_static(scope: Scope, receive: Any, send: Any) -> None:
    """One trip to a worker thread for the file, as a hand-written async app would make."""
    import anyio.to_thread

    name = scope["path"].removeprefix("/static/")
    if name != STATIC_FILE:
        await _answer(send, b"Not Found", _TEXT, status=404)
        return
    body = await anyio.to_thread.run_sync((STATIC_DIRECTORY / name).read_bytes)
    await _answer(send, body, _TEXT)


async def _bare_session(scope: Scope, receive: Any, send: Any) -> None:
    """Read the signed session cookie, count the visit, send the cookie back signed."""
    import itsdangerous

    signer = itsdangerous.TimestampSigner(SESSION_SECRET)
    session: dict[str, Any] = {}
    for chunk in _header(scope, b"cookie").decode("latin-1").split(";"):
        name, _, value = chunk.strip().partition("=")
        if name == "session":
            try:
                session = json.loads(base64.b64decode(signer.unsign(value, max_age=3600)))
            except (itsdangerous.BadData, ValueError):
                session = {}
    session["visits"] = session.get("visits", 0) + 1
    cookie = signer.sign(base64.b64encode(json.dumps(session).encode())).decode()
    body = json.dumps(session).encode()
    headers = [
        (b"content-type", _JSON),
        (b"content-length", str(len(body)).encode()),
        (b"set-cookie", f"session={cookie}; path=/; Max-Age=3600; httponly; samesite=lax".encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def bare_app(scope: Scope, receive: Any, send: Any) -> None:
    """Answers every scenario with a hand-written dispatch on the path."""
    if scope["type"] == "websocket":
        await _bare_websocket(scope, receive, send)
        return
    path: str = scope["path"]
    if path == "/sync-plaintext":
        await _bare_sync_plaintext(send)
    elif path == "/loop-plaintext":  # a `def` handler called on the event loop
        body = _plaintext_body()
        await send({"type": "http.response.start", "status": 200, "headers": _PLAINTEXT_HEADERS})
        await send({"type": "http.response.body", "body": body})
    elif path == "/plaintext":
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
    elif path == "/controller":
        await _answer(send, PLAINTEXT, _TEXT)
    elif path == "/redirect":
        await _bare_redirect(send)
    elif path == "/stream":
        await _bare_stream(send)
    elif path == "/models":
        models = _bare_models()
        await _answer(send, json.dumps([m.model_dump(mode="json") for m in models]).encode(), _JSON)
    elif path == "/link":
        host = _header(scope, b"host").decode("latin-1")
        url = f"{scope['scheme']}://{host}/route{ROUTE_COUNT - 1}/items"
        await _answer(send, url.encode(), _TEXT)
    else:
        await _answer(send, b"Not Found", _TEXT, status=404)


def _plaintext_body() -> bytes:
    return PLAINTEXT


async def _bare_sync_plaintext(send: Any) -> None:
    """The body comes from a worker thread, as a plain `def` handler's would."""
    import anyio.to_thread

    body = await anyio.to_thread.run_sync(_plaintext_body)
    await send({"type": "http.response.start", "status": 200, "headers": _PLAINTEXT_HEADERS})
    await send({"type": "http.response.body", "body": body})


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


_MODELS: list[Any] = []


def _bare_models() -> list[Any]:
    if not _MODELS:
        _MODELS.extend(pydantic_items())
    return _MODELS


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
    if variant == "static":
        return _bare_static
    if variant == "session":
        return _bare_session
    if variant == "typed":
        return _bare_typed
    return bare_app


def pydantic_items() -> list[Any]:
    """Twenty pydantic models, as an API returns them (pydantic imported only when asked)."""
    import pydantic

    class Item(pydantic.BaseModel):
        id: int
        name: str
        tags: list[str]

    return [Item(id=i, name=f"item-{i}", tags=["a", "b"]) for i in range(20)]


async def _chunks() -> AsyncIterator[bytes]:
    for chunk in STREAM_CHUNKS:
        yield chunk


# -- lilya ----------------------------------------------------------------------------------


def build_lilya(variant: str) -> ASGIApp:
    from lilya.apps import Lilya
    from lilya.controllers import Controller
    from lilya.middleware import DefineMiddleware
    from lilya.middleware.compression import GZipMiddleware
    from lilya.middleware.cors import CORSMiddleware
    from lilya.middleware.sessions import SessionMiddleware
    from lilya.requests import Request
    from lilya.responses import JSONResponse, PlainText, RedirectResponse, StreamingResponse
    from lilya.routing import Include, Path, WebSocketPath
    from lilya.staticfiles import StaticFiles
    from lilya.websockets import WebSocket

    async def plaintext() -> PlainText:
        return PlainText(PLAINTEXT)

    def sync_plaintext() -> PlainText:
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
            "params": len(params.get_multi_items()),
        }
        return JSONResponse(summary)

    async def echo_json(request: Request) -> JSONResponse:
        return JSONResponse({"count": len(await request.json())})

    async def form(request: Request) -> JSONResponse:
        return JSONResponse({"fields": len((await request.form()).get_multi_items())})

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

    class Greeting(Controller):
        async def get(self) -> PlainText:
            return PlainText(PLAINTEXT)

    async def redirect() -> RedirectResponse:
        return RedirectResponse("/plaintext")

    async def stream() -> StreamingResponse:
        return StreamingResponse(_chunks(), media_type="text/plain")

    async def visit(request: Request) -> JSONResponse:
        request.session["visits"] = request.session.get("visits", 0) + 1
        return JSONResponse(request.session)

    async def link(request: Request) -> PlainText:
        return PlainText(str(request.url_for(LINKED_ROUTE)))

    items = pydantic_items()

    async def models() -> JSONResponse:
        return JSONResponse(items)  # lilya encodes pydantic models itself

    if variant == "gzip":
        return Lilya(
            routes=[Path("/large", large)],
            middleware=[DefineMiddleware(GZipMiddleware, minimum_size=500)],
        )
    if variant == "static":
        return Lilya(routes=[Include("/static", app=StaticFiles(directory=STATIC_DIRECTORY))])
    if variant == "typed":
        return _lilya_typed()
    if variant == "session":
        return Lilya(
            routes=[Path("/session", visit)],
            middleware=[
                DefineMiddleware(SessionMiddleware, secret_key=SESSION_SECRET, max_age=3600)
            ],
        )
    count = BIG_ROUTE_COUNT if variant == "thousand" else ROUTE_COUNT
    routes: list[Any] = [
        Path("/plaintext", plaintext),
        Path("/sync-plaintext", sync_plaintext),
        Path("/loop-plaintext", sync_plaintext, sync_to_thread=False),
        Path("/json", as_json),
        Path("/users/{user_id:int}", user),
        Path("/injected/{user_id:int}", user_injected),
        Include("/api", routes=[Include("/v1", routes=[Path("/plaintext", plaintext)])]),
        Path("/query", query),
        Path("/echo-json", echo_json, methods=["POST"]),
        Path("/form", form, methods=["POST"]),
        Path("/upload", upload, methods=["POST"]),
        WebSocketPath("/ws", echo),
        Path("/controller", Greeting),
        Path("/redirect", redirect),
        Path("/stream", stream),
        Path("/link", link),
        Path("/models", models),
    ]
    routes += [Path(f"/route{i}/items", plaintext, name=f"route{i}") for i in range(count)]
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


def _lilya_typed() -> ASGIApp:
    from lilya.apps import Lilya
    from lilya.params import Query
    from lilya.routing import Path

    async def typed(
        item: NewItem, limit: int = Query(), offset: int = Query(0), active: bool = Query(False)
    ) -> dict[str, Any]:
        return typed_summary(limit, offset, active, item)

    return Lilya(routes=[Path("/typed", typed, methods=["POST"])])


# -- Starlette -------------------------------------------------------------------------------


def build_starlette(variant: str) -> ASGIApp:
    from starlette.applications import Starlette
    from starlette.endpoints import HTTPEndpoint
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.responses import (
        JSONResponse,
        PlainTextResponse,
        RedirectResponse,
        StreamingResponse,
    )
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    async def plaintext(request: Any) -> Any:
        return PlainTextResponse(PLAINTEXT)

    def sync_plaintext(request: Any) -> Any:
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

    class Greeting(HTTPEndpoint):
        async def get(self, request: Any) -> Any:
            return PlainTextResponse(PLAINTEXT)

    async def redirect(request: Any) -> Any:
        return RedirectResponse("/plaintext")

    async def stream(request: Any) -> Any:
        return StreamingResponse(_chunks(), media_type="text/plain")

    async def visit(request: Any) -> Any:
        request.session["visits"] = request.session.get("visits", 0) + 1
        return JSONResponse(request.session)

    async def link(request: Any) -> Any:
        return PlainTextResponse(str(request.url_for(LINKED_ROUTE)))

    items = pydantic_items()

    async def models(request: Any) -> Any:
        return JSONResponse([item.model_dump(mode="json") for item in items])

    if variant == "gzip":
        return Starlette(
            routes=[Route("/large", large)],
            middleware=[Middleware(GZipMiddleware, minimum_size=500)],
        )
    if variant == "static":
        return Starlette(routes=[Mount("/static", app=StaticFiles(directory=STATIC_DIRECTORY))])
    if variant == "typed":

        async def typed(request: Any) -> Any:
            params = request.query_params
            try:
                limit = int(params["limit"])
                offset = int(params.get("offset", 0))
                active = _flag(params.get("active", "false"))
                item = item_by_hand(await request.json())
            except (KeyError, ValueError) as exc:
                return JSONResponse({"detail": str(exc)}, status_code=422)
            return JSONResponse(typed_summary(limit, offset, active, item))

        return Starlette(routes=[Route("/typed", typed, methods=["POST"])])
    if variant == "session":
        return Starlette(
            routes=[Route("/session", visit)],
            middleware=[Middleware(SessionMiddleware, secret_key=SESSION_SECRET, max_age=3600)],
        )
    count = BIG_ROUTE_COUNT if variant == "thousand" else ROUTE_COUNT
    routes: list[Any] = [
        Route("/plaintext", plaintext),
        Route("/sync-plaintext", sync_plaintext),
        Route("/json", as_json),
        Route("/users/{user_id:int}", user),
        Route("/injected/{user_id:int}", user),
        Mount("/api", routes=[Mount("/v1", routes=[Route("/plaintext", plaintext)])]),
        Route("/query", query),
        Route("/echo-json", echo_json, methods=["POST"]),
        Route("/form", form, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        WebSocketRoute("/ws", echo),
        Route("/controller", Greeting),
        Route("/redirect", redirect),
        Route("/stream", stream),
        Route("/link", link),
        Route("/models", models),
    ]
    routes += [Route(f"/route{i}/items", plaintext, name=f"route{i}") for i in range(count)]
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
