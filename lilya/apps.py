"""Lilya and ChildLilya: an application wires settings, routes and the layers around them.

Layers, outer to inner: ServerErrorMiddleware (500s), the user's middleware (first listed is
outermost), ExceptionMiddleware (exception handlers), the app's permissions, the router. The
stack is built once, on the first call; middleware cannot be added after that.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from lilya._exception_handling import guard_http
from lilya.conf import active_settings, load_settings_class
from lilya.conf import settings as global_settings
from lilya.conf.global_settings import Settings
from lilya.datastructures._hosts import (
    INVALID_HOST,
    LAST_VALID_HOST_VALUE,
    VALID_HOST_VALUES,
    admit_host_value,
    single_host_header,
)
from lilya.datastructures.state import State
from lilya.datastructures.url import URLPath
from lilya.exceptions import BadRequest, ImproperlyConfigured
from lilya.middleware._error_boundary import AppExceptions, AppServerErrors, ErrorBoundary
from lilya.middleware.base import DefineMiddleware
from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.permissions.base import DefinePermission
from lilya.responses import PlainText
from lilya.routing import BasePath, Include, Router
from lilya.routing._checks import check_handler_arguments
from lilya.routing._handlers import hand_down_sync_to_thread
from lilya.routing._layers import wrap_requests_in_layers
from lilya.routing._limits import NoBodyLimit, check_body_limit, with_body_limit
from lilya.types import ASGIApp, ExceptionHandler, Lifespan, Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.openapi import OpenAPIConfig

__all__ = ["ChildLilya", "Lilya"]


def _resolve_settings(settings_module: Settings | type[Settings] | str | None) -> Any:
    if settings_module is None:
        return global_settings
    if isinstance(settings_module, str):
        return load_settings_class(settings_module, source="settings_module")()
    if isinstance(settings_module, type) and issubclass(settings_module, Settings):
        return settings_module()
    if isinstance(settings_module, Settings):
        return settings_module
    # Refused now, as Lilya 0.7.5 does, rather than with an AttributeError on first use.
    raise ImproperlyConfigured("'settings_module' must be a subclass of Settings")


async def _refuse_host(scope: Scope, receive: Receive, send: Send) -> None:
    """Answer a connection whose Host header is invalid: 400, or close a WebSocket 1008."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": INVALID_HOST})
        return
    await PlainText(INVALID_HOST, status_code=400)(scope, receive, send)


class _UsingSettings:
    """Make `lilya.conf.settings` resolve to an app's own settings while it serves a scope
    (a context variable: concurrent requests of other apps keep theirs)."""

    __slots__ = ("app", "settings")

    def __init__(self, app: ASGIApp, settings: Any) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = active_settings.set(self.settings)
        try:
            await self.app(scope, receive, send)
        finally:
            active_settings.reset(token)


def _claim_settings_app(settings: Any, app: Lilya) -> None:
    """Point `settings.app` at `app`, which `lilya.compat.reverse` resolves names against.

    As in Lilya 0.7.5, where every app built claims it, the last app built wins; but an `app`
    the user set stays, and a ChildLilya only fills an empty place.
    """
    current = getattr(settings, "app", None)
    if current is None or (
        not isinstance(app, ChildLilya)
        and isinstance(current, Lilya)
        and current._claimed_settings is settings
    ):
        settings.app = app
        app._claimed_settings = settings


