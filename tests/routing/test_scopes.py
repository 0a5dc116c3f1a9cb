"""The root_path convention: routing matches below root_path; mounts grow it on a copy."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Include, Path
from lilya.routing._scopes import mount_scope, route_path_of
from lilya.types import Message, Receive, Scope, Send


async def where(request: Request) -> JSONResponse:
    return JSONResponse({"path": request.scope["path"], "root_path": request.scope["root_path"]})


async def asgi_echo(scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"path": scope["path"], "root_path": scope["root_path"]})(
        scope, receive, send
    )


def build() -> Lilya:
    return Lilya(
        routes=[
            Path("/path", where),
            Include("/sub", routes=[Path("/x", where)]),
            Include("/asgi", app=asgi_echo),
        ]
    )


async def call(app: Any, path: str, root_path: str) -> tuple[int, bytes, Scope]:
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "root_path": root_path,
        "headers": [(b"host", b"example.org")],
        "query_string": b"",
        "scheme": "http",
        "server": ("example.org", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], sent[1]["body"], scope


@pytest.mark.parametrize(
    ("path", "root_path", "expected"),
    [
        ("/root/x", "/root", "/x"),
        ("/x", "/root", "/x"),
        ("/rootx", "/root", "/rootx"),
        ("/root", "/root", ""),
        ("/x", "", "/x"),
    ],
)
def test_route_path_is_the_path_below_root_path(path: str, root_path: str, expected: str) -> None:
    assert route_path_of({"path": path, "root_path": root_path}) == expected


def test_mount_scope_is_a_copy_with_a_longer_root_path() -> None:
    scope: Scope = {"path": "/r/a/b", "root_path": "/r", "path_params": {"x": 1}}
    child = mount_scope(scope, "/a", {"y": 2})
    assert child == {
        "path": "/r/a/b",
        "root_path": "/r/a",
        "app_root_path": "/r",
        "path_params": {"x": 1, "y": 2},
    }
    assert scope == {"path": "/r/a/b", "root_path": "/r", "path_params": {"x": 1}}


@pytest.mark.anyio
async def test_mounted_asgi_app_sees_the_whole_path_and_a_longer_root_path() -> None:
    status, body, _ = await call(build(), "/root/asgi/x", "/root")
    assert (status, body) == (200, b'{"path":"/root/asgi/x","root_path":"/root/asgi"}')


@pytest.mark.anyio
async def test_routing_never_writes_into_the_servers_scope() -> None:
    _, _, scope = await call(build(), "/root/sub/x", "/root")
    assert (scope["path"], scope["root_path"]) == ("/root/sub/x", "/root")


@pytest.mark.anyio
async def test_path_outside_root_path_is_routed_as_it_is() -> None:
    status, body, _ = await call(build(), "/path", "/root")
    assert (status, body) == (200, b'{"path":"/path","root_path":"/root"}')


@pytest.mark.anyio
async def test_path_equal_to_root_path_matches_no_route() -> None:
    status, _, _ = await call(build(), "/root", "/root")
    assert status == 404


@pytest.mark.anyio
async def test_middleware_sees_the_same_path_before_and_after_routing() -> None:
    seen: list[tuple[str, str]] = []

    def recording(app: Any) -> Any:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            seen.append((scope["path"], scope.get("root_path", "")))
            await app(scope, receive, send)
            seen.append((scope["path"], scope.get("root_path", "")))

        return middleware

    await call(recording(build()), "/root/sub/x", "/root")
    assert seen == [("/root/sub/x", "/root")] * 2


def test_test_client_root_path_follows_the_convention(test_client_factory: Any) -> None:
    client = test_client_factory(build(), root_path="/root")
    assert client.get("/root/sub/x").json() == {"path": "/root/sub/x", "root_path": "/root/sub"}
    assert client.get("/path").json() == {"path": "/path", "root_path": "/root"}
