"""Handler signatures analysed once at build time, and the ASGI apps that call handlers.

A function handler receives, by parameter name, only what it declares: path parameters, the
request (a parameter named `request` or annotated with Request), and a `Context` (a parameter
annotated with a class whose `handler_context` class attribute is true, built as
`cls(route, request)`; routing knows no context class by name, so lilya.context stays above it).
Its return value becomes a response: a Response or ASGI app is sent as is; anything else goes
through the JSON encoders as `Ok(value)`.

Parameters declared with a lilya.params marker, or annotated with a body type, are typed: the
plan then carries a `TypedBinder` (lilya.validation) and the handler gets an app of its own
that validates them; handlers without any keep the plain app, unchanged.

A plain `def` handler runs in a worker thread unless its route says `sync_to_thread=False`
(decided when the route is built): it then runs on the event loop, which is far cheaper and
right for handlers that never block. In debug mode such a call taking longer than
`BLOCKING_WARNING_SECONDS` is logged on the `lilya.routing` logger, as it stalled every other
request meanwhile.
"""

from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lilya._exception_handling import deny_websocket
from lilya._records import Record
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import Ok, Response
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket

if TYPE_CHECKING:
    from lilya.validation._binding import TypedBinder

__all__ = [
    "BLOCKING_WARNING_SECONDS",
    "HandlerSignature",
    "analyse_handler",
    "call_handler",
    "get_name",
    "hand_down_sync_to_thread",
    "is_request_handler",
    "request_response_app",
    "send_result",
    "websocket_session_app",
]

logger = logging.getLogger("lilya.routing")

BLOCKING_WARNING_SECONDS = 0.05
"""In debug mode, a `def` handler run on the event loop for longer than this is logged."""

_FROM_PATH = 0
_REQUEST = 1
_CONTEXT = 2
_TYPED = 3  # filled by the plan's TypedBinder


class _Parameter(Record):
    __slots__ = ("context_class", "name", "positional", "required", "source")

    def __init__(
        self,
        name: str,
        source: int,
        required: bool,
        positional: bool = False,
        context_class: Any = None,
    ) -> None:
        self.name = name
        self.source = source
        self.required = required
        self.positional = positional  # may be passed by position
        self.context_class = context_class  # for a _CONTEXT parameter: the class to build


class HandlerSignature(Record):
    """What a handler wants, computed once: the parameters to fill and where each comes from."""

    __slots__ = ("binder", "needs_request", "parameters", "qualname", "signature")

    def __init__(
        self,
        qualname: str,
        parameters: tuple[_Parameter, ...],
        needs_request: bool,
        signature: inspect.Signature,
        binder: TypedBinder | None = None,
    ) -> None:
        self.qualname = qualname
        self.parameters = parameters
        self.needs_request = needs_request
        self.signature = signature
        # The typed parameters' binder; None for a handler that declares none.
        self.binder = binder

    def required_path_parameters(self) -> list[str]:
        """The parameters without a default that only path parameters can fill."""
        return [p.name for p in self.parameters if p.source == _FROM_PATH and p.required]

    def bind(self, path_params: Mapping[str, Any], request: Any, handler: Any) -> dict[str, Any]:
        """Keyword arguments for one call."""
        arguments: dict[str, Any] = {}
        for parameter in self.parameters:
            if parameter.source == _FROM_PATH:
                if parameter.name in path_params:
                    arguments[parameter.name] = path_params[parameter.name]
                elif parameter.required:
                    raise ImproperlyConfigured(
                        f"{self.qualname}() needs {parameter.name!r}, which is neither a path "
                        "parameter of its route nor `request`; give it a default or add it to "
                        "the path."
                    )
            elif parameter.source == _REQUEST:
                arguments[parameter.name] = request
            elif parameter.source == _CONTEXT:
                arguments[parameter.name] = parameter.context_class(handler, request)
        return arguments


def _is_handler_context(annotation: Any) -> bool:
    """Whether a parameter annotated so receives the call's context (see the module doc)."""
    return inspect.isclass(annotation) and getattr(annotation, "handler_context", False) is True


def get_name(handler: Callable[..., Any]) -> str:
    """The default route name of a handler: its function or class name."""
    if inspect.isroutine(handler) or inspect.isclass(handler):
        return handler.__name__
    return type(handler).__name__


def _unwrap(handler: Any) -> Any:
    while isinstance(handler, functools.partial):
        handler = handler.func
    return handler


def is_request_handler(handler: Any) -> bool:
    """Functions and methods are request handlers; other callables are treated as ASGI apps."""
    target = _unwrap(handler)
    return inspect.isfunction(target) or inspect.ismethod(target)


