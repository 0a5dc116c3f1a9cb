from __future__ import annotations

from typing import Any

from rich.table import Table

from lilya.apps import ChildLilya, Lilya
from lilya.cli.directives.operations.show_urls import (
    DOCS_ELEMENTS,
    RouteRow,
    get_http_verb,
    get_routes_table,
    iter_route_rows,
)
from lilya.responses import PlainText
from lilya.routing import Host, Include, Path
from tests.cli.conftest import FIXTURE_APP, Invoke
from tests.cli.fixtures.project import main as fixture_main
from tests.cli.fixtures.project.views import ItemController

VIEWS = "tests.cli.fixtures.project.views"


async def page() -> PlainText:
    return PlainText("page")


async def bare_asgi(scope: Any, receive: Any, send: Any) -> None: ...


def rows(app: Any) -> list[RouteRow]:
    return list(iter_route_rows(app.routes))


def test_plain_routes_have_path_name_methods_and_handler() -> None:
    assert rows(fixture_main.app)[:2] == [
        RouteRow("/", "home", "GET", f"{VIEWS}.home"),
        RouteRow("/users/{user_id:int}", "user", "GET", f"{VIEWS}.user"),
    ]


def test_includes_are_expanded_with_joined_paths_and_names() -> None:
    found = rows(fixture_main.app)
    assert RouteRow("/api/users", "api:create-user", "POST", f"{VIEWS}.create_user") in found
    items = next(row for row in found if row.path == "/api/v2/items")
    assert (items.name, items.handler) == ("api:items", f"{VIEWS}.ItemController")


def test_child_lilya_is_expanded() -> None:
    assert RouteRow("/child/status", "child:status", "GET", f"{VIEWS}.home") in rows(
        fixture_main.app
    )


def test_host_routes_show_the_host() -> None:
    assert RouteRow("//admin.example.com/panel", "panel", "GET", f"{VIEWS}.home") in rows(
        fixture_main.app
    )


def test_websocket_routes_are_marked() -> None:
    assert RouteRow("/ws", "chat", "WEBSOCKET", f"{VIEWS}.chat") in rows(fixture_main.app)


def test_include_of_a_plain_asgi_app_is_one_row() -> None:
    app = Lilya(routes=[Include("/static", app=bare_asgi, name="static")])
    assert rows(app) == [RouteRow("/static", "static", "", f"{__name__}.bare_asgi")]


def test_host_of_a_plain_asgi_app_is_one_row() -> None:
    app = Lilya(routes=[Host("files.example.com", app=bare_asgi, name="files")])
    assert rows(app) == [RouteRow("//files.example.com", "files", "", f"{__name__}.bare_asgi")]


def test_root_path_inside_an_include_keeps_its_slash() -> None:
    app = Lilya(routes=[Include("/blog", routes=[Path("/", page, name="index")])])
    assert rows(app)[0].path == "/blog/"


def test_documentation_paths_are_left_out() -> None:
    app = Lilya(routes=[Path(DOCS_ELEMENTS[0], page), Path("/real", page)])
    assert [row.path for row in rows(app)] == ["/real"]


def test_handler_objects_are_named_by_their_class() -> None:
    class Callable_:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None: ...

    app = ChildLilya(routes=[Include("/obj", app=Callable_())])
    assert rows(app)[0].handler.endswith("Callable_")


def test_get_http_verb_from_methods_drops_implied_head() -> None:
    assert get_http_verb({"HEAD", "GET", "post"}) == "GET, POST"
    assert get_http_verb({"HEAD"}) == "HEAD"
    assert get_http_verb("put") == "PUT"


def test_controller_route_without_methods_shows_the_controllers_verbs() -> None:
    route = Path("/items", ItemController)
    route.methods = None
    assert next(iter_route_rows([route])).methods == "GET, POST"


def test_get_http_verb_from_a_controller() -> None:
    assert get_http_verb(ItemController) == "GET, POST"


def test_get_routes_table_fills_the_table() -> None:
    table = Table("path", "name", "methods", "handler")
    assert get_routes_table(fixture_main.app, table) is table
    assert table.row_count == len(rows(fixture_main.app))


def test_get_routes_table_without_an_app_is_empty() -> None:
    assert get_routes_table(None, Table()).row_count == 0


def test_show_urls_prints_the_table(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "show_urls")
    assert result.exit_code == 0, result.output
    assert "/api/v2/items" in result.output
    assert "api:create-user" in result.output
    assert f"{VIEWS}.ItemController" in result.output


def test_show_urls_without_an_app_is_a_clear_error(invoke: Invoke) -> None:
    result = invoke("--app", "no_such_module_xyz:app", "show_urls")
    assert result.exit_code == 1
    assert "Error: --app: cannot import module 'no_such_module_xyz'" in result.output
    assert "Traceback" not in result.output


def test_show_urls_help(invoke: Invoke) -> None:
    result = invoke("show_urls", "--help")
    assert result.exit_code == 0
    assert "Show every URL" in result.output
