from __future__ import annotations

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


async def inspect(request: Request) -> dict[str, object]:
    return {
        "method": request.method,
        "path": request.url.path,
        "page": request.query_params.get("page", "1"),
        "tags": request.query_params.getall("tag"),
        "agent": request.headers.get("user-agent"),
        "theme": request.cookies.get("theme"),
    }


async def echo_json(request: Request) -> dict[str, object]:
    # An invalid JSON body is a 400 Bad Request, never a 500.
    return {"received": await request.json()}


async def signup(request: Request) -> dict[str, object]:
    form = await request.form()
    return {"email": form["email"]}


async def upload(request: Request) -> dict[str, object]:
    async with request.form() as form:
        document = form["document"]
        content = await document.read()
        return {"filename": document.filename, "size": len(content)}


app = Lilya(
    routes=[
        Path("/inspect", inspect),
        Path("/echo", echo_json, methods=["POST"]),
        Path("/signup", signup, methods=["POST"]),
        Path("/upload", upload, methods=["POST"]),
    ]
)
