from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.enums import Match
from lilya.exceptions import ImproperlyConfigured
from lilya.responses import PlainText
from lilya.routing import Host, Include, NoMatchFound, Path, Router
from lilya.routing._loading import load_route_patterns
from lilya.types import Receive, Scope, Send


async def home() -> str:
    return "home"


async def echo_scope(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainText(f"{scope['root_path']}|{scope['path']}|{scope.get('path_params')}")(
        scope, receive, send
    )


class EchoScope:
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope(scope, receive, send)


def http_scope(path: str, host: str = "testserver", method: str = "GET") -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [(b"host", host.encode())],
    }


def test_include_used_directly_as_an_asgi_app_keeps_the_whole_path(
    test_client_factory: Any,
) -> None:
    """The mounted app sees root_path grown by the prefix and `path` whole (ASGI convention;
    lilya used to strip the prefix from `path`)."""
    include = Include("/users/{uid:int}", app=echo_scope)
    client = test_client_factory(include)
    assert client.get("/users/3/x").text == "/users/3|/users/3/x|{'uid': 3}"
    assert client.get("/users/abc/x").status_code == 404
    assert client.get("/other").status_code == 404


def test_include_search_ignores_lifespan_and_bad_values() -> None:
    include = Include("/n/{x:int}", app=echo_scope)
    assert include.search({"type": "lifespan"})[0] is Match.NONE
    assert include.search(http_scope("/n/" + "9" * 5000 + "/a"))[0] is Match.NONE
    assert include.search(http_scope("/n/4/a"))[0] is Match.FULL


def test_mount_name_with_path_requires_exact_parameters() -> None:
    include = Include("/files/{bucket}", app=echo_scope, name="files")
    assert include.path_for("files", bucket="b", path="x/y.txt") == "/files/b/x/y.txt"
    with pytest.raises(NoMatchFound):
        include.path_for("files", path="x")
    with pytest.raises(NoMatchFound):
        include.path_for("files", bucket="a/b", path="x")


def test_include_of_an_app_without_names_does_not_reverse() -> None:
    with pytest.raises(NoMatchFound):
        Include("/x", app=echo_scope).path_for("anything")


def test_host_routes_and_reversal() -> None:
    inner = Router(routes=[Path("/p", home, name="page")])
    host = Host("{sub}.example.com", app=inner, name="site")
    assert [r.path for r in host.routes] == ["/p"]
    assert host.search({"type": "lifespan"})[0] is Match.NONE
    assert host.search(http_scope("/p", host="a.other.com"))[0] is Match.NONE
    match, child = host.search(http_scope("/p", host="Docs.Example.com:443"))
    assert (match, child["path_params"]) == (Match.FULL, {"sub": "docs"})
    assert host.path_for("site", sub="x", path="/y").host == "x.example.com"
    assert host.path_for_with_name({"sub": "x", "path": "/z"}) == "/z"
    assert host.path_for_without_name("site:page", {"sub": "x"}) == "/p"
    with pytest.raises(NoMatchFound):
        host.path_for("site:page")
    with pytest.raises(NoMatchFound):
        host.path_for("site", sub="x", path="/y", extra=1)
    with pytest.raises(NoMatchFound):
        host.path_for("elsewhere:page", sub="x")
    assert "Host(host='{sub}.example.com'" in repr(host)


def test_host_must_not_look_like_a_path() -> None:
    with pytest.raises(ImproperlyConfigured):
        Host("/example.com", app=echo_scope)


def test_host_with_typed_parameter_that_fails_to_convert() -> None:
    host = Host("v{version:int}.example.com", app=echo_scope)
    assert host.search(http_scope("/", host="v1.example.com"))[0] is Match.FULL


def test_host_before_a_path_route_wins_in_declaration_order(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Path("/only-post", home, methods=["POST"]),
            Host("api.example.com", app=Lilya(routes=[Path("/", home)])),
            Path("/", EchoScope()),
        ]
    )
    client = test_client_factory(app)
    assert client.get("/", headers={"host": "api.example.com"}).json() == "home"
    assert client.get("/").text.startswith("|/")
    assert client.get("/only-post").status_code == 405


