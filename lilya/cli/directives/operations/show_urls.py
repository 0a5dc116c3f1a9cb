"""`lilya show_urls`: a table of every route of the app, nested Includes and Hosts expanded."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from lilya.cli.env import DirectiveEnv, pass_directive_env

__all__ = [
    "DOCS_ELEMENTS",
    "RouteRow",
    "get_http_verb",
    "get_routes_table",
    "iter_route_rows",
    "show_urls",
]

# Documentation endpoints left out of the table.
DOCS_ELEMENTS = ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/swagger")

_HTTP_VERBS = ("get", "head", "post", "put", "patch", "delete", "options", "trace")
_MAX_DEPTH = 32


@dataclass(frozen=True)
class RouteRow:
    """One line of the table."""

    path: str
    name: str
    methods: str
    handler: str


def get_http_verb(mapping: Any) -> str:
    """The methods a route answers, as "GET, POST": from a collection of method names or from
    the HTTP-verb methods a Controller class defines."""
    if isinstance(mapping, str):
        return mapping.upper()
    if isinstance(mapping, Iterable):
        verbs = {str(m).upper() for m in mapping}
    else:
        verbs = {v.upper() for v in _HTTP_VERBS if callable(getattr(mapping, v, None))}
    if "GET" in verbs:
        verbs.discard("HEAD")  # implied by GET
    return ", ".join(sorted(verbs))


def _dotted_name(handler: Any) -> str:
    target = handler if inspect.isclass(handler) or inspect.isroutine(handler) else type(handler)
    module = getattr(target, "__module__", None) or ""
    qualname = getattr(target, "__qualname__", None) or getattr(target, "__name__", repr(target))
    return f"{module}.{qualname}" if module else str(qualname)


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix or "/"
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def _join_name(outer: str | None, inner: str | None) -> str:
    """Names as `path_for` takes them: "outer:inner", an unnamed level adds nothing."""
    return ":".join(part for part in (outer, inner) if part)


def _methods_of(route: Any) -> str:
    from lilya.routing import WebSocketPath

    if isinstance(route, WebSocketPath):
        return "WEBSOCKET"
    methods = getattr(route, "methods", None)
    if methods:
        return get_http_verb(methods)
    handler = getattr(route, "handler", None)
    if inspect.isclass(handler):
        return get_http_verb(handler)
    return ""


def iter_route_rows(
    routes: Iterable[Any], prefix: str = "", name_prefix: str | None = None, depth: int = 0
) -> Iterator[RouteRow]:
    """Rows for `routes`, descending into Include and Host with joined paths and names."""
    from lilya.routing import Host, Include

    for route in routes:
        if isinstance(route, Host):
            children = route.routes
            host_prefix = f"//{route.host}{prefix}"
            if children and depth < _MAX_DEPTH:
                names = _join_name(name_prefix, route.name) or None
                yield from iter_route_rows(children, host_prefix, names, depth + 1)
            else:
                handler = _dotted_name(route.handler)
                yield RouteRow(host_prefix, _join_name(name_prefix, route.name), "", handler)
            continue
        path = _join(prefix, getattr(route, "path", ""))
        if isinstance(route, Include):
            children = route.routes
            if children and depth < _MAX_DEPTH:
                names = _join_name(name_prefix, route.name) or None
                yield from iter_route_rows(children, path, names, depth + 1)
            else:
                row_name = _join_name(name_prefix, route.name)
                yield RouteRow(path, row_name, "", _dotted_name(route.handler))
            continue
        if path in DOCS_ELEMENTS:
            continue
        yield RouteRow(
            path,
            _join_name(name_prefix, getattr(route, "name", None)),
            _methods_of(route),
            _dotted_name(getattr(route, "handler", route)),
        )


def get_routes_table(app: Any, table: Table) -> Table:
    """Fill `table` (columns: path, name, methods, handler) with the app's routes."""
    for row in iter_route_rows(getattr(app, "routes", []) if app is not None else []):
        table.add_row(row.path, row.name, row.methods, row.handler)
    return table


@click.command(name="show_urls")
@pass_directive_env()
def show_urls(env: DirectiveEnv) -> None:
    """Show every URL of the application with its name, methods and handler.

    Nested Includes, ChildLilya apps and Hosts are expanded with their full paths.

    How to run: `lilya --app myproject.main:app show_urls`
    """
    table = Table(title=env.path or "Application", title_justify="left")
    table.add_column("Path", style="green", no_wrap=True)
    table.add_column("Name", style="cyan")
    table.add_column("Methods", style="yellow")
    table.add_column("Handler", style="white", overflow="fold")
    # A terminal gets its own width; a pipe or file gets whole lines, never truncated names.
    console = Console() if sys.stdout.isatty() else Console(width=200, soft_wrap=False)
    console.print(get_routes_table(env.app, table))
