"""create_client: a Lilya app and its TestClient in one call."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from lilya.testclient.base import TestClient

if TYPE_CHECKING:
    from httpx._types import CookieTypes

    from lilya.types import ExceptionHandler, Lifespan

__all__ = ["create_client"]


def create_client(
    routes: Sequence[Any] | None = None,
    *,
    settings_module: Any = None,
    base_url: str = "http://testserver",
    backend: Literal["asyncio", "trio"] = "asyncio",
    backend_options: dict[str, Any] | None = None,
    permissions: Sequence[Any] | None = None,
    middleware: Sequence[Any] | None = None,
    exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
    on_startup: Sequence[Callable[[], Any]] | None = None,
    on_shutdown: Sequence[Callable[[], Any]] | None = None,
    include_in_schema: bool = True,
    raise_server_exceptions: bool = True,
    lifespan: Lifespan[Any] | None = None,
    redirect_slashes: bool = True,
    debug: bool = False,
    root_path: str = "",
    cookies: CookieTypes | None = None,
    **kwargs: Any,
) -> TestClient:
    """Build `Lilya(routes=..., **app options)` and wrap it in a TestClient, for short tests.

    `settings_module` is a Settings instance or its dotted path; extra keyword arguments go
    to the Lilya constructor.
    """
    from lilya.apps import Lilya  # layer 6, imported late so the test client stays standalone

    if routes is None:
        route_list: list[Any] = []
    elif isinstance(routes, (list, tuple)):
        route_list = list(routes)
    else:
        route_list = [routes]
    app = Lilya(
        debug=debug,
        settings_module=settings_module,
        routes=route_list,
        permissions=permissions,
        middleware=middleware,
        exception_handlers=exception_handlers,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        lifespan=lifespan,
        redirect_slashes=redirect_slashes,
        include_in_schema=include_in_schema,
        **kwargs,
    )
    return TestClient(
        app,
        base_url=base_url,
        raise_server_exceptions=raise_server_exceptions,
        root_path=root_path,
        backend=backend,
        backend_options=backend_options,
        cookies=cookies,
    )
