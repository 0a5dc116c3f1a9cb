from __future__ import annotations

from typing import Any

from rich.table import Table

from lilya.apps import Lilya
from lilya.cli.directives.operations.show_urls import (
    DOCS_ELEMENTS,
    RouteRow,
    get_http_verb,
    get_routes_table,
    iter_route_rows,
)
from lilya.responses import PlainText
from lilya.routing import Include, Path
from tests.cli.conftest import FIXTURE_APP, Invoke
from tests.cli.fixtures.project import main as fixture_main
from tests.cli.fixtures.project.views import ItemController

VIEWS = "tests.cli.fixtures.project.views"


async def page() -> PlainText:
    return PlainText("page")


async def bare_asgi(scope: Any, receive: Any, send: Any) -> None: ...


def rows(app: Any) -> list[RouteRow]:
    return list(iter_route_rows(app.routes))


def test_rows_have_lilyas_columns() -> None:
    """Lilya 0.7.5: path, path parameters, the route's name, sync/async, sorted methods."""
    assert rows(fixture_main.app)[:2] == [
        RouteRow("/", "", "home", "async", "GET, HEAD"),
        RouteRow("/users/{user_id:int}", "user_id:int", "user", "async", "GET, HEAD"),
    ]


def test_includes_are_expanded_with_joined_paths_and_the_routes_own_name() -> None:
    found = rows(fixture_main.app)
    assert RouteRow("/api/users", "", "create-user", "sync", "POST") in found
    items = next(row for row in found if row.path == "/api/v2/items")
    assert (items.handler, items.type, items.methods) == ("items", "async", "GET, HEAD, POST")


def test_child_lilya_is_expanded() -> None:
    assert RouteRow("/child/status", "", "status", "async", "GET, HEAD") in rows(fixture_main.app)


def test_host_routes_show_the_host() -> None:
    """Lilya fails on a Host; lilya writes its paths under //host."""
    assert RouteRow("//admin.example.com/panel", "", "panel", "async", "GET, HEAD") in rows(
        fixture_main.app
    )


def test_websocket_routes_and_mounted_apps_have_no_row() -> None:
    """As in Lilya 0.7.5, only HTTP paths are listed."""
    app = Lilya(routes=[Include("/static", app=bare_asgi, name="static")])
    assert rows(app) == []
    assert not any(row.path == "/ws" for row in rows(fixture_main.app))


def test_paths_are_written_without_a_trailing_slash() -> None:
    app = Lilya(routes=[Include("/blog", routes=[Path("/", page, name="index")])])
    assert rows(app)[0].path == "/blog"


def test_documentation_paths_are_left_out() -> None:
    """Any path containing one of the documentation elements, as in Lilya."""
    app = Lilya(
        routes=[Path(DOCS_ELEMENTS[0], page), Path("/x/redoc/y", page), Path("/real", page)]
    )
    assert [row.path for row in rows(app)] == ["/real"]


def test_parameters_are_sorted_with_their_types() -> None:
    app = Lilya(routes=[Path("/{b}/{a:int}", page)])
    assert rows(app)[0].parameters == "a:int, b:str"


def test_sync_handlers_and_handler_objects() -> None:
    def sync_page() -> str:
        return "x"

    class Handler:
        async def __call__(self) -> str:
            return "x"

    app = Lilya(routes=[Path("/s", sync_page), Path("/o", Handler(), methods=["GET"])])
    assert [row.type for row in rows(app)] == ["sync", "async"]


def test_get_http_verb_gives_the_first_verb_method_as_lilya() -> None:
    assert get_http_verb(ItemController) == "GET"

    class PutOnly:
        def put(self) -> None: ...

    assert get_http_verb(PutOnly) == "PUT"
    assert get_http_verb(object()) == "GET"


def test_controller_route_without_methods_shows_the_controllers_verbs() -> None:
    route = Path("/items", ItemController)
    route.methods = None
    assert next(iter_route_rows([route])).methods == "GET, HEAD, POST"


def test_get_routes_table_adds_lilyas_columns() -> None:
    table = get_routes_table(fixture_main.app, Table())
    headers = [str(column.header) for column in table.columns]
    assert headers == ["Path", "Path Parameters", "Handler", "Type", "HTTP Methods"]
    assert table.row_count == len(rows(fixture_main.app))


def test_get_routes_table_without_an_app_is_empty() -> None:
    assert get_routes_table(None, Table()).row_count == 0


def test_show_urls_prints_the_table(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "show_urls")
    assert result.exit_code == 0, result.output
    assert "Application Paths" in result.output
    assert "/api/v2/items" in result.output
    assert "create-user" in result.output
    assert "HTTP Methods" in result.output


def test_show_urls_without_an_app_is_a_clear_error(invoke: Invoke) -> None:
    result = invoke("--app", "no_such_module_xyz:app", "show_urls")
    assert result.exit_code == 1
    assert "Error: --app: cannot import module 'no_such_module_xyz'" in result.output
    assert "Traceback" not in result.output


def test_show_urls_help(invoke: Invoke) -> None:
    result = invoke("show_urls", "--help")
    assert result.exit_code == 0
    assert "Show every URL" in result.output
