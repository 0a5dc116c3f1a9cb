"""Checks of a whole route tree, made once its full paths are known (when an app starts)."""

from __future__ import annotations

from collections.abc import Iterable

from lilya.exceptions import ImproperlyConfigured
from lilya.routing.routes import BasePath, HandlerPath

__all__ = ["check_handler_arguments"]


def check_handler_arguments(
    routes: Iterable[BasePath], known: frozenset[str] = frozenset()
) -> None:
    """ImproperlyConfigured for a handler parameter without a default that is neither the
    request, a Context, nor a path parameter of its route or of any Include or Host above it
    (`known`): such a handler could never be called."""
    for route in routes:
        template = route.template
        own = frozenset(template.parameters) if template is not None else frozenset()
        if isinstance(route, HandlerPath):
            signature = route._signature
            if signature is None:
                continue
            for name in signature.required_path_parameters():
                if name not in own and name not in known:
                    raise ImproperlyConfigured(
                        f"Handler {signature.qualname}() of route {route.path!r} takes "
                        f"{name!r}, which is neither a path parameter, the request nor a "
                        "Context: give it a default or add {" + name + "} to the path."
                    )
        elif route.is_prefix:
            check_handler_arguments(getattr(route, "routes", ()), known | own)
        else:
            host_template = getattr(route, "host_template", None)
            if host_template is not None:
                host_known = known | frozenset(host_template.parameters)
                check_handler_arguments(getattr(route, "routes", ()), host_known)
