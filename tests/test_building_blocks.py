"""Small public pieces: DefineMiddleware/DefinePermission, protocols, concurrency, errors."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.compat import AsyncResourceHandler, is_async_callable, run_sync
from lilya.concurrency import AsyncCallable, enforce_async_callable, iterate_in_threadpool
from lilya.exceptions import (
    HTTPException,
    LilyaException,
    NotFound,
    TemplateNotFound,
    WebSocketException,
)
from lilya.middleware import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.protocols.permissions import PermissionProtocol
from lilya.routing import Include, Path
from lilya.testclient import create_client
from lilya.types import ASGIApp, Empty

pytestmark = pytest.mark.anyio


class Layer:
    def __init__(self, app: ASGIApp, level: int = 0) -> None:
        self.app = app
        self.level = level


def test_define_middleware_records_and_builds() -> None:
    definition = DefineMiddleware(Layer, level=3)
    cls, args, kwargs = definition
    assert (cls, args, kwargs) == (Layer, (), {"level": 3})
    built = definition("inner")
    assert (built.app, built.level) == ("inner", 3)
    assert definition(app="other").app == "other"
    assert repr(definition) == "DefineMiddleware(Layer, level=3)"


def test_define_permission_records_and_builds() -> None:
    definition = DefinePermission(Layer, level=2)
    assert next(iter(definition)) is Layer
    assert definition("inner").level == 2
    assert repr(definition) == "DefinePermission(Layer, level=2)"


class Passthrough(PermissionProtocol):
    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None:
        super().__init__(app, *args, **kwargs)
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def test_protocols_are_runtime_checkable() -> None:
    deny = Passthrough(app=Layer)
    assert isinstance(deny, PermissionProtocol)
    assert isinstance(deny, MiddlewareProtocol)


async def test_iterate_in_threadpool_drives_a_blocking_iterator(anyio_backend: str) -> None:
    threads: set[int] = set()

    def numbers() -> Any:
        for n in range(3):
            threads.add(threading.get_ident())
            yield n

    assert [n async for n in iterate_in_threadpool(numbers())] == [0, 1, 2]
    assert threading.get_ident() not in threads


async def test_enforce_async_callable_and_async_callable(anyio_backend: str) -> None:
    def add(a: int, b: int = 0) -> int:
        return a + b

    async def async_add(a: int, b: int = 0) -> int:
        return a + b

    assert enforce_async_callable(async_add) is async_add
    assert await enforce_async_callable(add)(1, b=2) == 3
    assert await AsyncCallable(add, b=5)(1) == 6
    assert await AsyncCallable(async_add)(2, b=2) == 4


def test_is_async_callable_sees_through_partials_and_call() -> None:
    import functools

    class Callable:
        async def __call__(self) -> None: ...

    async def coro(x: int) -> None: ...

    assert is_async_callable(functools.partial(coro, 1))
    assert is_async_callable(Callable())
    assert not is_async_callable(len)


def test_run_sync_runs_an_awaitable() -> None:
    async def seven() -> int:
        return 7

    assert run_sync(seven()) == 7


async def test_async_resource_handler_closes_on_exit(anyio_backend: str) -> None:
    class Resource:
        closed = False

        async def close(self) -> None:
            self.closed = True

    async def open_resource() -> Resource:
        return Resource()

    async with AsyncResourceHandler(open_resource()) as resource:
        assert not resource.closed
    assert resource.closed
    assert isinstance(await AsyncResourceHandler(open_resource()), Resource)


def test_exception_details_and_reprs() -> None:
    assert str(HTTPException(status_code=418)) == "418: I'm a Teapot"
    assert str(HTTPException(status_code=599)) == "599: Error"
    assert HTTPException("custom detail", status_code=400).detail == "custom detail"
    assert repr(NotFound()) == "NotFound(status_code=404, detail='The resource cannot be found.')"
    assert TemplateNotFound(name="x.html").detail == "Template x.html not found."
    assert str(WebSocketException(1008, "policy")) == "1008: policy"
    assert repr(WebSocketException(1008)) == "WebSocketException(code=1008, reason='')"
    assert repr(LilyaException("a", detail="why")) == "LilyaException - why"
    assert repr(LilyaException()) == "LilyaException"
    assert str(LilyaException("a", "b")) == "ab"
    assert repr(Empty()) == "Empty"


def test_create_client_builds_an_app(test_client_factory: Any) -> None:
    async def home() -> str:
        return "home"

    with create_client(routes=[Path("/", home)]) as client:
        assert client.get("/").json() == "home"
        assert isinstance(client.app, Lilya)


def test_include_configuration_errors() -> None:
    from lilya.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="must start with"):
        Include("api", routes=[])
    with pytest.raises(ImproperlyConfigured, match="exactly one"):
        Include("/api")
    with pytest.raises(ImproperlyConfigured, match="no 'nope'"):
        Include("/api", namespace="tests.test_building_blocks", pattern="nope")
    with pytest.raises(ImproperlyConfigured, match="Cannot import"):
        Include("/api", app="not_a_module_anywhere:app")
    with pytest.raises(ImproperlyConfigured, match="no attribute"):
        Include("/api", app="tests.test_building_blocks:missing")
    with pytest.raises(ImproperlyConfigured, match="is not a"):
        Include("/api", app="justaname")


route_patterns = [Path("/from-module", lambda: None, name="from-module")]


def test_include_by_namespace_and_string_app(test_client_factory: Any) -> None:
    async def home() -> str:
        return "home"

    included = Include("/ns", namespace="tests.test_building_blocks", name="ns")
    assert [route.path for route in included.routes] == ["/from-module"]
    assert "Include(path='/ns'" in repr(included)
    mounted = Include("/str", app="tests.test_building_blocks:string_app")
    client = test_client_factory(Lilya(routes=[mounted]))
    assert client.get("/str/").json() == "string app"


async def _string_app_handler() -> str:
    return "string app"


string_app = Lilya(routes=[Path("/", _string_app_handler)])


def test_route_path_must_start_with_slash() -> None:
    from lilya.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        Path("nope", lambda: None)


def test_router_rejects_non_routes() -> None:
    with pytest.raises(TypeError, match="Routes must be"):
        Lilya(routes=["/not-a-route"])


def test_unknown_event_type_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown event"):
        Lilya().add_event_handler("teardown", lambda: None)


def test_types_has_lilyas_handler_and_event_aliases() -> None:
    """Lilya 0.7.5's lilya.types names HTTPExceptionHandler, WebSocketExceptionHandler and
    LifespanEvent, which user code imports for its annotations."""
    from lilya import types

    assert {"HTTPExceptionHandler", "WebSocketExceptionHandler", "LifespanEvent"} <= set(
        types.__all__
    )
    for name in ("HTTPExceptionHandler", "WebSocketExceptionHandler", "LifespanEvent"):
        assert getattr(types, name) is not None
