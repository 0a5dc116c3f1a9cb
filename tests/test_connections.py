from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.conf import settings as global_settings
from lilya.connections import Connection
from lilya.context import Context
from lilya.datastructures import Header
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.routing import Path


def scope(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "scheme": "https",
        # ASGI: path holds root_path.
        "path": "/mnt/a/b",
        "root_path": "/mnt",
        "query_string": b"x=1&x=2&y=%zz&z=%FF",
        "headers": [
            (b"host", b"example.com:8443"),
            (b"cookie", b"a=1; b=two; junk"),
            (b"cookie", b"c=3"),
        ],
        "client": ("10.0.0.1", 1234),
    }
    base.update(extra)
    return base


def test_url_and_base_url_come_from_the_scope() -> None:
    connection = Connection(scope())
    assert str(connection.url) == "https://example.com:8443/mnt/a/b?x=1&x=2&y=%zz&z=%FF"
    assert str(connection.base_url) == "https://example.com:8443/mnt/"
    assert connection.is_secure


def test_query_params_keep_every_value_and_survive_bad_encoding() -> None:
    params = Connection(scope()).query_params
    assert params.getlist("x") == ["1", "2"]
    assert params["y"] == "%zz"
    assert params["z"] == "\ufffd"


def test_cookies_from_every_cookie_header_with_nameless_pieces_under_the_empty_key() -> None:
    """Lilya 0.7.5 keeps a piece without '=' under ''; it used to be dropped."""
    assert Connection(scope()).cookies == {"a": "1", "b": "two", "": "junk", "c": "3"}


def test_a_scope_without_headers_has_no_headers() -> None:
    scope_without = scope()
    del scope_without["headers"]
    assert dict(Connection(scope_without).headers) == {}


def test_a_scope_without_headers_has_no_cookies() -> None:
    scope_without = scope()
    del scope_without["headers"]
    assert Request(scope_without).cookies == {}


def test_client_address_or_none() -> None:
    assert Connection(scope()).client == ("10.0.0.1", 1234)
    assert Connection(scope(client=None)).client is None


def test_connection_is_a_mapping_over_the_scope() -> None:
    connection = Connection(scope())
    assert connection["method"] == "GET"
    assert "path" in list(connection)
    assert len(connection) == len(scope())


def test_state_writes_into_the_scope() -> None:
    raw = scope()
    Connection(raw).state.user = "ann"
    assert raw["state"] == {"user": "ann"}


@pytest.mark.parametrize("name", ["session", "auth", "user"])
def test_middleware_values_need_their_middleware(name: str) -> None:
    """Lilya 0.7.5 raises ImproperlyConfigured (an assert would vanish under python -O)."""
    with pytest.raises(ImproperlyConfigured, match="Middleware"):
        getattr(Connection(scope()), name)
    # Lilya's wording.
    middleware = "SessionMiddleware" if name == "session" else "AuthenticationMiddleware"
    with pytest.raises(ImproperlyConfigured) as caught:
        getattr(Connection(scope()), name)
    assert caught.value.detail == f"{middleware} must be installed to access request.{name}"
    assert getattr(Connection(scope(**{name: "v"})), name) == "v"


def test_settings_from_scope_app_or_global() -> None:
    assert Connection(scope(settings="S")).settings == "S"
    app = Lilya()
    assert Connection(scope(app=app)).settings is app.settings
    assert Connection(scope()).settings is global_settings


def test_path_for_needs_a_router() -> None:
    with pytest.raises(RuntimeError, match="no router"):
        Connection(scope()).path_for("x")


def test_url_for_builds_an_absolute_url() -> None:
    async def home() -> None: ...

    app = Lilya(routes=[Path("/items/{id:int}", home, name="item")])
    connection = Connection(scope(app=app, root_path=""))
    assert str(connection.url_for("item", id=3)) == "https://example.com:8443/items/3"


def test_context_exposes_request_details() -> None:
    app = Lilya()
    request = Request(scope(app=app, user="ann", router=app.router))
    context = Context(__handler__="route", __request__=request)
    assert (context.handler, context.user, context.app) == ("route", "ann", app)
    assert context.scope is request.scope
    assert context.settings is app.settings
    context.add_to_context("title", "Home")
    assert context.get_context_data(extra=1) == {"title": "Home", "extra": 1}
    with pytest.raises(ValueError, match="plain strings"):
        context.add_to_context("__x", 1)


def test_empty_channels_refuse_use() -> None:
    import anyio

    connection = Request(scope())

    async def run() -> None:
        with pytest.raises(RuntimeError):
            await connection.receive()
        with pytest.raises(RuntimeError):
            await connection.send({})

    anyio.run(run)


def _reversing_app() -> Lilya:
    from lilya.routing import Include, WebSocketPath
    from lilya.websockets import WebSocket

    async def show(request: Request) -> str:
        url = request.path_for("item", id=3)
        return f"{type(url).__name__} {url}"

    async def ws(websocket: WebSocket) -> None:
        await websocket.accept()
        url = websocket.path_for("ws")
        await websocket.send_text(f"{type(url).__name__} {url}")
        await websocket.close()

    return Lilya(
        routes=[
            Path("/show", show),
            Include("/sub", routes=[Path("/items/{id:int}", show, name="item")]),
            WebSocketPath("/ws", ws, name="ws"),
        ]
    )


def test_request_path_for_is_an_absolute_url(test_client_factory: Any) -> None:
    """Lilya 0.7.5: request.path_for gives a URL with scheme and host."""
    client = test_client_factory(_reversing_app())
    assert client.get("/show").json() == "URL http://testserver/sub/items/3"


def test_request_path_for_includes_the_root_path(test_client_factory: Any) -> None:
    client = test_client_factory(_reversing_app(), root_path="/root")
    assert client.get("/show").json() == "URL http://testserver/root/sub/items/3"


def test_websocket_path_for_is_an_absolute_ws_url(test_client_factory: Any) -> None:
    with test_client_factory(_reversing_app()).websocket_connect("/ws") as session:
        assert session.receive_text() == "URL ws://testserver/ws"


def test_app_path_for_stays_a_relative_url_path() -> None:
    from lilya.datastructures import URLPath

    path = _reversing_app().path_for("item", id=3)
    assert isinstance(path, URLPath)
    assert path == "/sub/items/3"


def test_server_is_the_scope_server_address() -> None:
    assert Connection(scope(server=("example.org", 8000))).server == ("example.org", 8000)
    assert Connection(scope(server=("h", 80))).server.port == 80  # type: ignore[union-attr]
    assert Connection(scope(server=None)).server is None


def test_server_push_and_pull_flags_default_to_false() -> None:
    assert Connection(scope()).is_server_push is False
    assert Connection(scope()).is_server_pull is False
    assert Connection(scope(server_push=True)).is_server_push is True
    assert Connection(scope(server_pull=True)).is_server_pull is True


def test_set_session_and_clear_session_write_the_scope() -> None:
    raw = scope(session={})
    connection = Connection(raw)
    connection.set_session({"a": 1})
    assert raw["session"] == {"a": 1}
    connection.clear_session()
    assert raw["session"] is None


def test_headers_are_a_mutable_header_detached_from_the_scope() -> None:
    """Lilya 0.7.5: request.headers is a Header; changing it leaves the scope alone."""
    raw = scope()
    connection = Connection(raw)
    assert isinstance(connection.headers, Header)
    connection.headers["x-added"] = "1"
    assert connection.headers["x-added"] == "1"
    assert all(name != b"x-added" for name, _ in raw["headers"])
