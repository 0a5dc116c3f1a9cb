from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.context import Context
from lilya.enums import Match
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import Ok, PlainText, Response
from lilya.routing import Include, Path, Router
from lilya.types import Receive, Scope, Send

ClientFactory = Callable[..., Any]


def welcome() -> Ok:
    return Ok({"message": "Welcome to Lilya"})


def user(user: str) -> Ok:
    return Ok({"message": f"Welcome to Lilya, {user}"})


def user_in_request(request: Request) -> Ok:
    name = request.path_params["user"]
    return Ok({"message": f"Welcome to Lilya, {name}"})


readme_app = Lilya(
    routes=[
        Path("/", welcome),
        Path("/{user}", user),
        Path("/in-request/{user}", user_in_request),
    ]
)


def test_readme_program_answers(test_client_factory: ClientFactory) -> None:
    client = test_client_factory(readme_app)
    assert client.get("/").json() == {"message": "Welcome to Lilya"}
    assert client.get("/lilya").json() == {"message": "Welcome to Lilya, lilya"}
    assert client.get("/in-request/ana").json() == {"message": "Welcome to Lilya, ana"}


def make_client(factory: ClientFactory, *routes: Any, **options: Any) -> Any:
    return factory(Lilya(routes=list(routes), **options))


async def typed(value: Any) -> dict[str, str]:
    return {"type": type(value).__name__, "value": str(value)}


@pytest.mark.parametrize(
    ("template", "path", "expected_type", "expected_value"),
    [
        ("/v/{value:int}", "/v/42", "int", "42"),
        ("/v/{value:float}", "/v/1.5", "float", "1.5"),
        (
            "/v/{value:uuid}",
            "/v/12345678-1234-5678-1234-567812345678",
            "UUID",
            "12345678-1234-5678-1234-567812345678",
        ),
        ("/v/{value:path}", "/v/a/b/c", "str", "a/b/c"),
        ("/v/{value:datetime}", "/v/2024-01-02T03:04:05", "datetime", "2024-01-02 03:04:05"),
        ("/v/<value:int>", "/v/7", "int", "7"),
    ],
)
def test_path_parameters_are_converted_by_type(
    test_client_factory: ClientFactory,
    template: str,
    path: str,
    expected_type: str,
    expected_value: str,
) -> None:
    client = make_client(test_client_factory, Path(template, typed))
    assert client.get(path).json() == {"type": expected_type, "value": expected_value}