def _signature(handler: Callable[..., Any]) -> inspect.Signature:
    try:
        return inspect.signature(handler, eval_str=True)
    except (NameError, TypeError, SyntaxError):
        # Some annotation names a thing not importable at runtime: resolve the others one by one
        # (a `Context` is recognised by its class), keep the unresolvable ones as strings.
        signature = inspect.signature(handler)
        namespace = getattr(_unwrap(handler), "__globals__", {})
        return signature.replace(
            parameters=[
                p.replace(annotation=_resolved(p.annotation, namespace))
                for p in signature.parameters.values()
            ]
        )


def _resolved(annotation: Any, namespace: dict[str, Any]) -> Any:
    if not isinstance(annotation, str):
        return annotation
    try:
        # What eval_str=True does, one name at a time.
        return eval(annotation, namespace)
    except Exception:
        return annotation


def _is_annotated_as(annotation: Any, cls: type, name: str) -> bool:
    if isinstance(annotation, str):
        return annotation.rsplit(".", 1)[-1] == name
    return inspect.isclass(annotation) and issubclass(annotation, cls)


def _is_connection(parameter: inspect.Parameter, websocket: bool) -> bool:
    if websocket:
        return parameter.name == "websocket" or _is_annotated_as(
            parameter.annotation, WebSocket, "WebSocket"
        )
    return parameter.name == "request" or _is_annotated_as(parameter.annotation, Request, "Request")


def analyse_handler(
    handler: Callable[..., Any],
    *,
    websocket: bool = False,
    path_names: Collection[str] = (),
) -> HandlerSignature:
    """Read a handler's signature once and record where each parameter will come from.

    The connection (request or websocket) goes to the parameter named `request` / `websocket`
    or annotated with its class. A WebSocket handler declaring neither gets the socket as its
    first parameter, as Lilya passes it. HTTP handlers may declare typed parameters
    (lilya.params); `path_names` are the route's own path parameters, never taken for a body.
    """
    # Loaded when the first route is built, not with lilya.apps (import time matters to CLIs).
    from lilya.validation._analysis import typed_parameter
    from lilya.validation._binding import TypedBinder

    signature = _signature(handler)
    qualname = getattr(_unwrap(handler), "__qualname__", repr(handler))
    parameters: list[_Parameter] = []
    typed = []
    items = [
        p
        for p in signature.parameters.values()
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    first_is_socket = (
        websocket and bool(items) and not any(_is_connection(p, websocket) for p in items)
    )
    for position, parameter in enumerate(items):
        required = parameter.default is inspect.Parameter.empty
        context_class = None
        if _is_handler_context(parameter.annotation):
            source = _CONTEXT
            context_class = parameter.annotation
        elif _is_connection(parameter, websocket) or (first_is_socket and position == 0):
            source = _REQUEST
        elif found := typed_parameter(parameter, qualname, path_names, websocket=websocket):
            source = _TYPED
            typed.append(found)
            required = False  # the binder answers 422 when the request lacks it
        else:
            source = _FROM_PATH
        positional = parameter.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        )
        parameters.append(_Parameter(parameter.name, source, required, positional, context_class))
    return HandlerSignature(
        qualname=qualname,
        parameters=tuple(parameters),
        needs_request=any(p.source != _FROM_PATH for p in parameters),
        signature=signature,
        binder=TypedBinder(typed, qualname) if typed else None,
    )


_PLAIN_TYPES = (dict, list, str, int, float, bool, tuple, type(None))


async def send_result(result: Any, scope: Scope, receive: Receive, send: Send) -> None:
    """Send a handler's return value: responses and ASGI apps as is, anything else as JSON."""
    if isinstance(result, Response):
        await result(scope, receive, send)
    elif isinstance(result, _PLAIN_TYPES) or not callable(result):
        await Ok(result)(scope, receive, send)
    elif is_async_callable(result):
        await result(scope, receive, send)
    else:
        await Ok(result)(scope, receive, send)


