from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.background import Task
from lilya.conf import settings as lilya_settings
from lilya.conf.global_settings import Settings
from lilya.exceptions import (
    HTTPException,
    ImproperlyConfigured,
    NotAuthorized,
    PermissionDenied,
)
from lilya.middleware import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.protocols.permissions import PermissionProtocol
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText
from lilya.routing import Include, Path, Router, WebSocketPath
from lilya.types import ASGIApp, Message, Receive, Scope, Send


async def home() -> str:
    return "home"


async def boom() -> None:
    raise ValueError("kaboom")


class Recorder:
    """A pass-through middleware that records the order it is entered in."""

    def __init__(self, app: ASGIApp, label: str, log: list[str]) -> None:
        self.app = app
        self.label = label
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.log.append(self.label)
        await self.app(scope, receive, send)


class AddHeader:
    def __init__(self, app: ASGIApp, name: str = "x-mw", value: str = "1") -> None:
        self.app = app
        self.name = name.encode()
        self.value = value.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (self.name, self.value)]
            await send(message)

        await self.app(scope, receive, sending)


class AllowAccess(PermissionProtocol):
    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope=scope, receive=receive, send=send)
        if "allow-admin" in request.headers:
            await self.app(scope, receive, send)
            return
        raise PermissionDenied()


def test_middleware_runs_first_listed_outermost(test_client_factory: Any) -> None:
    log: list[str] = []
    app = Lilya(
        routes=[Path("/", home)],
        middleware=[
            DefineMiddleware(Recorder, label="outer", log=log),
            DefineMiddleware(Recorder, label="inner", log=log),
        ],
    )
    test_client_factory(app).get("/")
    assert log == ["outer", "inner"]


def test_add_middleware_becomes_outermost(test_client_factory: Any) -> None:
    log: list[str] = []
    app = Lilya(
        routes=[Path("/", home)], middleware=[DefineMiddleware(Recorder, label="a", log=log)]
    )
    app.add_middleware(Recorder, label="b", log=log)
    test_client_factory(app).get("/")
    assert log == ["b", "a"]


