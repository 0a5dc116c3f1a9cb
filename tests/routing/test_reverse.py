from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lilya import conf
from lilya.apps import ChildLilya, Lilya
from lilya.compat import reverse
from lilya.requests import Request
from lilya.routing import Host, Include, NoMatchFound, Path
from lilya.testclient import TestClient


async def handler() -> str:
    return "ok"


async def show_url(request: Request) -> dict[str, str]:
    return {"path_for": str(request.path_for("api:users:detail", id=5))}


def build_app() -> Lilya:
    child = ChildLilya(routes=[Path("/child/{slug}", handler, name="child-page")])
    return Lilya(
        routes=[
            Path("/", handler, name="home"),
            Path("/items/{id:int}", handler, name="item"),
            Include(
                "/api",
                name="api",
                routes=[
                    Include(
                        "/users",
                        name="users",
                        routes=[Path("/{id:int}", handler, name="detail")],
                    ),
                    Path("/url", show_url, name="url"),
                ],
            ),
            Include("/apps", app=child, name="apps"),
            Include("/plain", routes=[Path("/thing", handler, name="thing")]),
            Include("/static", app=handler, name="static"),
            Host(
                "{sub}.example.com", app=Lilya(routes=[Path("/h", handler, name="h")]), name="sub"
            ),
        ]
    )


def test_simple_name_reverses() -> None:
    assert build_app().path_for("home") == "/"


def test_parameters_are_written_in() -> None:
    assert build_app().path_for("item", id=3) == "/items/3"


def test_nested_names_are_joined_with_colons() -> None:
    assert build_app().path_for("api:users:detail", id=7) == "/api/users/7"


def test_unnamed_include_is_transparent() -> None:
    assert build_app().path_for("thing") == "/plain/thing"


def test_child_app_routes_reverse_through_the_include() -> None:
    assert build_app().path_for("apps:child-page", slug="x") == "/apps/child/x"


def test_mount_name_with_path_parameter() -> None:
    assert build_app().path_for("static", path="/css/site.css") == "/static/css/site.css"


def test_host_reverse_carries_the_host() -> None:
    url = build_app().path_for("sub:h", sub="api")
    assert url == "/h"
    assert url.host == "api.example.com"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("home", {"extra": 1}),
        ("item", {}),
        ("item", {"id": 1, "more": 2}),
        ("missing", {}),
        ("api:users:nope", {"id": 1}),
        ("api:users:detail", {"id": -1}),
    ],
)
def test_wrong_names_or_parameters_raise_no_match_found(name: str, params: dict[str, Any]) -> None:
    with pytest.raises(NoMatchFound):
        build_app().path_for(name, **params)


def test_compat_reverse_takes_an_app() -> None:
    assert reverse("api:users:detail", app=build_app(), path_params={"id": 2}) == "/api/users/2"


def test_compat_reverse_needs_an_app() -> None:
    previous = conf.settings.app
    conf.settings.app = None  # without app=, reverse() looks at settings.app (Lilya 0.7.5)
    try:
        with pytest.raises(TypeError):
            reverse("home")
    finally:
        conf.settings.app = previous


def test_request_path_for_uses_the_top_level_router(test_client_factory: Any) -> None:
    """request.path_for is the absolute URL, as in Lilya 0.7.5 (it used to be the path)."""
    client = test_client_factory(build_app())
    assert client.get("/api/url").json() == {"path_for": "http://testserver/api/users/5"}


def test_host_routing_dispatches_by_host_header(test_client_factory: Any) -> None:
    async def where(sub: str) -> str:
        return sub

    app = Lilya(
        routes=[
            Host("{sub}.example.com", app=Lilya(routes=[Path("/", where)])),
            Path("/", handler),
        ]
    )
    client = test_client_factory(app)
    assert client.get("/", headers={"host": "docs.example.com:8080"}).json() == "docs"
    assert client.get("/").json() == "ok"


# A path parameter called `name`: the route's name goes by position (Lilya 0.7.5 raises a
# TypeError, "got multiple values for argument 'name'").


async def item_link(request: Request) -> dict[str, str]:
    return {"url": str(request.url_for("shop:item", name="lamp"))}


def shop_app() -> Lilya:
    return Lilya(
        routes=[
            Include(
                "/shop",
                name="shop",
                routes=[
                    Path("/items/{name}", handler, name="item"),
                    Path("/link", item_link, name="link"),
                ],
            ),
            Host("{name}.example.com", app=Lilya(routes=[Path("/", handler)]), name="site"),
        ]
    )