def _call_on_loop(scope: Scope, handler: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a `def` handler on the event loop; in debug mode, log it when it blocked for long."""
    if getattr(scope.get("app"), "debug", False) is not True:
        return handler(*args, **kwargs)
    started = time.perf_counter()
    try:
        return handler(*args, **kwargs)
    finally:
        elapsed = time.perf_counter() - started
        if elapsed > BLOCKING_WARNING_SECONDS:
            logger.warning(
                "%s() blocked the event loop for %.0f ms: no other request was served "
                "meanwhile. A handler that blocks should run in a worker thread "
                "(sync_to_thread=True, the default) or be async.",
                getattr(handler, "__qualname__", repr(handler)),
                elapsed * 1000,
            )


async def call_handler(
    handler: Callable[..., Any],
    arguments: dict[str, Any],
    scope: Scope,
    is_async: bool,
    on_loop: bool = False,
) -> Any:
    """Call a handler as its route decided: awaited, on the event loop, or in a worker thread.
    (The plain handlers' app writes this inline: one frame less on the hot path.)"""
    if is_async:
        return await handler(**arguments)
    if on_loop:
        return _call_on_loop(scope, handler, **arguments)
    return await run_in_threadpool(handler, **arguments)


def request_response_app(
    handler: Callable[..., Any],
    owner: Any = None,
    *,
    sync_to_thread: bool = True,
    plan: HandlerSignature | None = None,
) -> ASGIApp:
    """Turn a function handler into an ASGI app that binds its arguments and sends its result.

    `owner` is the route, handed to `Context`; `plan` its analysis of the handler, when it
    made one (else it is made here). Sync handlers run in a worker thread, or on the event
    loop with `sync_to_thread=False`.
    """
    if plan is None:
        plan = analyse_handler(handler)
    is_async = is_async_callable(handler)
    on_loop = not is_async and not sync_to_thread
    if plan.binder is not None:
        return _typed_app(handler, plan, plan.binder, owner, is_async, on_loop)
    needs_request = plan.needs_request
    takes_nothing = not plan.parameters
    # The other common shape, `def handler(request)`: called with the request by position,
    # without binding a dict of arguments.
    single = plan.parameters[0] if len(plan.parameters) == 1 else None
    takes_only_request = single is not None and single.source == _REQUEST and single.positional

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if takes_nothing:
            if is_async:
                result = await handler()
            elif on_loop:
                result = _call_on_loop(scope, handler)
            else:
                result = await run_in_threadpool(handler)
        elif takes_only_request:
            request = Request(scope, receive, send)
            if is_async:
                result = await handler(request)
            elif on_loop:
                result = _call_on_loop(scope, handler, request)
            else:
                result = await run_in_threadpool(handler, request)
        else:
            connection = Request(scope, receive, send) if needs_request else None
            arguments = plan.bind(scope.get("path_params", {}), connection, owner)
            if is_async:
                result = await handler(**arguments)
            elif on_loop:
                result = _call_on_loop(scope, handler, **arguments)
            else:
                result = await run_in_threadpool(handler, **arguments)
        if isinstance(result, Response):  # the usual case, without a frame of its own
            await result(scope, receive, send)
        else:
            await send_result(result, scope, receive, send)

    app.__qualname__ = f"request_response_app({plan.qualname})"
    return app


def _typed_app(
    handler: Callable[..., Any],
    plan: HandlerSignature,
    binder: TypedBinder,
    owner: Any,
    is_async: bool,
    on_loop: bool,
) -> ASGIApp:
    """The app of a handler with typed parameters: bind, validate (422 on failure), call.

    Form uploads are closed once the response is sent (or the 422 answered)."""
    reads_form = bool(binder.form)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        try:
            arguments = plan.bind(scope.get("path_params", {}), request, owner)
            failure = await binder.fill(request, arguments)
            if failure is not None:
                await failure(scope, receive, send)
                return
            result = await call_handler(handler, arguments, scope, is_async, on_loop)
            await send_result(result, scope, receive, send)
        finally:
            if reads_form:
                await request.close()

    app.__qualname__ = f"request_response_app({plan.qualname})"
    return app


def websocket_session_app(
    handler: Callable[..., Any], owner: Any = None, *, plan: HandlerSignature | None = None
) -> ASGIApp:
    """Turn a WebSocket handler function into an ASGI app binding the socket and path params
    (`plan`: the route's analysis of the handler, when it made one)."""
    if plan is None:
        plan = analyse_handler(handler, websocket=True)

    binder = plan.binder

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        arguments = plan.bind(scope.get("path_params", {}), websocket, owner)
        if binder is not None:
            refusal = await binder.fill(websocket, arguments)
            if refusal is not None:  # the 422 problem as a denial response (else close 1008)
                await deny_websocket(websocket, refusal)
                return
        await handler(**arguments)

    app.__qualname__ = f"websocket_session_app({plan.qualname})"
    return app


def hand_down_sync_to_thread(routes: Iterable[Any], sync_to_thread: bool | None) -> None:
    """An app's or Include's `sync_to_thread`, handed to the routes below that state none.

    Called once, as the app or Include is built (before any request): each Path below without
    a value of its own rebuilds its handler app for the choice, so requests pay nothing for it.
    Includes and apps below with a value of their own have already handed theirs down.
    """
    if sync_to_thread is None:
        return
    for route in routes:
        if getattr(route, "sync_to_thread", None) is not None:
            continue  # its own choice, already applied below it
        inherit = getattr(route, "inherit_sync_to_thread", None)
        if inherit is not None:
            inherit(sync_to_thread)
        else:
            below = getattr(route, "routes", None)
            if isinstance(below, list):
                hand_down_sync_to_thread(below, sync_to_thread)
