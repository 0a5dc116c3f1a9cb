"""Class-based handlers: a Controller's methods named after HTTP verbs handle the request.

Methods get the same injection as function handlers (path parameters, `request`, Context);
their signatures are analysed once per class. A verb the class does not define gets 405.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lilya import status
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.enums import HTTPMethod
from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing.handlers import HandlerSignature, analyse_handler, send_result
from lilya.types import Receive, Scope, Send

__all__ = ["BaseController", "Controller"]


class BaseController:
    """Marks a class as a controller: routes instantiate it per request and call it."""

    __is_controller__: ClassVar[bool] = True
    signature: Any = None

    def handle_signature(self) -> None:
        """Signatures are analysed lazily per class; kept for Lilya compatibility."""


class Controller(BaseController):
    """Handle HTTP requests with methods named get, post, put, patch, delete, options..."""

    _lilya_plans: ClassVar[dict[str, HandlerSignature]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._lilya_plans = {}

    @classmethod
    def allowed_methods(cls) -> list[str]:
        """The HTTP methods this controller answers (HEAD comes with GET)."""
        allowed = [m for m in HTTPMethod.to_list() if callable(getattr(cls, m.lower(), None))]
        if "GET" in allowed and "HEAD" not in allowed:
            allowed.append("HEAD")
        return allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise TypeError(f"{type(self).__name__} handles HTTP requests only.")
        await self.handle_dispatch(scope, receive, send)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.__scope__ = scope
        verb = scope["method"].lower()
        if verb == "head" and not callable(getattr(self, "head", None)):
            verb = "get"
        handler = getattr(self, verb, None) if verb.upper() in HTTPMethod.to_list() else None
        if not callable(handler):
            response = await self.handle_not_allowed()
            await response(scope, receive, send)
            return
        plan = self._plan_for(verb, handler)
        self.signature = plan.signature
        request = Request(scope, receive, send)
        arguments = plan.bind(scope.get("path_params", {}), request, self)
        if is_async_callable(handler):
            result = await handler(**arguments)
        else:
            result = await run_in_threadpool(handler, **arguments)
        await send_result(result, scope, receive, send)

    def _plan_for(self, verb: str, handler: Any) -> HandlerSignature:
        plans = type(self)._lilya_plans
        plan = plans.get(verb)
        if plan is None:
            plan = plans[verb] = analyse_handler(handler)
        return plan

    async def handle_not_allowed(self) -> Response:
        headers = {"Allow": ", ".join(self.allowed_methods())}
        if "app" in getattr(self, "__scope__", {}):
            raise HTTPException(status_code=status.HTTP_405_METHOD_NOT_ALLOWED, headers=headers)
        return PlainText("Method Not Allowed", status_code=405, headers=headers)