def test_a_path_parameter_may_be_called_name(test_client_factory: Any) -> None:
    app = shop_app()
    assert app.path_for("shop:item", name="lamp") == "/shop/items/lamp"
    assert app.url_path_for("shop:item", name="lamp") == "/shop/items/lamp"
    assert reverse("shop:item", app=app, name="lamp") == "/shop/items/lamp"
    assert reverse("shop:item", app=app, path_params={"name": "lamp"}) == "/shop/items/lamp"
    client = test_client_factory(app)
    assert client.get("/shop/link").json() == {"url": "http://testserver/shop/items/lamp"}
    site = app.path_for("site", name="docs", path="/")
    assert (site.host, str(site)) == ("docs.example.com", "/")


def test_the_route_name_may_still_be_given_by_keyword() -> None:
    app = shop_app()
    assert app.path_for(name="shop:link") == "/shop/link"
    assert app.router.path_for(name="shop:link") == "/shop/link"
    assert reverse(name="shop:link", app=app) == "/shop/link"


def test_path_for_without_a_name_says_so() -> None:
    with pytest.raises(TypeError, match="needs the name of the route"):
        shop_app().path_for()


async def where(request: Request) -> dict[str, str]:
    return {"base": str(request.base_url), "url": str(request.url)}


def prefixed_shop() -> Lilya:
    return Lilya(
        routes=[
            Include(
                "/shop",
                name="shop",
                routes=[
                    Path("/items/{name}", handler, name="item"),
                    Path("/link", item_link),
                    Path("/where", where),
                    Include("/deeper", routes=[Path("/where", where)]),
                ],
            )
        ]
    )


def test_absolute_urls_inside_includes_start_at_the_application_root(
    test_client_factory: Any,
) -> None:
    # Includes grow root_path for what they hold, but base_url (and so url_for) stays the
    # application's root: the server's root_path, here "/prefix", not "/prefix/shop". The
    # path holds root_path (ASGI convention), so requests ask for "/prefix/...".
    client = test_client_factory(prefixed_shop(), root_path="/prefix")
    link = client.get("/prefix/shop/link").json()
    assert link == {"url": "http://testserver/prefix/shop/items/lamp"}
    for path in ("/shop/where", "/shop/deeper/where"):
        assert client.get("/prefix" + path).json()["base"] == "http://testserver/prefix/"


def test_request_url_inside_includes_is_the_whole_path(test_client_factory: Any) -> None:
    client = test_client_factory(prefixed_shop(), root_path="/prefix")
    for path in ("/prefix/shop/where", "/prefix/shop/deeper/where"):
        assert client.get(path).json()["url"] == f"http://testserver{path}"


# The router looks names up in an index; the answers are those of asking every route in order.


def test_the_first_route_in_order_that_fits_answers() -> None:
    app = Lilya(
        routes=[
            Path("/a/{id:int}", handler, name="x"),
            Include("/inner", routes=[Path("/x", handler, name="x")]),  # unnamed: any name
            Path("/b", handler, name="x"),
        ]
    )
    assert app.path_for("x", id=1) == "/a/1"
    assert app.path_for("x") == "/inner/x"  # the unnamed Include comes before "/b"


class Aliased(Path):
    """A route answering a second name through its own path_for."""

    def path_for(self, name: str | None = None, /, **path_params: Any) -> Any:
        return super().path_for("real" if name == "alias" else name, **path_params)


def test_a_route_with_its_own_path_for_is_asked_for_every_name() -> None:
    app = Lilya(routes=[Path("/other", handler, name="other"), Aliased("/r", handler, name="real")])
    assert app.path_for("alias") == "/r"
    assert app.path_for("real") == "/r"


def test_routes_added_later_are_found() -> None:
    app = Lilya(routes=[Path("/", handler, name="home")])
    assert app.path_for("home") == "/"
    with pytest.raises(NoMatchFound):
        app.path_for("late")
    app.add_route("/late", handler, name="late")
    assert app.path_for("late") == "/late"


def test_namespaces_resolve_at_every_depth_among_many_routes() -> None:
    many = [Path(f"/r{i}", handler, name=f"r{i}") for i in range(50)]
    deep = Include("/b", name="b", routes=[Path("/c", handler, name="c")])
    app = Lilya(routes=[*many, Include("/a", name="a", routes=[*many, deep])])
    assert app.path_for("r49") == "/r49"
    assert app.path_for("a:r49") == "/a/r49"
    assert app.path_for("a:b:c") == "/a/b/c"
    with pytest.raises(NoMatchFound):
        app.path_for("a:b:missing")


class AliasedInclude(Include):
    """An unnamed Include answering a name its routes do not have."""

    def path_for(self, name: str | None = None, /, **path_params: Any) -> Any:
        return super().path_for("inner" if name == "alias" else name, **path_params)


