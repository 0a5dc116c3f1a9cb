"""A WebSocket conversation between a test (sync) and an ASGI app running in an anyio portal.

Messages travel through two unbounded anyio memory object streams, always touched from the
portal's event loop thread (the test side goes through `portal.call`), so nothing polls or spins.
"""

from __future__ import annotations

import json
import math
import sys
from contextlib import ExitStack
from types import TracebackType
from typing import Any, Literal, NoReturn

import anyio
import httpx
from anyio.from_thread import BlockingPortal
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from lilya.testclient._session import AppSession, PortalFactory
from lilya.testclient.exceptions import WebSocketDisconnect
from lilya.types import ASGIApp, Message, Scope

__all__ = ["WebSocketDenialResponse", "WebSocketTestSession"]

FRAME_BUFFER = 1024


class WebSocketDenialResponse(httpx.Response, WebSocketDisconnect):  # type: ignore[misc]
    """The app refused the handshake with an HTTP response (the websocket.http.response extension).

    It is both the response (status_code, headers, text, json()) and the exception the test
    catches; being a WebSocketDisconnect, `pytest.raises(WebSocketDisconnect)` also sees it.
    """

    def __init__(
        self, status_code: int, headers: list[tuple[bytes, bytes]], content: bytes
    ) -> None:
        httpx.Response.__init__(self, status_code, headers=headers, content=content)
        WebSocketDisconnect.__init__(self, 1006, f"Denied with HTTP {status_code}")

    def __str__(self) -> str:
        return f"WebSocket handshake denied with HTTP {self.status_code}"

    __repr__ = httpx.Response.__repr__


