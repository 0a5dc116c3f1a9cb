"""Small helpers bridging sync and async code, and `reverse` for building URLs by name."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Coroutine, Generator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import anyio

from lilya.conf import settings

if TYPE_CHECKING:
    from lilya.datastructures.url import URLPath

__all__ = [
    "AsyncResourceHandler",
    "SupportsAsyncClose",
    "is_async_callable",
    "md5_hexdigest",
    "reverse",
    "run_sync",
]


class SupportsAsyncClose(Protocol):
    async def close(self) -> None: ...  # pragma: no cover


SupportsAsyncCloseType = TypeVar("SupportsAsyncCloseType", bound=SupportsAsyncClose)


def md5_hexdigest(data: bytes, *, usedforsecurity: bool = True) -> str:
    """The MD5 of `data` in hex, as Lilya 0.7.5 offers it; `usedforsecurity=False` lets it run
    where FIPS mode forbids MD5 for security (ETags and cache keys are not)."""
    import hashlib  # here: hashlib costs more import time than everything else in this module

    return hashlib.md5(data, usedforsecurity=usedforsecurity).hexdigest()


def is_async_callable(obj: Any) -> bool:
    """True for coroutine functions, partials of them and objects with an async __call__."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    return inspect.iscoroutinefunction(obj) or (
        callable(obj) and inspect.iscoroutinefunction(getattr(obj, "__call__", None))  # noqa: B004
    )


def run_sync(async_function: Awaitable[Any] | Coroutine[Any, Any, Any]) -> Any:
    """Run an awaitable to completion from synchronous code (no loop may be running)."""

    async def wait() -> Any:
        return await async_function

    return anyio.run(wait)


class AsyncResourceHandler(Generic[SupportsAsyncCloseType]):
    """Lets a call returning an awaitable resource be used with `await` or `async with`.

    `async with request.form() as form:` closes the form (and its uploads) on exit.
    """

    __slots__ = ("_awaitable", "_resource")

    def __init__(self, awaitable_resource: Awaitable[SupportsAsyncCloseType]) -> None:
        self._awaitable = awaitable_resource
        self._resource: SupportsAsyncCloseType | None = None

    def __await__(self) -> Generator[Any, None, SupportsAsyncCloseType]:
        return self._awaitable.__await__()

    async def __aenter__(self) -> SupportsAsyncCloseType:
        self._resource = await self._awaitable
        return self._resource

    async def __aexit__(self, *exc_info: object) -> None:
        if self._resource is not None:
            await self._resource.close()


def reverse(
    name: str | None = None,
    /,
    app: Any = None,
    path_params: dict[str, Any] | None = None,
    **kwargs: Any,
) -> URLPath:
    """The URL path of the route called `name` in `app` (an application, router or request).

    Without `app`, the application the settings know (`settings.app`, set when an application
    is built) is used, as in Lilya. Nested names are joined with ":" ("api:users:detail");
    raises NoMatchFound when no route has that name or the parameters do not fit.
    """
    if app is None:
        app = settings.app
        if app is None:
            raise TypeError(
                "reverse() needs an application: pass app=, or build one first "
                "(settings.app is not set)."
            )
    params = {**(path_params or {}), **kwargs}
    target = getattr(app, "app", None) if hasattr(app, "scope") else app
    if target is None:  # pragma: no cover - a request always has an app in its scope
        raise TypeError("the request has no application in its scope")
    # Imported here: lilya.datastructures needs lilya.concurrency, which needs this module.
    from lilya.datastructures.url import URLPath

    path = target.path_for(name, **params)
    return path if isinstance(path, URLPath) else URLPath(str(path))