def test_add_middleware_after_start_is_refused(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", home)])
    test_client_factory(app).get("/")
    with pytest.raises(
        RuntimeError, match=r"^Middlewares cannot be added once the application has started\.$"
    ):
        app.add_middleware(AddHeader)


@pytest.mark.parametrize("settings_module", [5, object, object()])
def test_settings_module_that_is_not_settings_is_refused_when_the_app_is_built(
    settings_module: Any,
) -> None:
    """As Lilya 0.7.5 refuses it (there with its settings library's FieldException), rather
    than failing with an AttributeError on first use."""
    with pytest.raises(
        ImproperlyConfigured, match=r"^'settings_module' must be a subclass of Settings$"
    ):
        Lilya(settings_module=settings_module)


def test_settings_module_may_be_a_settings_class_an_instance_or_the_lazy_settings() -> None:
    class Custom(Settings):
        debug: bool = True

    assert Lilya(settings_module=Custom, debug=None).debug is True
    assert Lilya(settings_module=Custom(), debug=None).debug is True
    assert Lilya(settings_module=lilya_settings).debug is False


def test_app_permission_allows_and_denies(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", home)], permissions=[DefinePermission(AllowAccess)])
    client = test_client_factory(app)
    assert client.get("/", headers={"allow-admin": "yes"}).json() == "home"
    denied = client.get("/")
    assert denied.status_code == 403
    assert denied.text == "You do not have permission to perform this action."


def test_add_permission(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", home)])
    app.add_permission(AllowAccess)
    assert test_client_factory(app).get("/").status_code == 403


def test_route_and_include_layers(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Path("/guarded", home, permissions=[DefinePermission(AllowAccess)]),
            Path("/open", home, middleware=[DefineMiddleware(AddHeader, name="x-route")]),
            Include(
                "/inc",
                routes=[Path("/", home)],
                middleware=[DefineMiddleware(AddHeader, name="x-include")],
                permissions=[DefinePermission(AllowAccess)],
            ),
        ]
    )
    client = test_client_factory(app)
    assert client.get("/guarded").status_code == 403
    assert client.get("/open").headers["x-route"] == "1"
    assert "x-route" not in client.get("/guarded", headers={"allow-admin": "1"}).headers
    assert client.get("/inc/").status_code == 403
    allowed = client.get("/inc/", headers={"allow-admin": "1"})
    assert allowed.json() == "home"
    assert allowed.headers["x-include"] == "1"


def test_http_exception_renders_detail_status_and_headers(test_client_factory: Any) -> None:
    async def teapot() -> None:
        raise HTTPException(status_code=418, detail="short and stout", headers={"x-t": "pot"})

    response = test_client_factory(Lilya(routes=[Path("/", teapot)])).get("/")
    assert (response.status_code, response.text, response.headers["x-t"]) == (
        418,
        "short and stout",
        "pot",
    )


def test_http_exception_204_has_no_body(test_client_factory: Any) -> None:
    async def nothing() -> None:
        raise HTTPException(status_code=204)

    response = test_client_factory(Lilya(routes=[Path("/", nothing)])).get("/")
    assert (response.status_code, response.content) == (204, b"")


def test_handler_by_status_code_wins_over_class(test_client_factory: Any) -> None:
    async def by_code(request: Request, exc: Exception) -> PlainText:
        return PlainText("by code", status_code=401)

    def by_class(request: Request, exc: Exception) -> PlainText:
        return PlainText("by class", status_code=400)

    async def deny() -> None:
        raise NotAuthorized()

    app = Lilya(
        routes=[Path("/", deny)],
        exception_handlers={401: by_code, HTTPException: by_class},
    )
    assert test_client_factory(app).get("/").text == "by code"


def test_handler_found_through_the_mro(test_client_factory: Any) -> None:
    class Base(Exception):
        pass

    class Child(Base):
        pass

    async def raise_child() -> None:
        raise Child()

    def handle(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"caught": type(exc).__name__}, status_code=409)

    app = Lilya(routes=[Path("/", raise_child)], exception_handlers={Base: handle})
    response = test_client_factory(app).get("/")
    assert (response.status_code, response.json()) == (409, {"caught": "Child"})


def test_route_handler_wins_over_app_handler(test_client_factory: Any) -> None:
    def app_level(request: Request, exc: Exception) -> PlainText:
        return PlainText("app", status_code=500)

    def route_level(request: Request, exc: Exception) -> PlainText:
        return PlainText("route", status_code=400)

    app = Lilya(
        routes=[
            Path("/r", boom, exception_handlers={ValueError: route_level}),
            Path("/a", boom),
        ],
        exception_handlers={ValueError: app_level},
    )
    client = test_client_factory(app)
    assert client.get("/r").text == "route"
    assert client.get("/a").text == "app"


def test_custom_404_handler(test_client_factory: Any) -> None:
    def not_found(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"missing": request.url.path}, status_code=404)

    app = Lilya(routes=[Path("/", home)], exception_handlers={404: not_found})
    assert test_client_factory(app).get("/nope").json() == {"missing": "/nope"}


