"""`lilya show_urls`: a table of the app's HTTP paths, nested Includes expanded.

The table has Lilya 0.7.5's title and columns (Path, Path Parameters, Handler, Type, HTTP
Methods), so what a Lilya user reads or parses is the same. Where Lilya fails (a Controller or
a handler object without `methods`, a Host) the row or the descent is still made.
"""

from __future__ import annotations

import inspect
import re
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

# A path containing one of these is documentation, left out of the table (as in Lilya).
DOCS_ELEMENTS = (
    "/swagger",
    "/redoc",
    "/openapi.json",
    "/openapi.yaml",
    "/openapi.yml",
    "/elements",
)

_HTTP_VERBS = ("get", "head", "post", "put", "patch", "delete", "options", "trace")
_MAX_DEPTH = 32


@dataclass(frozen=True)
class RouteRow:
    """One line of the table."""

    path: str
    parameters: str
    handler: str
    type: str
    methods: str


def get_http_verb(mapping: Any) -> str:
    """The first verb `mapping` has a method for (get, post, put, patch, delete, then HEAD for
    `header`); GET when it has none. Lilya 0.7.5's helper, kept with its answers."""
    for attribute, verb in (
        ("get", "GET"),
        ("post", "POST"),
        ("put", "PUT"),
        ("patch", "PATCH"),
        ("delete", "DELETE"),
        ("header", "HEAD"),
    ):
        if getattr(mapping, attribute, None):
            return verb
    return "GET"


def _clean(path: str) -> str:
    """A leading slash, no trailing one, no doubled ones: how Lilya writes the paths."""
    path = re.sub("//+", "/", "/" + path.strip("/"))
    return path


def _is_async(handler: Any) -> bool:
    if inspect.isclass(handler):
        verbs = [getattr(handler, verb, None) for verb in _HTTP_VERBS]
        found = [verb for verb in verbs if callable(verb)]
        return bool(found) and all(inspect.iscoroutinefunction(verb) for verb in found)
    if inspect.iscoroutinefunction(handler):
        return True
    call = getattr(handler, "__call__", None)  # noqa: B004 - a handler object's own method
    return not inspect.isroutine(handler) and inspect.iscoroutinefunction(call)


def _methods(route: Any) -> str:
    methods = getattr(route, "methods", None)
    if methods:
        return ", ".join(sorted(str(method).upper() for method in methods))
    handler = getattr(route, "handler", None)
    if inspect.isclass(handler):
        verbs = {v.upper() for v in _HTTP_VERBS if callable(getattr(handler, v, None))}
        if "GET" in verbs:
            verbs.add("HEAD")
        return ", ".join(sorted(verbs))
    return ""


def iter_route_rows(routes: Iterable[Any], prefix: str = "", depth: int = 0) -> Iterator[RouteRow]:
    """Rows for the HTTP paths among `routes`, descending into Includes, ChildLilya apps and
    Hosts (a host's paths are written `//host/path`). WebSocket paths and mounted apps without
    routes have no row, as in Lilya."""
    from lilya.routing import Host, Path

    for route in routes:
        if isinstance(route, Path):
            path = _clean(route.path)
            if prefix:
                path = prefix + ("" if path == "/" else path)
            if any(element in path for element in DOCS_ELEMENTS):
                continue
            yield RouteRow(
                path,
                ", ".join(sorted(getattr(route, "stringify_parameters", []))),
                str(route.name),
                "async" if _is_async(route.handler) else "sync",
                _methods(route),
            )
            continue
        children = getattr(route, "routes", None)
        if not children or depth >= _MAX_DEPTH:
            continue
        if isinstance(route, Host):
            inner = f"//{route.host}{prefix}"
        else:
            inner = _clean(getattr(route, "path", ""))
            inner = prefix + ("" if inner == "/" else inner)
            if any(element in inner for element in DOCS_ELEMENTS):
                continue
        yield from iter_route_rows(children, inner, depth + 1)


def get_routes_table(app: Any, table: Table) -> Table:
    """Add Lilya's five columns to `table` and a row for each HTTP path of `app`."""
    table.add_column("Path", style="green", vertical="middle")
    table.add_column("Path Parameters", style="bright_cyan", vertical="middle")
    table.add_column("Handler", style="cyan", vertical="middle")
    table.add_column("Type", style="yellow", vertical="middle")
    table.add_column("HTTP Methods", style="red", vertical="middle")
    routes = (getattr(app, "routes", None) or []) if app is not None else []
    for row in iter_route_rows(routes):
        table.add_row(row.path, row.parameters, row.handler, row.type, row.methods)
    return table


@click.command(name="show_urls")
@pass_directive_env()
def show_urls(env: DirectiveEnv) -> None:
    """Show every URL of the application: path, path parameters, handler name, sync or async,
    and HTTP methods.

    Nested Includes, ChildLilya apps and Hosts are expanded with their full paths.

    How to run: `lilya --app myproject.main:app show_urls`
    """
    table = get_routes_table(env.app, Table(title="Application Paths"))
    # A terminal gets its own width; a pipe or file gets whole lines, never truncated names.
    console = Console() if sys.stdout.isatty() else Console(width=200, soft_wrap=False)
    console.print(table)
