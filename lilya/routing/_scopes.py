"""What routing reads from a scope and what a mount adds to it (the ASGI root_path convention).

`scope["path"]` is the whole path the client asked for, `root_path` included; routing matches
on the part below `root_path` (`route_path_of`). A mount (an Include, or one of its routes
indexed in the parent) hands its app a copy of the scope whose `root_path` is longer by the
prefix it consumed and whose `path` is unchanged (`mount_scope`), so the server's scope, and
what every middleware around the router sees, keeps the path as the server gave it.
"""

from __future__ import annotations

from typing import Any

from lilya.types import Scope

__all__ = ["mount_scope", "route_path_of"]


def route_path_of(scope: Scope) -> str:
    """The path routing matches: `path` below `root_path`.

    A path that does not start with `root_path` (a server that strips it itself, or a raw
    scope) is matched as it is; `path == root_path` leaves "" (matched by no route), as
    Starlette and Lilya do.
    """
    path: str = scope["path"]
    root_path: str | None = scope.get("root_path")
    if not root_path or not path.startswith(root_path):
        return path
    cut = len(root_path)
    if len(path) == cut:
        return ""
    return path[cut:] if path[cut] == "/" else path


def mount_scope(scope: Scope, consumed: str, params: dict[str, Any] | None) -> Scope:
    """The scope a mount hands on: a copy with `consumed` appended to `root_path`, `params`
    merged into `path_params` and `app_root_path` (where the application's own URLs start,
    used by `url_for`) kept from the outermost mount."""
    root_path: str = scope.get("root_path", "")
    child = dict(scope)
    child["root_path"] = root_path + consumed
    if "app_root_path" not in scope:
        child["app_root_path"] = root_path
    existing = scope.get("path_params")
    if params:
        child["path_params"] = {**existing, **params} if existing else params
    elif existing is None:
        child["path_params"] = {}
    return child
