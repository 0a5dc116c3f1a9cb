"""Class-based handlers: a Controller's methods named after HTTP verbs handle the request.

Methods get the same injection as function handlers (path parameters, `request`, Context);
their signatures are analysed once per class. A verb the class does not define gets 405.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, ClassVar, NamedTuple

from lilya import status
from lilya.compat import is_async_callable
from lilya.encoders import json_decode
from lilya.enums import HTTPMethod
from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing._handlers import (
    HandlerSignature,
    analyse_handler,
    call_handler,
    send_result,
)
from lilya.types import Message, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketDataError

__all__ = ["BaseController", "Controller", "WebSocketController"]


class BaseController:
    """Marks a class as a controller: routes instantiate it per request and call it."""

    __is_controller__: ClassVar[bool] = True
    signature: Any = None

    def handle_signature(self) -> None:
        """Signatures are analysed lazily per class; kept for Lilya compatibility."""


# The method name that handles each HTTP verb. Verbs are case-sensitive: `post` is not POST
# (uvicorn and granian pass it as sent), and a check in front of the controller comparing
# request.method with "POST" cannot be passed by sending `post` to the post handler.
_VERB_METHODS = {method: method.lower() for method in HTTPMethod.to_list()}


class _VerbHandler(NamedTuple):
    """What dispatching one verb of a controller class needs, worked out on its first call."""

    plan: HandlerSignature
    is_async: bool


class Controller(BaseController):
    """Handle HTTP requests with methods named get, post, put, patch, delete, options..."""

    _lilya_plans: ClassVar[dict[str, _VerbHandler]] = {}

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
        verb = _VERB_METHODS.get(scope["method"])
        if verb == "head" and not callable(getattr(self, "head", None)):
            verb = "get"
        handler = getattr(self, verb, None) if verb is not None else None
        if verb is None or not callable(handler):
            response = await self.handle_not_allowed()
            await response(scope, receive, send)
            return
        plan, is_async = self._verb_handler(verb, handler)
        self.signature = plan.signature
        binder = plan.binder
        request: Any = None
        arguments: dict[str, Any] = {}
        if plan.parameters:
            request = Request(scope, receive, send) if plan.needs_request else None
            arguments = plan.bind(scope.get("path_params", {}), request, self)
        try:
            if binder is not None:  # typed parameters (lilya.params): 422 when invalid
                failure = await binder.fill(request, arguments)
                if failure is not None:
                    await failure(scope, receive, send)
                    return
            result = await call_handler(handler, arguments, scope, is_async)
            await send_result(result, scope, receive, send)
        finally:
            if binder is not None and binder.form:
                await request.close()  # a verb taking form values: its uploads are closed

    def _verb_handler(self, verb: str, handler: Any) -> _VerbHandler:
        known = type(self)._lilya_plans
        found = known.get(verb)
        if found is None:
            found = known[verb] = _VerbHandler(analyse_handler(handler), is_async_callable(handler))
        return found

    async def handle_not_allowed(self) -> Response:
        headers = {"Allow": ", ".join(self.allowed_methods())}
        if "app" in getattr(self, "__scope__", {}):
            raise HTTPException(status_code=status.HTTP_405_METHOD_NOT_ALLOWED, headers=headers)
        return PlainText("Method Not Allowed", status_code=405, headers=headers)


class WebSocketController(BaseController):
    """Handle a WebSocket with on_connect / on_receive / on_disconnect.

    `encoding` decodes each frame before on_receive: "text", "bytes", "json" or None (the raw
    text or bytes). A frame of the wrong kind closes the socket with 1003, bad JSON with 1007.
    """

    encoding: str | None = None

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            raise TypeError(f"{type(self).__name__} handles WebSocket connections only.")
        self.scope = scope
        self.receive = receive
        self.send = send

    def __await__(self) -> Generator[Any, None, None]:
        return self.handle_dispatch(self.scope, self.receive, self.send).__await__()

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await self.on_connect(websocket)
        close_code = status.WS_1000_NORMAL_CLOSURE
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    close_code = int(message.get("code") or status.WS_1000_NORMAL_CLOSURE)
                    break
                try:
                    data = await self.decode(websocket, message)
                except WebSocketDataError as exc:
                    close_code = exc.code
                    await self.close_websocket(websocket, exc.code, exc.reason)
                    break
                await self.on_receive(websocket, data)
        except Exception:
            close_code = status.WS_1011_INTERNAL_ERROR
            raise
        finally:
            await self.on_disconnect(websocket, close_code)

    async def decode(self, websocket: WebSocket, message: Message) -> Any:
        if self.encoding == "text":
            return await self.decode_text_message(websocket, message)
        if self.encoding == "bytes":
            return await self.decode_bytes_message(websocket, message)
        if self.encoding == "json":
            return await self.decode_json_message(message)
        if self.encoding is not None:
            raise ValueError(f"Unsupported encoding {self.encoding!r}: use text, bytes or json.")
        text = message.get("text")
        return text if text is not None else message.get("bytes")

    async def decode_text_message(self, websocket: WebSocket, message: Message) -> str:
        if message.get("text") is None:
            raise WebSocketDataError(status.WS_1003_UNSUPPORTED_DATA, "Expected text frames.")
        return str(message["text"])

    async def decode_bytes_message(self, websocket: WebSocket, message: Message) -> bytes:
        if message.get("bytes") is None:
            raise WebSocketDataError(status.WS_1003_UNSUPPORTED_DATA, "Expected binary frames.")
        return bytes(message["bytes"])

    async def decode_json_message(self, message: Message) -> Any:
        raw = message.get("text")
        if raw is None:
            raw = message.get("bytes") or b""
        try:
            return json_decode(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebSocketDataError(
                status.WS_1007_INVALID_FRAME_PAYLOAD_DATA, "Frames must be valid JSON."
            ) from exc

    async def on_connect(self, websocket: WebSocket) -> None:
        """Called first; accepts the connection unless overridden."""
        await websocket.accept()

    async def on_receive(self, websocket: WebSocket, data: Any) -> None:
        """Called with each decoded frame."""

    async def on_disconnect(self, websocket: WebSocket, close_code: int) -> None:
        """Called once the connection is over, with its close code."""

    async def close_websocket(self, websocket: WebSocket, code: int, reason: str) -> None:
        await websocket.close(code=code, reason=reason)