class WebSocketTestSession(AppSession):
    """One WebSocket connection to the app; use it as a context manager.

    Entering sends `websocket.connect` and waits for the app's answer: an accept (then
    `accepted_subprotocol` and `extra_headers` are set), a close (raises WebSocketDisconnect) or
    a denial response (raises WebSocketDenialResponse). Leaving sends `websocket.disconnect`
    and waits for the app to finish; an exception the app raised is re-raised in the test.
    """

    def __init__(self, app: ASGIApp, scope: Scope, portal_factory: PortalFactory) -> None:
        super().__init__(app, scope, portal_factory)
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] | None = None
        self._app_scope: anyio.CancelScope | None = None
        self._app_error: BaseException | None = None
        self._error_reported = False
        self._client_closed = False
        self._disconnect_delivered = False

    # -- context manager -------------------------------------------------------------------

    def __enter__(self) -> WebSocketTestSession:
        with ExitStack() as stack:
            portal = self._start_app(stack)
            self._stack = stack.pop_all()
        self._portal = portal
        try:
            self.send({"type": "websocket.connect"})
            self._handshake(self.receive())
        except BaseException:
            self._finish()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self._client_closed:
            self.close(1000)
        self._finish()
        error = self._app_error
        if error is None or self._error_reported:
            return
        if self._disconnect_delivered and _is_disconnect(error):
            # The app was told the client left and let that propagate: a normal ending.
            return
        self._error_reported = True
        raise error

    def _handshake(self, message: Message) -> None:
        kind = message["type"]
        if kind == "websocket.accept":
            self.accepted_subprotocol = message.get("subprotocol")
            headers = message.get("headers")
            self.extra_headers = None if headers is None else list(headers)
        elif kind == "websocket.close":
            raise WebSocketDisconnect(code=message.get("code", 1000), reason=message.get("reason"))
        elif kind == "websocket.http.response.start":
            raise self._read_denial(message)
        else:
            raise RuntimeError(
                f"Expected websocket.accept, websocket.close or a denial response, got {kind!r}."
            )

    def _read_denial(self, start: Message) -> WebSocketDenialResponse:
        chunks: list[bytes] = []
        while True:
            message = self.receive()
            if message["type"] != "websocket.http.response.body":
                raise RuntimeError(
                    f"Expected websocket.http.response.body, got {message['type']!r}."
                )
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        return WebSocketDenialResponse(start["status"], headers, b"".join(chunks))

    def _finish(self) -> None:
        """Tell the app no more messages come, wait for it to end, release the portal."""
        assert self._portal is not None
        assert self._stack is not None
        assert self._app_task is not None
        try:
            self._portal.call(self._leave)
            self._app_task.result()
        finally:
            stack, self._stack, self._portal = self._stack, None, None
            stack.close()

    # -- the app's side (runs in the portal's event loop) ----------------------------------

    def _open_streams(self) -> None:
        self._to_app_send: MemoryObjectSendStream[Message]
        self._to_app_receive: MemoryObjectReceiveStream[Message]
        self._from_app_send: MemoryObjectSendStream[Message]
        self._from_app_receive: MemoryObjectReceiveStream[Message]
        self._to_app_send, self._to_app_receive = anyio.create_memory_object_stream(math.inf)
        # Bounded like a socket buffer: an app pushing frames faster than the test reads them
        # waits instead of growing memory without limit.
        self._from_app_send, self._from_app_receive = anyio.create_memory_object_stream(
            FRAME_BUFFER
        )

    def _leave(self) -> None:
        """The test is done: the app gets no more messages and its frames have no reader."""
        self._to_app_send.close()
        self._from_app_receive.close()

    async def _run_app(self) -> None:
        with anyio.CancelScope() as scope:
            self._app_scope = scope
            try:
                await self.app(self.scope, self._asgi_receive, self._asgi_send)
            except anyio.get_cancelled_exc_class():
                raise
            except BaseException as exc:
                self._app_error = exc
            finally:
                self._from_app_send.close()

    async def _asgi_receive(self) -> Message:
        try:
            message = await self._to_app_receive.receive()
        except anyio.EndOfStream:
            # The test is done and every message was delivered: nothing will ever arrive.
            await self._end_app()
        if message["type"] == "websocket.disconnect":
            self._disconnect_delivered = True
        return message

    async def _asgi_send(self, message: Message) -> None:
        try:
            await self._from_app_send.send(message)
        except anyio.BrokenResourceError:
            # Nobody will read it; an app that only pushes frames would otherwise never end.
            await self._end_app()

    async def _end_app(self) -> NoReturn:
        """Cancel the app: the test has left and the app would otherwise wait or push forever."""
        assert self._app_scope is not None
        self._app_scope.cancel()
        await anyio.sleep_forever()
        raise AssertionError("unreachable: the sleep above is cancelled")  # pragma: no cover

    # -- the test's side -------------------------------------------------------------------

    def _open_portal(self) -> BlockingPortal:
        if self._portal is None:
            raise RuntimeError("The WebSocket session is closed (use it inside a `with` block).")
        return self._portal

    def send(self, message: Message) -> None:
        """Send a raw ASGI message to the app."""
        self._open_portal().call(self._to_app_send.send_nowait, message)

    def send_text(self, data: str) -> None:
        """Send a text frame."""
        self.send({"type": "websocket.receive", "text": data})

    def send_bytes(self, data: bytes) -> None:
        """Send a binary frame."""
        self.send({"type": "websocket.receive", "bytes": data})

    def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        """Send `data` as compact JSON in a text (default) or binary frame."""
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            self.send_text(text)
        elif mode == "binary":
            self.send_bytes(text.encode("utf-8"))
        else:
            raise ValueError(f'mode must be "text" or "binary", not {mode!r}.')

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Tell the app the client closed the connection."""
        self._client_closed = True
        self.send({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    def receive(self) -> Message:
        """The next raw ASGI message the app sent; re-raises the app's exception if it failed."""
        portal = self._open_portal()
        try:
            message: Message = portal.call(self._from_app_receive.receive)
            return message
        except anyio.EndOfStream:
            pass
        if self._app_error is not None:
            self._error_reported = True
            raise self._app_error
        raise WebSocketDisconnect(code=1006, reason="The app ended without closing the connection.")

    def _receive_frame(self) -> Message:
        message = self.receive()
        if message["type"] == "websocket.close":
            raise WebSocketDisconnect(code=message.get("code", 1000), reason=message.get("reason"))
        return message

    def receive_text(self) -> str:
        """The next text frame; raises WebSocketDisconnect if the app closed instead."""
        message = self._receive_frame()
        text = message.get("text")
        if not isinstance(text, str):
            raise TypeError(f"Expected a text frame, got {message!r}.")
        return text

    def receive_bytes(self) -> bytes:
        """The next binary frame; raises WebSocketDisconnect if the app closed instead."""
        message = self._receive_frame()
        data = message.get("bytes")
        if not isinstance(data, bytes):
            raise TypeError(f"Expected a binary frame, got {message!r}.")
        return data

    def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """The next frame parsed as JSON, read from a text (default) or binary frame."""
        if mode == "text":
            return json.loads(self.receive_text())
        if mode == "binary":
            return json.loads(self.receive_bytes())
        raise ValueError(f'mode must be "text" or "binary", not {mode!r}.')


def _is_disconnect(error: BaseException) -> bool:
    """True for this module's WebSocketDisconnect and for lilya.websockets' one when loaded."""
    if isinstance(error, WebSocketDisconnect):
        return True
    module = sys.modules.get("lilya.websockets")
    app_class = getattr(module, "WebSocketDisconnect", None)
    return isinstance(app_class, type) and isinstance(error, app_class)