def test_add_exception_handler(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", boom)])
    app.add_exception_handler(ValueError, lambda r, e: PlainText("handled", status_code=400))
    assert test_client_factory(app).get("/").text == "handled"


def test_unhandled_error_is_raised_in_tests(test_client_factory: Any) -> None:
    client = test_client_factory(Lilya(routes=[Path("/", boom)]))
    with pytest.raises(ValueError, match="kaboom"):
        client.get("/")


def test_unhandled_error_is_a_plain_500(test_client_factory: Any) -> None:
    client = test_client_factory(Lilya(routes=[Path("/", boom)]), raise_server_exceptions=False)
    response = client.get("/")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_debug_500_shows_the_traceback(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", boom)], debug=True)
    client = test_client_factory(app, raise_server_exceptions=False)
    html = client.get("/", headers={"accept": "text/html"})
    assert html.status_code == 500
    assert "ValueError: kaboom" in html.text
    assert "<html" in html.text
    plain = client.get("/")
    assert "Traceback" in plain.text
    assert "kaboom" in plain.text


def test_500_handler_is_used_for_unhandled_errors(test_client_factory: Any) -> None:
    def on_500(request: Request, exc: Exception) -> PlainText:
        return PlainText(f"sorry: {exc}", status_code=500)

    app = Lilya(routes=[Path("/", boom)], exception_handlers={500: on_500})
    client = test_client_factory(app, raise_server_exceptions=False)
    assert client.get("/").text == "sorry: kaboom"


def test_handler_that_raises_falls_through_to_500(test_client_factory: Any) -> None:
    def broken(request: Request, exc: Exception) -> PlainText:
        raise RuntimeError("handler broke")

    app = Lilya(routes=[Path("/", boom)], exception_handlers={ValueError: broken})
    client = test_client_factory(app, raise_server_exceptions=False)
    assert client.get("/").status_code == 500


def test_state_is_an_attribute_dict() -> None:
    app = Lilya()
    app.state.db = "connected"
    assert app.state.db == "connected"


def test_on_startup_and_on_shutdown_run(test_client_factory: Any) -> None:
    events: list[str] = []

    async def started() -> None:
        events.append("startup")

    def stopped() -> None:
        events.append("shutdown")

    app = Lilya(routes=[Path("/", home)], on_startup=[started], on_shutdown=[stopped])
    with test_client_factory(app) as client:
        assert events == ["startup"]
        client.get("/")
    assert events == ["startup", "shutdown"]


def test_on_event_decorator(test_client_factory: Any) -> None:
    events: list[str] = []
    app = Lilya(routes=[Path("/", home)])

    @app.on_event("startup")
    def started() -> None:
        events.append("up")

    app.add_event_handler("shutdown", lambda: events.append("down"))
    with test_client_factory(app):
        pass
    assert events == ["up", "down"]


def test_lifespan_state_reaches_requests(test_client_factory: Any) -> None:
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Lilya) -> AsyncIterator[dict[str, Any]]:
        events.append("enter")
        yield {"db": "pool"}
        events.append("exit")

    async def read_state(request: Request) -> str:
        return str(request.state.db)

    app = Lilya(routes=[Path("/", read_state)], lifespan=lifespan)
    with test_client_factory(app) as client:
        assert client.get("/").json() == "pool"
    assert events == ["enter", "exit"]


def test_lifespan_and_events_together_are_refused() -> None:
    @asynccontextmanager
    async def lifespan(app: Lilya) -> AsyncIterator[None]:
        yield

    with pytest.raises(ImproperlyConfigured, match="not both"):
        Lilya(lifespan=lifespan, on_startup=[home])


def test_failing_startup_is_reported(test_client_factory: Any) -> None:
    def fail() -> None:
        raise RuntimeError("no database")

    app = Lilya(on_startup=[fail])
    with pytest.raises(BaseException, match="no database"), test_client_factory(app):
        pass


class CustomSettings(Settings):
    debug: bool = True
    environment: str | None = "testing"


def test_settings_module_class_instance_and_path() -> None:
    assert Lilya(settings_module=CustomSettings).settings.environment == "testing"
    assert Lilya(settings_module=CustomSettings()).settings.debug is True
    assert Lilya(settings_module="tests.test_apps.CustomSettings").settings.debug is True


def test_bad_settings_module_is_a_clear_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="settings_module"):
        Lilya(settings_module="tests.nowhere.Settings")


def test_child_lilya_keeps_its_own_handlers_and_middleware(test_client_factory: Any) -> None:
    def child_handler(request: Request, exc: Exception) -> PlainText:
        return PlainText("child handled", status_code=400)

    child = ChildLilya(
        routes=[Path("/", boom)],
        exception_handlers={ValueError: child_handler},
        middleware=[DefineMiddleware(AddHeader, name="x-child")],
    )
    app = Lilya(routes=[Include("/child", app=child), Path("/", boom)])
    client = test_client_factory(app, raise_server_exceptions=False)
    response = client.get("/child/")
    assert (response.status_code, response.text) == (400, "child handled")
    assert response.headers["x-child"] == "1"
    assert client.get("/").status_code == 500