def test_router_default_app_and_lifecycle(test_client_factory: Any) -> None:
    events: list[str] = []
    router = Router(
        routes=[Path("/", home)],
        default=echo_scope,
        on_startup=[lambda: events.append("up")],
        on_shutdown=[lambda: events.append("down")],
    )
    client = test_client_factory(router)
    assert client.get("/missing").text == "|/missing|None"
    with test_client_factory(router):
        pass
    assert events == ["up", "down"]


async def test_router_startup_and_shutdown_helpers(anyio_backend: str) -> None:
    events: list[str] = []

    async def up() -> None:
        events.append("up")

    router = Router(on_startup=[up], on_shutdown=[lambda: events.append("down")])
    await router.startup()
    await router.shutdown()
    assert events == ["up", "down"]
    assert router.on_startup == [up]


test_router_startup_and_shutdown_helpers = pytest.mark.anyio(
    test_router_startup_and_shutdown_helpers
)


def test_event_handlers_refused_with_a_lifespan() -> None:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        yield

    router = Router(lifespan=lifespan)
    with pytest.raises(RuntimeError, match="lifespan"):
        router.on_event("startup")(home)


def test_invalidate_index_after_replacing_a_route(test_client_factory: Any) -> None:
    async def other() -> str:
        return "other"

    router = Router(routes=[Path("/", home)])
    client = test_client_factory(router)
    assert client.get("/").json() == "home"
    router.routes[0] = Path("/", other)
    router.invalidate_index()
    assert client.get("/").json() == "other"


def test_router_layers_and_handle_helpers(test_client_factory: Any) -> None:
    from lilya.middleware import DefineMiddleware

    class Tag:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            scope["tagged"] = True
            await self.app(scope, receive, send)

    async def tagged(request: Any) -> bool:
        return bool(request.scope.get("tagged"))

    router = Router(routes=[Path("/", tagged)], middleware=[DefineMiddleware(Tag)])
    client = test_client_factory(router)
    assert client.get("/").json() is True
    assert client.get("/").json() is True
    assert "Router(routes=" in repr(router)


# -- Host ignores ports (Lilya 0.7.5 compat) --------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "header"),
    [
        ("api.example.org:3600", "api.example.org"),
        ("api.example.org:3600", "api.example.org:8000"),
        ("api.example.org", "api.example.org:3600"),
        ("[::1]:8000", "[::1]:9000"),
        ("[::1]", "[::1]"),
    ],
)
def test_host_matches_ignoring_the_port(
    test_client_factory: Any, pattern: str, header: str
) -> None:
    app = Lilya(routes=[Host(pattern, app=echo_scope)])
    response = test_client_factory(app).get("/x", headers={"host": header})
    assert response.status_code == 200


def test_host_with_a_port_still_rejects_other_hosts(test_client_factory: Any) -> None:
    app = Lilya(routes=[Host("api.example.org:3600", app=echo_scope)])
    response = test_client_factory(app).get("/x", headers={"host": "www.example.org:3600"})
    assert response.status_code == 404


def test_host_parameter_with_a_type_is_not_taken_for_a_port() -> None:
    host = Host("{sub:str}.example.org", app=echo_scope, name="h")
    assert host.path_for("h", sub="api", path="/x").host == "api.example.org"


@pytest.mark.parametrize(
    "header",
    [
        "evil.com:@api.example.org",
        "evil.com#.example.org",
        "evil.com/.example.org",
        "evil.com\\.example.org",
        "api.example.org:99999",
    ],
)
def test_host_with_an_invalid_header_matches_no_host_route(header: str) -> None:
    """The Host header goes through the strict parser: a value that only looks like a name of
    the pattern (userinfo, fragment, path, backslash, bad port) names no host at all."""
    host = Host("{sub}.example.org", app=echo_scope)
    assert host.search(http_scope("/", host=header))[0] is Match.NONE


def test_host_with_two_host_headers_matches_no_host_route() -> None:
    scope = http_scope("/", host="api.example.org")
    scope["headers"].append((b"host", b"api.example.org"))
    assert Host("api.example.org", app=echo_scope).search(scope)[0] is Match.NONE


