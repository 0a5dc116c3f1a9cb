"""The fast peers - Litestar, BlackSheep and Falcon (ASGI) - as their users write them.

Each answers the scenarios of the performance issue's table at the same paths, statuses and
bodies as the apps of benchmarks.apps: plaintext (`async def` and plain `def`), the 100th of
100 routes, two levels of nesting, a urlencoded form, five pass-through middleware, a query
string and a 1 KB JSON body; and `/json`, for the end-to-end run. A plain `def` handler runs
as each framework runs it by default: Litestar and BlackSheep call it on the event loop
(Litestar asks its users to say so with `sync_to_thread=False`); Falcon's ASGI app wants a
sync responder wrapped for a thread pool (`wrap_sync_to_async`). Nesting two levels deep is
Litestar's Routers; BlackSheep and Falcon apps declare that route with its whole path.

A peer that is not installed is left out (`available()`); the apps are built on first use.
"""

# No `from __future__ import annotations`: Litestar and BlackSheep read handler annotations.

import importlib.util
from typing import Any

from benchmarks.apps import JSON_BODY, MIDDLEWARE_COUNT, PLAINTEXT, ROUTE_COUNT, ASGIApp, Builder

TEXT = PLAINTEXT.decode()
VARIANTS = ("main", "middleware")
# The peers that run a plain `def` handler on the event loop by default.
ON_THE_LOOP = ("litestar", "blacksheep")


def _query_summary(name: Any, page: Any, count: int) -> dict[str, Any]:
    return {"name": name, "page": int(page or 0), "params": count}


# -- Litestar ------------------------------------------------------------------------------