def test_add_child_lilya_and_include(test_client_factory: Any) -> None:
    app = Lilya()
    app.add_child_lilya("/c", ChildLilya(routes=[Path("/", home)]), name="c")
    app.include("/i", app=Lilya(routes=[Path("/", home)]))
    client = test_client_factory(app)
    assert client.get("/c/").json() == "home"
    assert client.get("/i/").json() == "home"


# -- Lilya 0.7.5 behaviours of the app (compat-gaps 10, 11, 12, 14, 15, 24) ------------------


def test_exception_handler_reports_errors_after_the_response_started(
    test_client_factory: Any,
) -> None:
    # Lilya 0.7.5: ServerErrorMiddleware runs the app's Exception handler even when the
    # response was already sent (a failing background task); the response sent stays.
    reported: list[str] = []

    def failing_task() -> None:
        raise RuntimeError("task failed")

    async def with_task() -> PlainText:
        return PlainText("sent", background=Task(failing_task))

    def report(request: Request, exc: Exception) -> PlainText:
        reported.append(str(exc))
        return PlainText("not sent", status_code=500)

    app = Lilya(routes=[Path("/", with_task)], exception_handlers={Exception: report})
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.text, reported) == (200, "sent", ["task failed"])


class DebugSettings(Settings):
    debug: bool = True


def test_settings_debug_does_not_turn_on_traceback_pages(test_client_factory: Any) -> None:
    # Lilya 0.7.5: app.debug is what debug= says (default False); settings.debug is not read,
    # so the user's 500 handler still answers.
    def five_hundred(request: Request, exc: Exception) -> PlainText:
        return PlainText("my 500", status_code=500)

    app = Lilya(
        routes=[Path("/", boom)],
        settings_module=DebugSettings,
        exception_handlers={500: five_hundred},
    )
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert (app.debug, response.text) == (False, "my 500")


def test_debug_none_reads_the_settings() -> None:
    assert Lilya(debug=None, settings_module=DebugSettings).debug is True


def test_app_permissions_leave_lifespan_alone(test_client_factory: Any) -> None:
    # Lilya 0.7.5: app permissions guard http and websocket scopes only; a deny-all
    # permission does not break startup.
    from lilya.permissions.deny_all import DenyAll

    started: list[bool] = []
    app = Lilya(
        routes=[Path("/", home)],
        permissions=[DefinePermission(DenyAll)],
        on_startup=[lambda: started.append(True)],
    )
    with test_client_factory(app) as client:
        assert client.get("/").status_code == 401
    assert started == [True]


def test_plain_generator_lifespan_is_refused_when_built() -> None:
    # Lilya 0.7.5: ImproperlyConfigured when the app (or Router) is built, not at startup.
    def lifespan(app: Any) -> Any:
        yield

    with pytest.raises(ImproperlyConfigured, match="asynccontextmanager"):
        Lilya(lifespan=lifespan)


def test_async_generator_lifespan_is_refused_when_built() -> None:
    async def lifespan(app: Any) -> Any:
        yield

    with pytest.raises(ImproperlyConfigured, match="asynccontextmanager"):
        Router(lifespan=lifespan)


class FirstSettings(Settings):
    environment: str | None = "first"


class SecondSettings(Settings):
    environment: str | None = "second"


async def environment_seen() -> PlainText:
    await anyio.sleep(0)
    await anyio.sleep(0)
    return PlainText(str(lilya_settings.environment))