def test_unnamed_includes_are_asked_only_for_names_their_routes_have() -> None:
    plain = Include("/p", routes=[Path("/inner", handler, name="inner")])
    aliased = AliasedInclude("/q", routes=[Path("/inner", handler, name="inner")])
    assert plain.may_answer("inner")
    assert not plain.may_answer("alias")
    app = Lilya(routes=[plain, aliased])
    assert app.path_for("inner") == "/p/inner"
    assert app.path_for("alias") == "/q/inner"  # its own path_for: asked for every name
    mounted_app = Include("/other", app=handler)  # not a router: asked for every name
    assert mounted_app.may_answer("anything")


# Reversed paths percent-encode their values, so requesting them gives the values back
# (Lilya 0.7.5 and Starlette write "?", "#" and "%" as they are, which cuts the path short).


async def echo_params(request: Request) -> dict[str, str]:
    return {key: str(value) for key, value in request.path_params.items()}


_ROUND_TRIP = Lilya(
    routes=[
        Path("/n/{name}", echo_params, name="named"),
        Path("/files/{rest:path}", echo_params, name="files"),
    ]
)


def test_values_that_would_change_the_url_are_percent_encoded() -> None:
    assert _ROUND_TRIP.path_for("named", name="a b?c#d%e") == "/n/a%20b%3Fc%23d%25e"
    assert _ROUND_TRIP.path_for("named", name="caf\u00e9") == "/n/caf%C3%A9"
    assert _ROUND_TRIP.path_for("named", name="a:b@c!$&'()*+,;=") == "/n/a:b@c!$&'()*+,;="
    assert _ROUND_TRIP.path_for("files", rest="dir/sub dir/x.txt") == "/files/dir/sub%20dir/x.txt"


@settings(max_examples=60, deadline=None)
@given(value=st.text(min_size=1).filter(lambda text: "/" not in text and text not in (".", "..")))
def test_a_reversed_path_leads_back_to_its_values(value: str) -> None:
    client = TestClient(_ROUND_TRIP)
    path = str(_ROUND_TRIP.path_for("named", name=value))
    assert client.get(path).json() == {"name": value}


# -- bad path parameters are named (Lilya 0.7.5 compat) -----------------------------------------


def item_app() -> Lilya:
    return Lilya(routes=[Path("/items/{name}", handler, name="item")])


@pytest.mark.parametrize(("value", "problem"), [("a/b", "may not contain '/'"), ("", "empty")])
def test_str_parameter_that_cannot_be_a_segment_is_an_assertion_naming_it(
    value: str, problem: str
) -> None:
    with pytest.raises(AssertionError, match=f"'item'.*'name' cannot be .*{problem}"):
        item_app().path_for("item", name=value)


def test_value_a_transformer_refuses_is_named() -> None:
    app = Lilya(routes=[Path("/n/{number:int}", handler, name="n")])
    with pytest.raises(AssertionError, match="'number' cannot be 'x'"):
        app.path_for("n", number="x")


def test_value_a_transformer_refuses_is_also_a_value_error() -> None:
    """Lilya 0.7.5 lets the transformer's ValueError through (`int("x")`)."""
    app = Lilya(routes=[Path("/n/{number:int}", handler, name="n")])
    with pytest.raises(ValueError, match="'number' cannot be 'x'"):
        app.path_for("n", number="x")


def test_a_bad_value_for_an_include_parameter_names_it() -> None:
    app = Lilya(
        routes=[Include("/t/{tenant:int}", routes=[Path("/x", handler, name="x")], name="t")]
    )
    with pytest.raises(ValueError, match=r"'t:x'.*'tenant' cannot be 'abc'"):
        app.path_for("t:x", tenant="abc")
    assert app.path_for("t:x", tenant=3) == "/t/3/x"


def test_bad_parameter_value_is_also_a_no_match_found() -> None:
    with pytest.raises(NoMatchFound, match="may not contain '/'"):
        reverse("item", app=item_app(), path_params={"name": "a/b"})


def test_missing_parameter_is_named() -> None:
    with pytest.raises(NoMatchFound, match="'name' is missing"):
        item_app().path_for("item")


def test_unexpected_parameter_is_named() -> None:
    with pytest.raises(NoMatchFound, match="'colour' is not in the path"):
        item_app().path_for("item", name="x", colour="red")


def test_route_of_the_same_name_taking_the_parameters_still_answers() -> None:
    app = Lilya(
        routes=[
            Path("/items/{name}", handler, name="item"),
            Path("/items", handler, name="item"),
        ]
    )
    assert app.path_for("item") == "/items"


def test_bad_parameter_inside_an_include_is_named() -> None:
    app = Lilya(routes=[Include("/shop", name="shop", routes=[Path("/{name}", handler, name="i")])])
    with pytest.raises(AssertionError, match="'name' cannot be ''"):
        app.path_for("shop:i", name="")


def test_path_spanning_parameter_may_hold_slashes() -> None:
    app = Lilya(routes=[Path("/files/{rest:path}", handler, name="file")])
    assert app.path_for("file", rest="a/b") == "/files/a/b"
