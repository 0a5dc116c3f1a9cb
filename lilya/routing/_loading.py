"""Loading what a dotted path names: an app ("module:attr") or a module's list of routes."""

from __future__ import annotations

import importlib
from typing import Any

from lilya.exceptions import ImproperlyConfigured
from lilya.routing.routes import BasePath

__all__ = ["import_string", "load_route_patterns"]


def load_route_patterns(namespace: Any, pattern: str | None = None) -> list[BasePath]:
    """The route list a module declares ("myapp.urls" -> its `route_patterns`, or the list
    named `pattern`), checked: ImproperlyConfigured when the module path or pattern is not a
    string, the module cannot be imported, or it holds no list of routes under that name.

    What `Include(namespace=...)` mounts; Lilya exposes it as `lilya._internal._urls.include`.
    """
    if not isinstance(namespace, str):
        raise ImproperlyConfigured(
            f"An Include namespace must be a module path string such as 'myapp.urls', "
            f"not {namespace!r}."
        )
    if pattern is None:
        from lilya.conf import settings

        pattern = str(settings.default_route_pattern)
    elif not isinstance(pattern, str):
        raise ImproperlyConfigured(
            f"An Include pattern must be the name of a list in {namespace!r} (a string such "
            f"as 'route_patterns'), not {pattern!r}."
        )
    try:
        module = importlib.import_module(namespace)
    except ImportError as exc:
        raise ImproperlyConfigured(f"Cannot import the routes module {namespace!r}.") from exc
    routes = getattr(module, pattern, None)
    if routes is None:
        raise ImproperlyConfigured(
            f"Module {namespace!r} has no {pattern!r} list of routes to include."
        )
    if not isinstance(routes, list) or not all(isinstance(r, BasePath) for r in routes):
        raise ImproperlyConfigured(
            f"{namespace}.{pattern} must be a list of routes (Path, WebSocketPath, Include, "
            f"Host), not {type(routes).__name__}."
        )
    return routes


def import_string(dotted_path: str) -> Any:
    """Import "package.module:attr" or "package.module.attr"; ImproperlyConfigured if absent."""
    module_path, _, attribute = (
        dotted_path.partition(":") if ":" in dotted_path else dotted_path.rpartition(".")
    )
    if not module_path or not attribute:
        raise ImproperlyConfigured(f"{dotted_path!r} is not a 'module.attribute' path.")
    try:
        module = importlib.import_module(module_path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"Cannot import {module_path!r} (from {dotted_path!r})."
        ) from exc
    try:
        return getattr(module, attribute)
    except AttributeError as exc:
        raise ImproperlyConfigured(
            f"Module {module_path!r} has no attribute {attribute!r}."
        ) from exc