@pytest.mark.anyio
async def test_each_app_sees_its_own_settings_under_concurrent_requests(
    anyio_backend: str,
) -> None:
    # Lilya 0.7.5: an app built with settings_module=X makes lilya.conf.settings resolve to
    # X while it serves; apps with different settings serving interleaved requests each see
    # their own (a context variable, not a global swap).
    first = Lilya(routes=[Path("/", environment_seen)], settings_module=FirstSettings)
    second = Lilya(routes=[Path("/", environment_seen)], settings_module=SecondSettings)
    plain = Lilya(routes=[Path("/", environment_seen)])
    seen: list[tuple[str, bytes]] = []

    async def call(app: Lilya, label: str) -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.body":
                seen.append((label, message["body"]))

        scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
        await app(scope, receive, send)

    async with anyio.create_task_group() as group:
        for _ in range(5):
            group.start_soon(call, first, "first")
            group.start_soon(call, second, "second")
            group.start_soon(call, plain, "plain")
    global_environment = str(lilya_settings.environment).encode()
    assert sorted(set(seen)) == [
        ("first", b"first"),
        ("plain", global_environment),
        ("second", b"second"),
    ]
    assert len(seen) == 15


def test_nested_child_sees_its_own_settings(test_client_factory: Any) -> None:
    child = ChildLilya(routes=[Path("/", environment_seen)], settings_module=SecondSettings)
    app = Lilya(
        routes=[Path("/", environment_seen), Include("/child", app=child)],
        settings_module=FirstSettings,
    )
    client = test_client_factory(app)
    assert (client.get("/").text, client.get("/child/").text) == ("first", "second")


def test_settings_are_the_global_ones_again_after_a_request(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", environment_seen)], settings_module=FirstSettings)
    assert test_client_factory(app).get("/").text == "first"
    assert lilya_settings.environment != "first"


def test_building_an_app_points_the_settings_app_at_it() -> None:
    # Lilya 0.7.5: building an app sets settings.app (lilya.compat.reverse resolves against
    # it); the last app built wins, a ChildLilya only fills an empty place.
    first = Lilya(routes=[Path("/", home, name="home")])
    assert lilya_settings.app is first
    second = Lilya(routes=[Path("/", home, name="home")])
    ChildLilya(routes=[])
    assert lilya_settings.app is second
    own = CustomSettings()
    app = Lilya(settings_module=own)
    assert own.app is app
    assert lilya_settings.app is second


def test_a_settings_app_set_by_the_user_stays() -> None:
    own = CustomSettings()
    marker = object()
    own.app = marker
    Lilya(settings_module=own)
    assert own.app is marker


# -- an invalid Host header is refused at the app's entry ----------------------------------------


def plain_home() -> PlainText:
    return PlainText("home")


@pytest.mark.parametrize(
    "host", ["example.com:@evil.com", "evil.com#.example.org", "a b", "example.com:99999"]
)
def test_invalid_host_header_is_a_400_even_when_nothing_reads_the_url(
    test_client_factory: Any, host: str
) -> None:
    client = test_client_factory(Lilya(routes=[Path("/", plain_home)]))
    response = client.get("/", headers={"host": host})
    assert (response.status_code, response.text) == (400, "Invalid host header")


def test_valid_host_header_with_port_is_served(test_client_factory: Any) -> None:
    client = test_client_factory(Lilya(routes=[Path("/", plain_home)]))
    assert client.get("/", headers={"host": "[::1]:8000"}).text == "home"


async def call_app(app: ASGIApp, scope: Scope) -> list[Message]:
    sent: list[Message] = []
    incoming = iter([{"type": "http.request", "body": b""}, {"type": "websocket.connect"}])

    async def receive() -> Message:
        return next(incoming)

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def connection_scope(kind: str, headers: list[tuple[bytes, bytes]]) -> Scope:
    return {
        "type": kind,
        "method": "GET",
        "path": "/",
        "root_path": "",
        "query_string": b"",
        "scheme": "http" if kind == "http" else "ws",
        "headers": headers,
        "server": ("127.0.0.1", 8000),
    }


@pytest.mark.anyio
async def test_http_request_without_host_header_is_served() -> None:
    """HTTP/1.0 requests may come without Host: the server's address stands for it."""
    sent = await call_app(Lilya(routes=[Path("/", plain_home)]), connection_scope("http", []))
    assert sent[0]["status"] == 200


@pytest.mark.anyio
async def test_websocket_with_invalid_host_header_is_closed_1008() -> None:
    async def never(websocket: Any) -> None:
        raise AssertionError("the handler ran")

    app = Lilya(routes=[WebSocketPath("/", never)])
    scope = connection_scope("websocket", [(b"host", b"example.com:@evil.com")])
    assert [m["type"] for m in await call_app(app, scope)] == ["websocket.close"]
    assert (await call_app(app, scope))[0]["code"] == 1008


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["http", "websocket"])
@pytest.mark.parametrize(
    "headers",
    [
        [(b"host", b"example.com"), (b"host", b"example.com")],
        [(b"host", b"example.com"), (b"accept", b"*/*"), (b"host", b"evil.com")],
        [(b"accept", b"*/*"), (b"host", b"evil.com"), (b"host", b"")],
    ],
)
async def test_two_host_headers_are_refused_even_when_nothing_reads_the_url(
    kind: str, headers: list[tuple[bytes, bytes]]
) -> None:
    """RFC 9112 (section 3.2): a request with more than one Host header gets a 400; a
    WebSocket is closed 1008. The route never builds a URL, so only the entry sees it."""
    app = Lilya(routes=[Path("/", plain_home), WebSocketPath("/", plain_home)])
    sent = await call_app(app, connection_scope(kind, headers))
    if kind == "http":
        assert sent[0]["status"] == 400
    else:
        assert (sent[0]["type"], sent[0]["code"]) == ("websocket.close", 1008)