class Lilya:
    """An ASGI application: routes plus middleware, permissions, handlers and lifespan."""

    def __init__(
        self,
        debug: bool | None = False,
        settings_module: Settings | type[Settings] | str | None = None,
        routes: Sequence[Any] | None = None,
        middleware: Sequence[DefineMiddleware] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        permissions: Sequence[DefinePermission] | None = None,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
        redirect_slashes: bool | None = None,
        lifespan: Lifespan[Any] | None = None,
        include_in_schema: bool = True,
        max_body_size: int | NoBodyLimit | None = None,
        openapi: OpenAPIConfig | bool | None = None,
        sync_to_thread: bool | None = None,
    ) -> None:
        """`max_body_size`: the largest request body, in bytes, for every route of this app
        (None: the settings' `max_body_size`; UNLIMITED: no limit); an Include or Path may set
        its own, and the innermost wins. `redirect_slashes`: None reads the settings'.
        `openapi`: an OpenAPIConfig (or True for the defaults) serves the app's OpenAPI
        document and docs page (lilya.openapi); off by default. `sync_to_thread`: False runs
        the plain `def` handlers of the routes given here on the event loop instead of a worker
        thread (an Include or Path may state its own; None: worker threads)."""
        self.settings_module = settings_module
        self._settings = _resolve_settings(settings_module)
        chosen = self._settings
        # Only `debug=` turns on traceback pages (Lilya 0.7.5: settings.debug is read only when
        # debug is None), so a settings file cannot bypass the app's 500 handler.
        self._debug = bool(chosen.debug if debug is None else debug)
        self.state = State()
        self.custom_middleware: list[DefineMiddleware] = list(
            middleware if middleware is not None else chosen.middleware
        )
        self.custom_permissions: list[DefinePermission] = list(
            permissions if permissions is not None else chosen.permissions
        )
        self.exception_handlers: dict[Any, ExceptionHandler] = dict(
            exception_handlers if exception_handlers is not None else chosen.exception_handlers
        )
        self.include_in_schema = include_in_schema
        check_body_limit(max_body_size)
        self.max_body_size = max_body_size
        self.sync_to_thread = sync_to_thread
        app_routes = list(routes if routes is not None else chosen.routes)
        hand_down_sync_to_thread(app_routes, sync_to_thread)
        self.router = Router(
            routes=app_routes,
            redirect_slashes=bool(
                chosen.redirect_slashes if redirect_slashes is None else redirect_slashes
            ),
            on_startup=on_startup if on_startup is not None else chosen.on_startup,
            on_shutdown=on_shutdown if on_shutdown is not None else chosen.on_shutdown,
            lifespan=lifespan if lifespan is not None else chosen.lifespan,
            include_in_schema=include_in_schema,
        )
        self.middleware_stack: ASGIApp | None = None
        # The stack when it is the app's own error layer with nothing around it: HTTP then
        # goes straight through the shared guard (calling the layer would add a hop).
        self._guarded_stack: Any = None  # a Guard: ErrorBoundary or AppServerErrors
        self._exception_middleware: ExceptionMiddleware | None = None
        # What route layers answer with at the app level (set when the stack is built).
        self.route_exception_handlers: dict[Any, ExceptionHandler] | None = None
        self._claimed_settings: Any = None
        _claim_settings_app(chosen, self)
        self.openapi_config: OpenAPIConfig | None = None
        if openapi:
            from lilya.openapi import OpenAPIConfig  # only apps that serve a document load it

            config = openapi if isinstance(openapi, OpenAPIConfig) else OpenAPIConfig()
            self.openapi_config = config
            self.router.routes.extend(config.routes(self))

    # -- properties --------------------------------------------------------------------------

    @property
    def settings(self) -> Any:
        """The settings this app reads (its settings_module, else lilya.conf.settings)."""
        return self._settings

    @property
    def routes(self) -> list[BasePath]:
        return self.router.routes

    @property
    def debug(self) -> bool:
        return self._debug

    @debug.setter
    def debug(self, value: bool) -> None:
        self._debug = value
        self.middleware_stack = None

    # -- the layers --------------------------------------------------------------------------

    def build_middleware_stack(self) -> ASGIApp:
        """Assemble the layers around the router (called once, on the first request)."""
        error_handler = self.exception_handlers.get(500) or self.exception_handlers.get(Exception)
        handlers = {
            key: value
            for key, value in self.exception_handlers.items()
            if key not in (500, Exception)
        }
        inner = wrap_requests_in_layers(self.router.entry(), permissions=self.custom_permissions)
        exceptions = AppExceptions(inner, handlers=handlers, debug=self.debug)
        self._exception_middleware = exceptions
        self.route_exception_handlers = exceptions.handlers
        app: ASGIApp = exceptions
        for cls, args, kwargs in reversed(self.custom_middleware):
            app = cls(app=app, *args, **kwargs)  # noqa: B026 - the documented construction
        server_errors = AppServerErrors(app, handler=error_handler, debug=self.debug)
        stack: ASGIApp = server_errors if self.custom_middleware else ErrorBoundary(server_errors)
        self._guarded_stack = stack
        if self.settings_module is not None:
            stack = _UsingSettings(stack, self._settings)
        return with_body_limit(stack, self.max_body_size)

    def _ensure_not_started(self, what: str) -> None:
        if self.middleware_stack is not None:  # Lilya 0.7.5's wording
            raise RuntimeError(f"{what} cannot be added once the application has started.")

    def add_middleware(self, middleware: Any, *args: Any, **kwargs: Any) -> None:
        """Add a middleware as the new outermost user middleware (before the first request)."""
        self._ensure_not_started("Middlewares")
        self.custom_middleware.insert(0, DefineMiddleware(middleware, *args, **kwargs))

    def add_permission(self, permission: Any, *args: Any, **kwargs: Any) -> None:
        """Add an app-level permission, run before the others (before the first request)."""
        self._ensure_not_started("Permissions")
        self.custom_permissions.insert(0, DefinePermission(permission, *args, **kwargs))

    def add_exception_handler(
        self, exception_cls_or_status_code: int | type[Exception], handler: ExceptionHandler
    ) -> None:
        self.exception_handlers[exception_cls_or_status_code] = handler
        if self.middleware_stack is not None:
            # Rebuilding would re-create stateful middleware: rebuild only if it is safe.
            self.middleware_stack = None

    # -- routes ------------------------------------------------------------------------------

    def path_for(self, name: str | None = None, /, **path_params: Any) -> URLPath:
        return self.router.path_for(name, **path_params)

    url_path_for = path_for

    def add_route(
        self,
        path: str,
        handler: Callable[..., Any],
        methods: list[str] | None = None,
        name: str | None = None,
        middleware: Sequence[DefineMiddleware] | None = None,
        permissions: Sequence[DefinePermission] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.router.add_route(
            path,
            handler,
            methods=methods,
            name=name,
            middleware=middleware,
            permissions=permissions,
            exception_handlers=exception_handlers,
            include_in_schema=include_in_schema,
        )
        hand_down_sync_to_thread(self.router.routes[-1:], self.sync_to_thread)

    def add_websocket_route(
        self,
        path: str,
        handler: Callable[..., Any],
        name: str | None = None,
        middleware: Sequence[DefineMiddleware] | None = None,
        permissions: Sequence[DefinePermission] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
    ) -> None:
        self.router.add_websocket_route(
            path,
            handler,
            name=name,
            middleware=middleware,
            permissions=permissions,
            exception_handlers=exception_handlers,
        )

    def include(
        self,
        path: str,
        app: ASGIApp,
        name: str | None = None,
        middleware: Sequence[DefineMiddleware] | None = None,
        permissions: Sequence[DefinePermission] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        namespace: str | None = None,
        pattern: str | None = None,
        include_in_schema: bool = True,
    ) -> None:
        self.router.include(
            path,
            app,
            name=name,
            middleware=middleware,
            permissions=permissions,
            exception_handlers=exception_handlers,
            namespace=namespace,
            pattern=pattern,
            include_in_schema=include_in_schema,
        )
        hand_down_sync_to_thread(self.router.routes[-1:], self.sync_to_thread)

    def host(self, host: str, app: ASGIApp, name: str | None = None) -> None:
        self.router.host(host, app, name=name)

    def add_child_lilya(
        self,
        path: str,
        child: ChildLilya,
        name: str | None = None,
        middleware: Sequence[DefineMiddleware] | None = None,
        permissions: Sequence[DefinePermission] | None = None,
        exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
        include_in_schema: bool | None = True,
        deprecated: bool | None = None,
    ) -> None:
        self.router.routes.append(
            Include(
                path,
                app=child,
                name=name,
                middleware=middleware,
                permissions=permissions,
                exception_handlers=exception_handlers,
                include_in_schema=bool(include_in_schema),
                deprecated=bool(deprecated),
            )
        )
        hand_down_sync_to_thread(self.router.routes[-1:], self.sync_to_thread)

    # -- lifespan ----------------------------------------------------------------------------

    def add_event_handler(self, event_type: str, func: Callable[[], Any]) -> None:
        self.router.add_event_handler(event_type, func)

    def on_event(self, event_type: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
        return self.router.on_event(event_type)

    @property
    def on_startup(self) -> list[Callable[[], Any]]:
        return self.router.on_startup

    @property
    def on_shutdown(self) -> list[Callable[[], Any]]:
        return self.router.on_shutdown

    # -- ASGI --------------------------------------------------------------------------------

    # The application is its own outermost error layer: servers call the shared HTTP guard
    # (lilya._exception_handling.guard_http) with the app as the layer. It runs `app` below,
    # which hands back the awaitable of the first layer that does work, and hands failures
    # to `answer_failure`: one frame per request for the app and its error layers together.
    __call__ = guard_http

    def app(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Prepare the scope (outermost app: refuse an invalid Host) and hand back the
        awaitable that serves it; `__call__` guards it."""
        stack = self.middleware_stack
        if "app" not in scope:
            # The outermost app.
            if stack is None:
                # Before its first scope: every full path is known now.
                check_handler_arguments(self.routes)
            if scope["type"] != "lifespan":
                # An invalid Host header, or more than one, is refused before anything can
                # build a URL from it (with or without TrustedHostMiddleware). PERF: valid
                # values are remembered.
                try:
                    host = single_host_header(scope.get("headers", ()))
                except BadRequest:
                    return _refuse_host(scope, receive, send)
                if (
                    host is not None
                    and host != LAST_VALID_HOST_VALUE[0]
                    and host not in VALID_HOST_VALUES
                    and not admit_host_value(host)
                ):
                    return _refuse_host(scope, receive, send)
        scope["app"] = self
        if "router" not in scope:
            scope["router"] = self.router
        if stack is None:
            stack = self.middleware_stack = self.build_middleware_stack()
        if stack is self._guarded_stack and scope["type"] == "http":
            # The built error layer's guard is this app's own: straight to what it wraps.
            guard: Any = stack
            return guard.app(scope, receive, send)  # type: ignore[no-any-return]
        return stack(scope, receive, send)

    def answer_failure(
        self,
        exc: Exception,
        scope: Scope,
        receive: Receive,
        send: Send,
        tracking_send: Send,
        started: bool,
    ) -> Awaitable[None]:
        """An HTTP failure: answered by the app's error layer when `app` went straight to
        what it wraps (its awaitable, handed back: no frame of its own); anything else was
        answered inside the stack already, and is raised on."""
        guard: Any = self._guarded_stack
        if guard is not None and self.middleware_stack is guard:
            # cast: the identity check narrowed `guard` to the stack's ASGIApp type.
            answer = cast(Any, guard).answer_failure
            return answer(exc, scope, receive, send, tracking_send, started)  # type: ignore[no-any-return]
        raise exc

    async def answer_websocket_failure(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Never called (the guard passes WebSockets through to the stack's own guard)."""
        raise exc  # pragma: no cover


class ChildLilya(Lilya):
    """A Lilya app meant to be mounted in another with Include; it keeps its own middleware,
    permissions, exception handlers and settings."""