def test_value_not_fitting_the_type_is_not_found(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/v/{value:int}", typed))
    assert client.get("/v/abc").status_code == 404


def test_integer_too_long_to_convert_is_not_found_not_a_crash(
    test_client_factory: ClientFactory,
) -> None:
    client = make_client(test_client_factory, Path("/v/{value:int}", typed))
    assert client.get("/v/" + "9" * 5000).status_code == 404


def test_float_too_large_to_be_finite_is_not_found(test_client_factory: ClientFactory) -> None:
    """A 400-digit float overflows to infinity, which the float pattern exists to keep out (and
    which a JSON response cannot encode): no match, as for `inf` itself."""
    client = make_client(test_client_factory, Path("/v/{value:float}", typed))
    assert client.get("/v/" + "9" * 400).status_code == 404
    assert client.get("/v/" + "9" * 400 + ".5").status_code == 404
    assert client.get("/v/" + "9" * 300).json() == {"type": "float", "value": "1e+300"}


def test_impossible_datetime_is_not_found(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/v/{value:datetime}", typed))
    assert client.get("/v/2024-13-45T99:99:99").status_code == 404


def test_first_declared_route_wins(test_client_factory: ClientFactory) -> None:
    async def dynamic(name: str) -> str:
        return f"dynamic {name}"

    async def static() -> str:
        return "static"

    client = make_client(
        test_client_factory, Path("/users/{name}", dynamic), Path("/users/me", static)
    )
    assert client.get("/users/me").json() == "dynamic me"


def test_later_route_serves_the_method_an_earlier_one_does_not(
    test_client_factory: ClientFactory,
) -> None:
    async def only_post() -> str:
        return "post"

    async def any_get(name: str) -> str:
        return f"get {name}"

    client = make_client(
        test_client_factory,
        Path("/users/me", only_post, methods=["POST"]),
        Path("/users/{name}", any_get),
    )
    assert client.get("/users/me").json() == "get me"
    assert client.post("/users/me").json() == "post"


def test_wrong_method_is_405_with_allow_header(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/items", welcome, methods=["GET", "POST"]))
    response = client.delete("/items")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST, HEAD"  # Lilya 0.7.5 order: declared, then HEAD


def test_head_is_served_by_get_routes_without_a_body(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/", welcome))
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) > 0


def test_unknown_path_is_404_plain_text(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/", welcome))
    response = client.get("/missing")
    assert response.status_code == 404
    assert response.text == "Not Found"


def test_route_declared_with_a_trailing_slash_is_served_without_it(
    test_client_factory: ClientFactory,
) -> None:
    """Lilya 0.7.5 cleans route paths ("/items/" -> "/items", "//" -> "/"), so "/items/"
    redirects to "/items" (this used to serve "/items/" and redirect "/items" to it)."""
    route = Path("//items/", welcome, name="items")
    assert route.path == "/items"
    assert route.path_for("items") == "/items"
    client = make_client(test_client_factory, route)
    assert client.get("/items?x=1", follow_redirects=False).status_code == 200
    response = client.get("/items/?x=1", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "http://testserver/items?x=1"
    assert Path("/", welcome).path == "/"


def test_extra_trailing_slash_redirects(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/items", welcome))
    response = client.get("/items/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "http://testserver/items"


@pytest.mark.parametrize("url", ["/items//", "/items///?x=1"])
def test_every_extra_trailing_slash_goes_in_one_redirect(
    test_client_factory: ClientFactory, url: str
) -> None:
    """Lilya 0.7.5 strips all the trailing slashes before looking again."""
    client = make_client(test_client_factory, Path("/items", welcome))
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"].split("?")[0] == "http://testserver/items"


def test_redirect_slashes_can_be_disabled(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/items", welcome), redirect_slashes=False)
    assert client.get("/items/").status_code == 404


def test_handler_gets_only_what_it_declares(test_client_factory: ClientFactory) -> None:
    received: dict[str, Any] = {}

    async def handler(a: int, request: Request, ctx: Context, b: str = "default") -> str:
        received.update(a=a, request=request, ctx=ctx, b=b)
        return "ok"

    client = make_client(test_client_factory, Path("/{a:int}/x", handler))
    assert client.get("/5/x").json() == "ok"
    assert received["a"] == 5
    assert isinstance(received["request"], Request)
    assert isinstance(received["ctx"], Context)
    assert received["ctx"].request.url.path == "/5/x"
    assert received["b"] == "default"


async def request_by_position(request: Request) -> str:
    return request.url.path


async def request_positional_only(req: Request, /) -> str:
    return req.url.path


async def request_keyword_only(*, request: Request) -> str:
    return request.url.path


def request_in_a_thread(request: Request) -> str:
    return request.url.path


@pytest.mark.parametrize(
    "handler",
    [request_by_position, request_positional_only, request_keyword_only, request_in_a_thread],
)
def test_handlers_taking_only_the_request_get_it(
    test_client_factory: ClientFactory, handler: Callable[..., Any]
) -> None:
    client = make_client(test_client_factory, Path("/only/{name}", handler))
    assert client.get("/only/me").json() == "/only/me"


def test_request_found_by_annotation_under_another_name(
    test_client_factory: ClientFactory,
) -> None:
    async def handler(req: Request) -> str:
        return req.method

    client = make_client(test_client_factory, Path("/", handler))
    assert client.get("/").json() == "GET"


def test_undeclared_required_parameter_is_refused_when_the_app_starts_not_a_500(
    test_client_factory: ClientFactory,
) -> None:
    """Was a 500 on each request (issue 16): now the app refuses to start, naming it."""

    async def handler(missing: str) -> str:
        return missing

    client = make_client(test_client_factory, Path("/", handler))
    with pytest.raises(ImproperlyConfigured, match=r"handler.*'missing'"), client:
        pass


def test_sync_handlers_run_in_a_worker_thread(test_client_factory: ClientFactory) -> None:
    threads: dict[str, int] = {}

    def blocking() -> str:
        threads["sync"] = threading.get_ident()
        return "sync"

    async def non_blocking() -> str:
        threads["async"] = threading.get_ident()
        return "async"

    # One portal for both requests, so both threads are alive and their idents comparable.
    app = Lilya(routes=[Path("/s", blocking), Path("/a", non_blocking)])
    with test_client_factory(app) as client:
        assert client.get("/s").json() == "sync"
        assert client.get("/a").json() == "async"
        assert threads["sync"] != threads["async"]


@dataclasses.dataclass
class Point:
    x: int
    y: int


@pytest.mark.parametrize(
    ("value", "expected_body"),
    [
        ({"a": 1}, b'{"a":1}'),
        ([1, 2], b"[1,2]"),
        ("text", b'"text"'),
        (3, b"3"),
        (Point(1, 2), b'{"x":1,"y":2}'),
    ],
)
def test_plain_return_values_become_json(
    test_client_factory: ClientFactory, value: Any, expected_body: bytes
) -> None:
    async def handler() -> Any:
        return value

    response = make_client(test_client_factory, Path("/", handler)).get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == expected_body


def test_returning_none_gives_json_null(test_client_factory: ClientFactory) -> None:
    # Lilya 0.7.5 sends `null`; an empty body would not be valid JSON for application/json.
    async def handler() -> None:
        return None

    response = make_client(test_client_factory, Path("/", handler)).get("/")
    assert response.status_code == 200
    assert response.content == b"null"


def test_returned_response_is_sent_as_is(test_client_factory: ClientFactory) -> None:
    async def handler() -> Response:
        return PlainText("hi", status_code=201)

    response = make_client(test_client_factory, Path("/", handler)).get("/")
    assert (response.status_code, response.text) == (201, "hi")


def test_returned_asgi_app_is_called(test_client_factory: ClientFactory) -> None:
    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainText("from asgi")(scope, receive, send)

    async def handler() -> Any:
        return asgi

    assert make_client(test_client_factory, Path("/", handler)).get("/").text == "from asgi"


def test_asgi_app_as_handler(test_client_factory: ClientFactory) -> None:
    class App:
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await PlainText(f"path={scope['path']}")(scope, receive, send)

    assert make_client(test_client_factory, Path("/x", App())).get("/x").text == "path=/x"


def test_router_used_directly_as_an_asgi_app(test_client_factory: ClientFactory) -> None:
    router = Router(routes=[Path("/", welcome)])
    client = test_client_factory(router)
    assert client.get("/").json() == {"message": "Welcome to Lilya"}
    assert client.get("/nope").status_code == 404


def test_path_used_directly_as_an_asgi_app(test_client_factory: ClientFactory) -> None:
    route = Path("/hello/{user}", user)
    client = test_client_factory(route)
    assert client.get("/hello/ann").json() == {"message": "Welcome to Lilya, ann"}
    assert client.get("/other").status_code == 404
    assert client.post("/hello/ann").status_code == 405


def test_routes_added_after_the_first_request_are_served(
    test_client_factory: ClientFactory,
) -> None:
    app = Lilya(routes=[Path("/", welcome)])
    client = test_client_factory(app)
    assert client.get("/late").status_code == 404
    app.add_route("/late", welcome)
    assert client.get("/late").status_code == 200


def test_thousandth_route_is_found(test_client_factory: ClientFactory) -> None:
    async def numbered(request: Request) -> str:
        return str(request.url.path)

    routes = [Path(f"/route{i}/{{item:int}}", numbered, name=f"r{i}") for i in range(1000)]
    client = make_client(test_client_factory, *routes)
    assert client.get("/route999/3").json() == "/route999/3"


def test_unicode_and_odd_paths_do_not_crash(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/{user}", user))
    assert client.get("/caf%C3%A9").json() == {"message": "Welcome to Lilya, café"}
    assert client.get("/%FF%FE").status_code in (200, 400, 404)
    assert client.get("/a%2Fb").status_code in (200, 404)


def test_include_nested_routes(test_client_factory: ClientFactory) -> None:
    async def detail(org: str, item: int, request: Request) -> dict[str, Any]:
        return {
            "org": org,
            "item": item,
            "path": request.scope["path"],
            "root_path": request.scope["root_path"],
        }

    app = Lilya(
        routes=[
            Include(
                "/orgs/{org}",
                routes=[Include("/items", routes=[Path("/{item:int}", detail)])],
            )
        ]
    )
    body = test_client_factory(app).get("/orgs/acme/items/3").json()
    # `path` stays whole (ASGI convention); the Includes grow root_path only.
    assert body == {
        "org": "acme",
        "item": 3,
        "path": "/orgs/acme/items/3",
        "root_path": "/orgs/acme/items",
    }


def test_include_prefix_without_slash_redirects(test_client_factory: ClientFactory) -> None:
    app = Lilya(routes=[Include("/api", routes=[Path("/", welcome)])])
    client = test_client_factory(app)
    response = client.get("/api", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "http://testserver/api/"
    assert client.get("/api").json() == {"message": "Welcome to Lilya"}


def test_include_unknown_inner_path_is_404(test_client_factory: ClientFactory) -> None:
    app = Lilya(routes=[Include("/api", routes=[Path("/a", welcome)])])
    assert test_client_factory(app).get("/api/b").status_code == 404


def test_include_mounts_any_asgi_app_with_the_whole_path(
    test_client_factory: ClientFactory,
) -> None:
    """A mounted ASGI app sees path=/mnt/x/y, root_path=/mnt (the ASGI convention)."""

    async def mounted(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainText(f"{scope['root_path']}|{scope['path']}")(scope, receive, send)

    app = Lilya(routes=[Include("/mnt", app=mounted)])
    assert test_client_factory(app).get("/mnt/x/y").text == "/mnt|/mnt/x/y"


def test_include_at_root_sees_everything(test_client_factory: ClientFactory) -> None:
    app = Lilya(routes=[Include("/", routes=[Path("/deep/{value}", typed)])])
    assert test_client_factory(app).get("/deep/1").json() == {"type": "str", "value": "1"}


def test_uuid_path_parameter_round_trip() -> None:
    key = uuid.uuid4()
    app = Lilya(routes=[Path("/k/{key:uuid}", typed, name="key")])
    assert app.path_for("key", key=key) == f"/k/{key}"


def test_datetime_path_parameter_reverse() -> None:
    app = Lilya(routes=[Path("/d/{when:datetime}", typed, name="when")])
    assert app.path_for("when", when=datetime(2024, 1, 2, 3, 4, 5)) == "/d/2024-01-02T03:04:05"


def test_entry_skips_the_layer_check_only_without_layers() -> None:
    from lilya.middleware import DefineMiddleware
    from lilya.middleware.trustedhost import TrustedHostMiddleware

    plain = Router(routes=[Path("/", welcome)])
    assert plain.entry() == plain.app
    layered = Router(
        routes=[Path("/", welcome)],
        middleware=[DefineMiddleware(TrustedHostMiddleware, allowed_hosts=["example.com"])],
    )
    assert layered.entry() is layered


def test_app_sets_its_router_in_the_scope_once(test_client_factory: ClientFactory) -> None:
    seen: list[Any] = []

    async def where(request: Request) -> PlainText:
        seen.append(request.scope["router"])
        return PlainText("ok")

    child = Lilya(routes=[Path("/where", where)])
    parent = Lilya(routes=[Include("/child", app=child), Path("/where", where)])
    client = test_client_factory(parent)
    assert client.get("/where").text == "ok"
    assert client.get("/child/where").text == "ok"
    assert seen == [parent.router, parent.router]


class AuditedPath(Path):
    """A Path subclass customising handle_dispatch, as Lilya code may do."""

    seen: list[str] = []

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        AuditedPath.seen.append(scope["path"])
        await super().handle_dispatch(scope, receive, send)


def test_overridden_handle_dispatch_runs_on_full_matches(
    test_client_factory: ClientFactory,
) -> None:
    AuditedPath.seen = []
    client = make_client(
        test_client_factory,
        AuditedPath("/audited", welcome),
        Include("/api", routes=[AuditedPath("/nested", welcome)]),
    )
    for _ in range(2):  # the second time through a remembered match
        assert client.get("/audited").status_code == 200
        assert client.get("/api/nested").status_code == 200
    assert AuditedPath.seen == ["/audited", "/api/nested"] * 2


def test_full_match_skips_plain_handle_dispatch() -> None:
    """fast_path_safe is stated by each class; a subclass overriding a hot method without
    stating it gets the hook-honouring path."""
    assert Path("/", welcome).fast_path_safe
    assert Include("/a", routes=[]).fast_path_safe
    assert not AuditedPath("/", welcome).fast_path_safe

    class Declared(AuditedPath):
        fast_path_safe = True

    assert Declared("/", welcome).fast_path_safe


def test_repeated_requests_resolve_as_the_first_did(test_client_factory: ClientFactory) -> None:
    """Parameter-free matches are remembered per (type, method, path): a method the route
    does not serve, another path, or a route added in front later still resolve afresh."""

    async def first() -> PlainText:
        return PlainText("first")

    async def posted() -> PlainText:
        return PlainText("posted")

    async def replacement() -> PlainText:
        return PlainText("replacement")

    app = Lilya(routes=[Path("/x", first), Path("/x", posted, methods=["POST"])])
    client = test_client_factory(app)
    for _ in range(2):
        assert client.get("/x").text == "first"
        assert client.post("/x").text == "posted"
        assert client.put("/x").status_code == 405
        assert client.get("/x/").status_code == 200  # the slash redirect, then /x
    app.router.routes.insert(0, Path("/x", replacement))
    assert client.get("/x").text == "replacement"


def test_routes_matching_on_more_than_the_path_are_not_remembered(
    test_client_factory: ClientFactory,
) -> None:
    class BetaOnly(Path):
        """Matches only requests carrying an x-beta header."""

        def match_candidate(self, scope: Scope, raw_params: Any, remainder: Any) -> Any:
            if (b"x-beta", b"1") not in scope["headers"]:
                return (Match.NONE, {})
            return super().match_candidate(scope, raw_params, remainder)

    async def beta() -> PlainText:
        return PlainText("beta")

    async def stable() -> PlainText:
        return PlainText("stable")

    client = make_client(test_client_factory, BetaOnly("/page", beta), Path("/page", stable))
    assert client.get("/page", headers={"x-beta": "1"}).text == "beta"
    assert client.get("/page").text == "stable"
    assert client.get("/page", headers={"x-beta": "1"}).text == "beta"


def test_path_params_of_an_outer_include_reach_a_remembered_route(
    test_client_factory: ClientFactory,
) -> None:
    async def inner(request: Request) -> dict[str, Any]:
        return dict(request.path_params)

    outer = Include("/{tenant}", app=Router(routes=[Path("/home", inner)]))
    client = make_client(test_client_factory, outer)
    assert client.get("/a/home").json() == {"tenant": "a"}
    assert client.get("/b/home").json() == {"tenant": "b"}


def test_include_used_directly_as_an_asgi_app(test_client_factory: ClientFactory) -> None:
    client = test_client_factory(Include("/api", routes=[Path("/hello", welcome)]))
    assert client.get("/api/hello").json() == {"message": "Welcome to Lilya"}
    assert client.get("/elsewhere").status_code == 404


def test_remembered_matches_stay_bounded_and_keep_serving(
    test_client_factory: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lilya.routing import table

    limit = 8
    monkeypatch.setattr(table, "CACHED_PATHS", limit)

    class AnyMethod:
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await PlainText(scope["method"])(scope, receive, send)

    app = Lilya(routes=[Path("/any", AnyMethod()), Path("/", welcome)])
    client = test_client_factory(app)
    for index in range(limit + 10):
        assert client.request(f"M{index}", "/any").text == f"M{index}"
    assert len(app.router._known_matches) <= limit
    assert client.get("/").json() == {"message": "Welcome to Lilya"}
    assert ("http", "GET", "/") in app.router._known_matches


# -- Path.methods / middleware as Lilya reports them ---------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, ["GET", "HEAD"]),
        (["post", "get"], ["POST", "GET", "HEAD"]),
        (["GET", "POST"], ["GET", "POST", "HEAD"]),
        (["PUT", "GET", "DELETE"], ["PUT", "GET", "DELETE", "HEAD"]),
        (["HEAD", "get", "Get"], ["HEAD", "GET"]),
        (["HEAD", "PUT"], ["HEAD", "PUT"]),
    ],
)
def test_path_methods_keep_declaration_order_with_head_appended_after_them(
    given: list[str] | None, expected: list[str]
) -> None:
    """Lilya 0.7.5 appends HEAD after the declared methods (this used to put it right after
    GET); a method named twice is listed once."""
    assert Path("/", welcome, methods=given).methods == expected


def test_405_allow_header_lists_methods_in_lilya_order(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", welcome, methods=["GET", "POST"])])
    response = test_client_factory(app).put("/")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST, HEAD"


def test_allow_header_lists_the_methods_served(test_client_factory: ClientFactory) -> None:
    client = make_client(test_client_factory, Path("/", welcome, methods=["post", "get"]))
    assert client.delete("/").headers["allow"] == "POST, GET, HEAD"


def test_route_middleware_and_permissions_are_none_when_not_given() -> None:
    from lilya.routing import WebSocketPath

    async def socket(websocket: Any) -> None: ...

    for route in (Path("/", welcome), WebSocketPath("/", socket)):
        assert (route.middleware, route.permissions) == (None, None)
    assert Path("/", welcome, middleware=[]).middleware == []


# -- hooks a subclass overrides are called --------------------------------------------------------


class HookedRouter(Router):
    """Overrides Lilya's handle_route/handle_partial hooks: dispatch must call them."""

    calls: list[str] = []

    async def handle_route(self, route: Any, child: Scope, scope: Scope, r: Any, s: Any) -> None:
        HookedRouter.calls.append("route:" + route.path)
        await super().handle_route(route, child, scope, r, s)

    async def handle_partial(self, route: Any, child: Scope, scope: Scope, r: Any, s: Any) -> None:
        HookedRouter.calls.append("partial:" + route.path)
        await super().handle_partial(route, child, scope, r, s)


def test_router_subclass_hooks_are_called(test_client_factory: ClientFactory) -> None:
    HookedRouter.calls = []
    router = HookedRouter(routes=[Path("/a", welcome), Include("/i", routes=[Path("/b", welcome)])])
    client = test_client_factory(router)
    for _ in range(2):  # the second time, nothing may be replayed past the hooks
        assert client.get("/a").status_code == 200
    assert client.post("/a").status_code == 405
    assert client.get("/i/b").status_code == 200
    # handle_partial hands on to handle_route; /i/b is indexed here as the inner route "/b".
    assert HookedRouter.calls == ["route:/a", "route:/a", "partial:/a", "route:/a", "route:/b"]


def test_router_with_hooks_is_not_flattened_into_its_parent(
    test_client_factory: ClientFactory,
) -> None:
    HookedRouter.calls = []
    inner = HookedRouter(routes=[Path("/b", welcome)])
    app = Lilya(routes=[Include("/i", app=inner)])
    assert inner.plain_routes() is None
    assert test_client_factory(app).get("/i/b").status_code == 200
    assert HookedRouter.calls == ["route:/b"]


def test_route_called_directly_goes_through_dispatch(test_client_factory: ClientFactory) -> None:
    seen: list[str] = []

    class Watched(Path):
        async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
            seen.append(scope["path"])
            await super().dispatch(scope, receive, send)

    client = test_client_factory(Watched("/w", welcome))
    assert client.get("/w").status_code == 200
    assert client.get("/other").status_code == 404
    assert seen == ["/w", "/other"]


def test_include_subclass_overriding_a_hot_method_is_not_flattened() -> None:
    class Custom(Include):
        def match_candidate(self, scope: Scope, raw: Any, rest: str | None) -> Any:
            return super().match_candidate(scope, raw, rest)

    assert not Custom.fast_path_safe
    assert Custom("/c", routes=[Path("/x", welcome)]).plain_routes() is None
    assert Include("/c", routes=[Path("/x", welcome)]).plain_routes() is not None


def test_unnamed_include_asks_its_router_whether_it_may_reverse() -> None:
    inner = Router(routes=[Path("/x", welcome, name="x")])
    assert inner.may_reverse("x")
    assert not inner.may_reverse("y")
    assert HookedRouter(routes=[]).may_reverse("anything")


def test_path_exposes_param_convertors_path_format_and_path_regex() -> None:
    """The attributes Lilya 0.7.5's Path has, read by code that inspects routes."""
    route = Path("/users/{user_id:int}/{name}", welcome)
    assert list(route.param_convertors) == ["user_id", "name"]
    assert route.param_convertors["user_id"].transform("3") == 3
    assert route.path_format == "/users/{user_id}/{name}"
    found = route.path_regex.match("/users/3/ann")
    assert found is not None
    assert found.groupdict() == {"user_id": "3", "name": "ann"}
    assert route.path_regex.match("/users/x/ann") is None
    assert route.path_regex.match("/users/3/ann/more") is None


@pytest.mark.parametrize(
    "build",
    [
        lambda: Path("no-slash", welcome),
        lambda: Path("/{a:nope}", welcome),
        lambda: Include("no-slash", routes=[]),
        lambda: Include("/i"),
    ],
    ids=["path-without-slash", "unknown-type", "include-without-slash", "include-without-app"],
)
def test_route_definition_errors_are_also_assertion_errors(build: Any) -> None:
    """Lilya 0.7.5 asserts these: `except AssertionError` keeps working, and they stay
    ImproperlyConfigured (raised explicitly, so python -O keeps them)."""
    with pytest.raises(AssertionError):
        build()
    with pytest.raises(ImproperlyConfigured):
        build()