@pytest.mark.anyio
async def test_overlong_host_header_is_refused() -> None:
    scope = connection_scope("http", [(b"host", b"a" * 300)])
    sent = await call_app(Lilya(routes=[Path("/", plain_home)]), scope)
    assert sent[0]["status"] == 400


# -- redirect_slashes: None reads the settings ---------------------------------------------------


class NoSlashRedirects(Settings):
    redirect_slashes: bool = False


def test_redirect_slashes_setting_is_read_when_the_argument_is_not_given(
    test_client_factory: Any,
) -> None:
    app = Lilya(routes=[Path("/items", plain_home)], settings_module=NoSlashRedirects)
    response = test_client_factory(app).get("/items/", follow_redirects=False)
    assert response.status_code == 404


def test_redirect_slashes_argument_wins_over_the_setting(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[Path("/items", plain_home)], settings_module=NoSlashRedirects, redirect_slashes=True
    )
    response = test_client_factory(app).get("/items/", follow_redirects=False)
    assert response.status_code in (301, 302, 307, 308)


def test_a_stack_replaced_after_the_first_request_is_the_one_served(
    test_client_factory: Any,
) -> None:
    """The app's HTTP shortcut through its error layer holds only for the stack it built."""

    async def replacement(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainText("replaced")(scope, receive, send)

    app = Lilya(routes=[Path("/", lambda: PlainText("built"))])
    client = test_client_factory(app)
    assert client.get("/").text == "built"
    app.middleware_stack = replacement
    assert client.get("/").text == "replaced"


def test_invalid_host_is_refused_after_valid_ones_were_remembered(
    test_client_factory: Any,
) -> None:
    app = Lilya(routes=[Path("/", lambda: PlainText("ok"))])
    client = test_client_factory(app)
    for number in range(300):  # more distinct valid hosts than are remembered
        assert client.get("/", headers={"host": f"h{number}.example.org"}).text == "ok"
    assert client.get("/", headers={"host": "example.com:@evil.com"}).status_code == 400
    assert client.get("/", headers={"host": "h1.example.org"}).text == "ok"


def test_an_empty_host_header_is_served_after_other_hosts(test_client_factory: Any) -> None:
    """An empty Host (a request without an authority) stays valid, before and after others."""
    app = Lilya(routes=[Path("/", lambda: PlainText("ok"))])
    client = test_client_factory(app)
    assert client.get("/", headers={"host": "example.org"}).text == "ok"
    assert client.get("/", headers={"host": ""}).text == "ok"
