"""Router: BaseRouter plus the helpers that mount apps and hosts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lilya.routing.include import Host, Include
from lilya.routing.table import BaseRouter
from lilya.types import ASGIApp, ExceptionHandler

__all__ = ["Router"]


class Router(BaseRouter):
    """The route table of an application: add routes, mount apps, route by host."""

    def include(
        self,
        path: str,
        app: ASGIApp,
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        namespace: str | None = None,
        pattern: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.routes.append(
            Include(
                path,
                app=app if namespace is None else None,
                name=name,
                middleware=middleware,
                permissions=permissions,
                exception_handlers=exception_handlers,
                namespace=namespace,
                pattern=pattern,
                include_in_schema=include_in_schema,
            )
        )

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.routes.append(Host(host, app=app, name=name))
