"""The same small application built three ways: bare ASGI, lilya and Starlette.

Every handler is async so no framework pays for a worker thread; each answers with the same
status, headers and body, so the comparison measures the toolkit and nothing else.
"""

from __future__ import annotations

import json
from typing import Any

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText
from lilya.routing import Path

ROUTE_COUNT = 100
PLAINTEXT = b"Hello, world!"
JSON_BODY = {"message": "Hello, world!"}

Scope = dict[str, Any]


# -- bare ASGI: the floor -------------------------------------------------------------------

_TEXT_HEADERS = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"13")]


async def _send_bytes(send: Any, body: bytes, content_type: bytes, status: int = 200) -> None:
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


async def bare_app(scope: Scope, receive: Any, send: Any) -> None:
    """Answers every scenario with a hand-written dispatch on the path."""
    path: str = scope["path"]
    if path == "/plaintext":
        await send({"type": "http.response.start", "status": 200, "headers": _TEXT_HEADERS})
        await send({"type": "http.response.body", "body": PLAINTEXT})
    elif path == "/json":
        await _send_bytes(send, json.dumps(JSON_BODY).encode(), b"application/json")
    elif path.startswith(("/users/", "/injected/")):
        user_id = int(path.rsplit("/", 1)[1])
        await _send_bytes(send, json.dumps({"id": user_id}).encode(), b"application/json")
    elif path.startswith("/route"):
        await _send_bytes(send, PLAINTEXT, b"text/plain; charset=utf-8")
    else:
        await _send_bytes(send, b"Not Found", b"text/plain; charset=utf-8", status=404)


# -- lilya ----------------------------------------------------------------------------------


async def lilya_plaintext() -> PlainText:
    return PlainText(PLAINTEXT)


async def lilya_json() -> JSONResponse:
    return JSONResponse(JSON_BODY)


async def lilya_user(request: Request) -> JSONResponse:
    return JSONResponse({"id": request.path_params["user_id"]})


async def lilya_user_injected(user_id: int) -> JSONResponse:
    return JSONResponse({"id": user_id})


def build_lilya() -> Lilya:
    routes = [
        Path("/plaintext", lilya_plaintext),
        Path("/json", lilya_json),
        Path("/users/{user_id:int}", lilya_user),
        Path("/injected/{user_id:int}", lilya_user_injected),
    ]
    routes += [Path(f"/route{i}/items", lilya_plaintext) for i in range(ROUTE_COUNT)]
    return Lilya(routes=routes)


# -- Starlette -------------------------------------------------------------------------------


def build_starlette() -> Any:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse as SJSONResponse
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def plaintext(request: Any) -> Any:
        return PlainTextResponse(PLAINTEXT)

    async def as_json(request: Any) -> Any:
        return SJSONResponse(JSON_BODY)

    async def user(request: Any) -> Any:
        return SJSONResponse({"id": request.path_params["user_id"]})

    routes = [
        Route("/plaintext", plaintext),
        Route("/json", as_json),
        Route("/users/{user_id:int}", user),
        Route("/injected/{user_id:int}", user),
    ]
    routes += [Route(f"/route{i}/items", plaintext) for i in range(ROUTE_COUNT)]
    return Starlette(routes=routes)