def build_litestar(variant: str) -> ASGIApp:
    from litestar import Litestar, MediaType, Request, Router, get, post
    from litestar.types import ASGIApp as LitestarApp
    from litestar.types import Receive, Scope, Send

    @get("/plaintext", media_type=MediaType.TEXT)
    async def plaintext() -> str:
        return TEXT

    @get(["/sync-plaintext", "/loop-plaintext"], media_type=MediaType.TEXT, sync_to_thread=False)
    def sync_plaintext() -> str:
        return TEXT

    @get("/json")
    async def as_json() -> dict[str, Any]:
        return JSON_BODY

    @get("/query")
    async def query(request: Request[Any, Any, Any]) -> dict[str, Any]:
        params = request.query_params
        count = len(list(params.multi_items()))
        return _query_summary(params.get("name"), params.get("page"), count)

    @post("/echo-json", status_code=200)
    async def echo_json(data: list[dict[str, Any]]) -> dict[str, Any]:
        return {"count": len(data)}

    @post("/form", status_code=200)
    async def form(request: Request[Any, Any, Any]) -> dict[str, Any]:
        return {"fields": len(list((await request.form()).multi_items()))}

    routes = [
        get(f"/route{i}/items", media_type=MediaType.TEXT, name=f"route{i}")(_litestar_text)
        for i in range(ROUTE_COUNT)
    ]
    nested = Router("/api", route_handlers=[Router("/v1", route_handlers=[plaintext])])

    class PassThrough:
        def __init__(self, app: LitestarApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await self.app(scope, receive, send)

    middleware = [PassThrough] * MIDDLEWARE_COUNT if variant == "middleware" else []
    return Litestar(
        route_handlers=[
            plaintext,
            sync_plaintext,
            as_json,
            query,
            echo_json,
            form,
            nested,
            *routes,
        ],
        middleware=middleware,
    )


async def _litestar_text() -> str:
    return TEXT


# -- BlackSheep ----------------------------------------------------------------------------


def build_blacksheep(variant: str) -> ASGIApp:
    from blacksheep import Application, Request, json, text

    app = Application()
    route = app.router

    @route.get("/plaintext")
    async def plaintext() -> Any:
        return text(TEXT)

    @route.get("/sync-plaintext")
    @route.get("/loop-plaintext")
    def sync_plaintext() -> Any:
        return text(TEXT)

    @route.get("/json")
    async def as_json() -> Any:
        return json(JSON_BODY)

    @route.get("/query")
    async def query(request: Request) -> Any:
        params = request.query  # name -> list of values
        count = sum(len(values) for values in params.values())
        return json(
            _query_summary(params.get("name", [None])[0], params.get("page", [0])[0], count)
        )

    @route.post("/echo-json")
    async def echo_json(request: Request) -> Any:
        return json({"count": len(await request.json())})

    @route.post("/form")
    async def form(request: Request) -> Any:
        data = await request.form() or {}
        count = sum(len(v) if isinstance(v, list) else 1 for v in data.values())
        return json({"fields": count})

    for i in range(ROUTE_COUNT):
        route.add_get(f"/route{i}/items", _blacksheep_text)
    route.add_get("/api/v1/plaintext", _blacksheep_text)

    if variant == "middleware":

        async def pass_through(request: Request, handler: Any) -> Any:
            return await handler(request)

        app.middlewares.extend([pass_through] * MIDDLEWARE_COUNT)
    return app  # type: ignore[no-any-return]


async def _blacksheep_text() -> Any:
    from blacksheep import text

    return text(TEXT)


# -- Falcon (ASGI) -------------------------------------------------------------------------


def build_falcon(variant: str) -> ASGIApp:
    import falcon
    import falcon.asgi
    from falcon.util import wrap_sync_to_async

    class Plaintext:
        async def on_get(self, req: Any, resp: Any) -> None:
            resp.content_type = falcon.MEDIA_TEXT
            resp.text = TEXT

    class SyncPlaintext:
        @wrap_sync_to_async
        def on_get(self, req: Any, resp: Any) -> None:
            resp.content_type = falcon.MEDIA_TEXT
            resp.text = TEXT

    class Json:
        async def on_get(self, req: Any, resp: Any) -> None:
            resp.media = JSON_BODY

    class Query:
        async def on_get(self, req: Any, resp: Any) -> None:
            params = req.params  # name -> value, or a list when repeated
            count = sum(len(v) if isinstance(v, list) else 1 for v in params.values())
            resp.media = _query_summary(params.get("name"), params.get("page"), count)

    class EchoJson:
        async def on_post(self, req: Any, resp: Any) -> None:
            resp.media = {"count": len(await req.get_media())}

    class Form:
        async def on_post(self, req: Any, resp: Any) -> None:
            data = await req.get_media()
            count = sum(len(v) if isinstance(v, list) else 1 for v in data.values())
            resp.media = {"fields": count}

    class PassThrough:
        async def process_request(self, req: Any, resp: Any) -> None:
            pass

        async def process_response(
            self, req: Any, resp: Any, resource: Any, req_succeeded: bool
        ) -> None:
            pass

    middleware = [PassThrough() for _ in range(MIDDLEWARE_COUNT)] if variant == "middleware" else []
    app = falcon.asgi.App(middleware=middleware)
    text_resource = Plaintext()
    app.add_route("/plaintext", text_resource)
    app.add_route("/sync-plaintext", SyncPlaintext())
    app.add_route("/json", Json())
    app.add_route("/query", Query())
    app.add_route("/echo-json", EchoJson())
    app.add_route("/form", Form())
    app.add_route("/api/v1/plaintext", text_resource)
    for i in range(ROUTE_COUNT):
        app.add_route(f"/route{i}/items", text_resource)
    return app


PEER_BUILDERS: dict[str, Builder] = {
    "litestar": build_litestar,
    "blacksheep": build_blacksheep,
    "falcon": build_falcon,
}
PEER_NAMES = {"litestar": "Litestar", "blacksheep": "BlackSheep", "falcon": "Falcon"}


def available() -> tuple[str, ...]:
    """The peers installed in this environment, in table order."""
    return tuple(name for name in PEER_BUILDERS if importlib.util.find_spec(name) is not None)
