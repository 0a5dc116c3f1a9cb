"""Routes of plain Includes are indexed in the parent router; answers must not change.

Every scenario is run twice: through plain Includes (flattened into the top index) and
through an Include subclass, which is never flattened and so dispatches level by level. Both
must give the same status, body and headers.
"""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Host, Include, Path, WebSocketPath
from lilya.routing._mounted import MountedRoute
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket


class OpaqueInclude(Include):
    """An Include subclass: never flattened, the reference behaviour."""


async def echo(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "handler": request.scope["handler"].path,
            "root_path": request.scope["root_path"],
            "path": request.scope["path"],
            "params": {k: repr(v) for k, v in request.path_params.items()},
            "url": str(request.url),
        }
    )


async def other(request: Request) -> JSONResponse:
    return JSONResponse({"other": request.scope["path"]})


async def socket(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"root_path": websocket.scope["root_path"], **websocket.path_params})
    await websocket.close()


class Tag:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def tagged(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-tag", b"1")]
            await send(message)

        await self.app(scope, receive, tagged)


def build(include: type[Include]) -> Lilya:
    return Lilya(
        routes=[
            Path("/top", echo),
            include(
                "/a",
                routes=[
                    Path("/", echo),
                    Path("/static", echo),
                    Path("/items/{item_id:int}", echo),
                    Path("/post-only", echo, methods=["POST"]),
                    include(
                        "/b",
                        routes=[
                            Path("/c", echo),
                            Path("/x", echo, methods=["GET"]),
                            WebSocketPath("/ws/{room}", socket),
                        ],
                    ),
                    # Declared after the nested Include: never reached for /a/b/x.
                    Path("/b/x", other, methods=["POST"]),
                    Path("/files/{rest:path}", echo),
                    Path("/files/special", other),
                    include(
                        "/layered", routes=[Path("/p", echo)], middleware=[DefineMiddleware(Tag)]
                    ),
                    Path("/layered/p", other),
                ],
            ),
            include(
                "/users/{user_id:int}",
                routes=[Path("/posts/{post_id:int}", echo), Path("/name/{name}", echo)],
            ),
            include("", routes=[Path("/empty-prefix", echo)]),
            Path("/a/static", other),  # shadowed by the Include above
            include(
                "/hosted",
                routes=[
                    Path("/before", echo),
                    Host("{sub}.example.com", app=Lilya(routes=[Path("/after", other)])),
                    Path("/after", echo),
                ],
            ),
        ],
    )


REQUESTS = [
    ("GET", "/top"),
    ("GET", "/a/"),
    ("GET", "/a"),
    ("GET", "/a/static"),
    ("GET", "/a/static/"),
    ("GET", "/a/items/7"),
    ("GET", "/a/items/seven"),
    ("GET", "/a/post-only"),
    ("POST", "/a/post-only"),
    ("GET", "/a/b/c"),
    ("POST", "/a/b/c"),
    ("GET", "/a/b/x"),
    ("POST", "/a/b/x"),
    ("GET", "/a/b/missing"),
    ("GET", "/a/files/special"),
    ("GET", "/a/files/x/y"),
    ("GET", "/a/layered/p"),
    ("GET", "/users/5/posts/6"),
    ("GET", "/users/five/posts/6"),
    ("GET", "/users/5/name/ada"),
    ("GET", "/empty-prefix"),
    ("GET", "/hosted/before"),
    ("GET", "/hosted/after"),
    ("GET", "/nowhere"),
]


@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_flattened_includes_answer_as_nested_dispatch(
    test_client_factory: Any, method: str, path: str
) -> None:
    flat = test_client_factory(build(Include), follow_redirects=False)
    nested = test_client_factory(build(OpaqueInclude), follow_redirects=False)
    expected = nested.request(method, path, headers={"host": "sub.example.com"})
    for _ in range(2):  # the second time, a remembered match is replayed
        got = flat.request(method, path, headers={"host": "sub.example.com"})
        assert (got.status_code, got.content) == (expected.status_code, expected.content)
        assert got.headers.get("allow") == expected.headers.get("allow")
        assert got.headers.get("location") == expected.headers.get("location")
        assert got.headers.get("x-tag") == expected.headers.get("x-tag")


def test_nested_routes_are_in_the_top_index() -> None:
    app = build(Include)
    router = app.router
    router.resolve({"type": "http", "path": "/a/b/c", "method": "GET"})
    candidates = router._index.candidates("/a/b/c")
    assert isinstance(candidates[0].value, MountedRoute)


def test_scope_matches_nested_dispatch(test_client_factory: Any) -> None:
    """Flattened or not, the route sees root_path grown and the whole path (ASGI convention)."""
    flat = test_client_factory(build(Include))
    data = flat.get("/users/5/posts/6").json()
    data.pop("url")  # request.url: see test_reverse.test_request_url_inside_includes_...
    assert data == {
        "handler": "/posts/{post_id:int}",
        "root_path": "/users/5",
        "path": "/users/5/posts/6",
        "params": {"user_id": "5", "post_id": "6"},
    }


@pytest.mark.parametrize("include", [Include, OpaqueInclude])
def test_websocket_through_nested_includes(test_client_factory: Any, include: type) -> None:
    client = test_client_factory(build(include))
    with client.websocket_connect("/a/b/ws/lobby") as websocket:
        assert websocket.receive_json() == {"root_path": "/a/b", "room": "lobby"}


def test_route_added_to_a_nested_router_later_is_found(test_client_factory: Any) -> None:
    inner = Include("/inner", routes=[Path("/one", echo)])
    app = Lilya(routes=[Include("/outer", routes=[inner])])
    client = test_client_factory(app)
    assert client.get("/outer/inner/one").status_code == 200
    assert client.get("/outer/inner/two").status_code == 404
    inner.handler.add_route("/two", other)
    assert client.get("/outer/inner/two").json() == {"other": "/outer/inner/two"}
    assert client.get("/outer/inner/one").status_code == 200


def test_route_removed_from_a_nested_router_is_gone(test_client_factory: Any) -> None:
    inner = Include("/inner", routes=[Path("/one", echo), Path("/two", other)])
    app = Lilya(routes=[Include("/outer", routes=[inner])])
    client = test_client_factory(app)
    assert client.get("/outer/inner/one").status_code == 200
    inner.handler.routes.pop(0)
    assert client.get("/outer/inner/one").status_code == 404
    assert client.get("/outer/inner/two").json() == {"other": "/outer/inner/two"}


def test_remembered_nested_match_follows_a_route_inserted_in_front(
    test_client_factory: Any,
) -> None:
    inner = Include("/inner", routes=[Path("/one", echo)])
    app = Lilya(routes=[Include("/outer", routes=[inner])])
    client = test_client_factory(app, root_path="/mounted")
    for _ in range(2):
        data = client.get("/mounted/outer/inner/one").json()
        assert (data["root_path"], data["path"]) == (
            "/mounted/outer/inner",
            "/mounted/outer/inner/one",
        )
    inner.handler.routes.insert(0, Path("/one", other))
    assert client.get("/mounted/outer/inner/one").json() == {"other": "/mounted/outer/inner/one"}


def test_reverse_lookup_is_unchanged() -> None:
    app = Lilya(
        routes=[
            Include(
                "/a",
                name="a",
                routes=[Include("/b", name="b", routes=[Path("/c", echo, name="c")])],
            )
        ]
    )
    assert app.path_for("a:b:c") == "/a/b/c"


def test_entries_describe_the_route_they_stand_for() -> None:
    from lilya.routing._mounted import MountFallback
    from lilya.routing.routes import NoMatchFound

    app = build(Include)
    app.router.resolve({"type": "http", "path": "/", "method": "GET"})
    entries = [
        entry.value
        for path in ("/a/b/c", "/a/files/x/y")
        for entry in app.router._index.candidates(path)
    ]
    mounted = next(e for e in entries if isinstance(e, MountedRoute))
    fallback = next(e for e in entries if isinstance(e, MountFallback))
    assert mounted.app is mounted.route.app
    assert repr(mounted) == f"MountedRoute('/a/b' -> {mounted.route!r})"
    assert fallback.app is fallback.mount.app
    assert repr(fallback).startswith("MountFallback(Include(path='/a'")
    for entry in (mounted, fallback):
        with pytest.raises(NoMatchFound):
            entry.path_for("anything")


def test_routers_with_layers_or_custom_dispatch_are_not_flattened(test_client_factory: Any) -> None:
    from lilya.routing import Router

    class CustomRouter(Router):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            scope["custom"] = True
            await super().__call__(scope, receive, send)

    async def custom(request: Request) -> JSONResponse:
        return JSONResponse({"custom": request.scope.get("custom", False)})

    app = Lilya(
        routes=[
            Include("/custom", app=CustomRouter(routes=[Path("/p", custom)])),
            Include(
                "/layered",
                app=Router(routes=[Path("/p", echo)], middleware=[DefineMiddleware(Tag)]),
            ),
        ]
    )
    client = test_client_factory(app)
    assert client.get("/custom/p").json() == {"custom": True}
    assert client.get("/layered/p").headers["x-tag"] == "1"
    assert not any(
        isinstance(c.value, MountedRoute)
        for path in ("/custom/p", "/layered/p")
        for c in app.router._index.candidates(path)
    )