def test_host_matches_the_header_case_insensitively() -> None:
    host = Host("api.example.org", app=echo_scope)
    assert host.search(http_scope("/", host="API.Example.ORG:8000"))[0] is Match.FULL


# -- Include validates its arguments (Lilya 0.7.5 compat) ---------------------------------------


def test_include_namespace_must_be_a_string() -> None:
    with pytest.raises(ImproperlyConfigured, match="namespace must be a module path string"):
        Include("/a", namespace=1)  # type: ignore[arg-type]


def test_include_pattern_must_be_a_string() -> None:
    with pytest.raises(ImproperlyConfigured, match="pattern must be the name of a list"):
        Include("/a", namespace="tests.routing.test_include_host", pattern=3)  # type: ignore[arg-type]


def test_include_pattern_needs_a_namespace() -> None:
    with pytest.raises(ImproperlyConfigured, match="'pattern' without a 'namespace'"):
        Include("/a", routes=[], pattern="route_patterns")


def test_include_namespace_pattern_must_be_a_list_of_routes() -> None:
    with pytest.raises(ImproperlyConfigured, match="must be a list of routes"):
        Include("/a", namespace="tests.routing.test_include_host", pattern="not_routes")


def test_include_namespace_without_the_pattern_says_so() -> None:
    with pytest.raises(ImproperlyConfigured, match="has no 'route_patterns' list"):
        Include("/a", namespace="tests.routing.test_include_host")


def test_include_namespace_module_that_does_not_import_says_so() -> None:
    with pytest.raises(ImproperlyConfigured, match="Cannot import the routes module"):
        Include("/a", namespace="tests.routing.no_such_module")


def test_include_namespace_mounts_the_named_list(test_client_factory: Any) -> None:
    app = Lilya(routes=[Include("/a", namespace="tests.routing.test_include_host", pattern="urls")])
    assert test_client_factory(app).get("/a/x").text == "/a|/a/x|{}"


def test_load_route_patterns_returns_the_validated_list() -> None:
    assert load_route_patterns("tests.routing.test_include_host", "urls") is urls


not_routes = ["not a route"]
urls = [Include("/", app=echo_scope)]


@pytest.mark.parametrize(
    ("pattern", "params", "host"),
    [
        ("api.example.org:3600", {}, "api.example.org:3600"),
        ("{sub}.example.com:8000", {"sub": "a"}, "a.example.com:8000"),
        ("[::1]:8000", {}, "[::1]:8000"),
    ],
)
def test_reversed_host_keeps_the_port_of_the_pattern(
    pattern: str, params: dict[str, str], host: str
) -> None:
    """Lilya 0.7.5 ignores the pattern's port when matching but keeps it in reversed URLs."""

    async def page() -> PlainText:  # pragma: no cover - only reversed
        return PlainText("x")

    route = Host(pattern, app=Router(routes=[Path("/y", page, name="y")]), name="n")
    url = route.path_for("n:y", **params)
    assert (url.host, url.make_absolute_url("http://testserver")) == (host, f"http://{host}/y")


@pytest.mark.parametrize(
    ("path", "path_format", "regex", "keys"),
    [
        ("/i", "/i/{path}", "^/i/(?P<path>.*)$", ["path"]),
        ("/i/", "/i/{path}", "^/i/(?P<path>.*)$", ["path"]),
        ("/", "/{path}", "^/(?P<path>.*)$", ["path"]),
        ("/i/{v:int}", "/i/{v}/{path}", "^/i/(?P<v>[0-9]+)/(?P<path>.*)$", ["v", "path"]),
    ],
)
def test_include_describes_its_mount_as_lilya_does(
    path: str, path_format: str, regex: str, keys: list[str]
) -> None:
    """Lilya 0.7.5's Include has path_format, path_regex and param_convertors, "path" last."""
    include = Include(path, routes=[])
    assert include.path_format == path_format
    assert include.path_regex.pattern == regex
    assert list(include.param_convertors) == keys
    assert include.path_regex.fullmatch(path_format.replace("{v}", "3").replace("{path}", "a/b"))
