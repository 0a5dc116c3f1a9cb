"""WebSocket connections: the ASGI websocket protocol with checked state transitions.

Misuse (sending before accepting, receiving after a disconnect, a text frame where bytes were
expected, a frame that is not valid JSON) raises a clear exception in the app; the exception
layers then close the socket with a fitting code (1003, 1007, 1011) instead of hanging.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from json import JSONDecodeError
from typing import Any

from lilya import status
from lilya.connections import Connection
from lilya.encoders import json_decode, json_encode
from lilya.enums import MessageMode, WebSocketState
from lilya.exceptions import WebSocketException, WebSocketRuntimeError
from lilya.requests import default_limits
from lilya.types import Message, Receive, Scope, Send

__all__ = [
    "WebSocket",
    "WebSocketClose",
    "WebSocketDataError",
    "WebSocketDisconnect",
    "WebSocketState",
    "WebsocketMixin",
]

# PERF: plain globals: comparing with `is` skips the enum attribute lookup (~70 ns) on every
# message. Measured (benchmarks.inprocess, WebSocket echo of 100 messages): 2.07-2.12x the
# bare app with them, 2.38-2.68x reading WebSocketState.CONNECTED etc.
_CONNECTING = WebSocketState.CONNECTING
_CONNECTED = WebSocketState.CONNECTED
_DISCONNECTED = WebSocketState.DISCONNECTED


class WebSocketDisconnect(Exception):
    """The client closed the connection (or went away) while the app was receiving."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        # Exception.__new__ keeps the arguments as given in `args` (and so str and repr), as
        # in Lilya.
        self.code = code
        self.reason = reason or ""


class WebSocketDataError(WebSocketException, ValueError):
    """A frame did not hold what the app asked for; closes with 1003 or 1007."""


class _InvalidJSONFrame(WebSocketDataError, JSONDecodeError):
    """A frame that is not JSON: closes with 1007, and is the JSONDecodeError Lilya raises,
    so `except json.JSONDecodeError` around receive_json() keeps working."""

    def __init__(self, error: JSONDecodeError) -> None:
        WebSocketDataError.__init__(
            self, status.WS_1007_INVALID_FRAME_PAYLOAD_DATA, f"The frame is not valid JSON: {error}"
        )
        self.msg, self.doc, self.pos = error.msg, error.doc, error.pos
        self.lineno, self.colno = error.lineno, error.colno


def _check_mode(mode: str) -> None:
    if mode not in (MessageMode.TEXT, MessageMode.BINARY):
        raise WebSocketRuntimeError('The "mode" argument should be "text" or "binary".')


class WebsocketMixin(Connection):
    """Connection state shared by WebSocket implementations."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            raise WebSocketRuntimeError(
                f"A WebSocket needs a websocket scope, not {scope['type']!r}."
            )
        super().__init__(scope, receive, send)
        self._receive = receive
        self._send = send
        self.client_state = _CONNECTING
        self.application_state = _CONNECTING

    def raise_for_disconnect(self, message: Message) -> None:
        if message["type"] == "websocket.disconnect":
            raise _disconnect_error(message)

    async def raise_for_connection_state(self) -> None:
        if self.application_state is not _CONNECTED:
            raise WebSocketRuntimeError('WebSocket is not connected. Need to call "accept" first.')


class WebSocket(WebsocketMixin):
    """A WebSocket connection: accept, receive and send text, bytes or JSON, close."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """The frame readers and typed senders go straight to the channel, skipping receive()
        and send(): a subclass with its own receive() or send() gets versions that go through
        them, so its way of reading or writing holds for every method."""
        super().__init_subclass__(**kwargs)
        if cls.receive is not WebSocket.receive:
            cls._receive_frame = WebSocket._receive_frame_through_receive  # type: ignore[method-assign]
        if cls.send is not WebSocket.send:
            if cls.send_text is WebSocket.send_text:
                cls.send_text = WebSocket._send_text_through_send  # type: ignore[method-assign]
            if cls.send_bytes is WebSocket.send_bytes:
                cls.send_bytes = WebSocket._send_bytes_through_send  # type: ignore[method-assign]

    async def receive(self) -> Message:
        """The next ASGI message from the client, checked against the connection state."""
        self._check_can_receive()
        message = await self._receive()
        self._client_sent(message["type"])
        return message

    def _check_can_receive(self) -> None:
        if self.client_state is _DISCONNECTED:
            raise WebSocketRuntimeError(
                'Cannot call "receive" once a disconnect message has been received.'
            )

    def _client_sent(self, kind: str) -> None:
        """Move client_state on for a message of type `kind` (or refuse it if out of order)."""
        if self.client_state is _CONNECTING:
            if kind == "websocket.disconnect":
                self.client_state = _DISCONNECTED
            elif kind != "websocket.connect":
                raise WebSocketRuntimeError(
                    f'Expected ASGI message "websocket.connect", but got {kind!r}'
                )
            else:
                self.client_state = _CONNECTED
        elif kind == "websocket.disconnect":
            self.client_state = _DISCONNECTED
        elif kind != "websocket.receive":
            raise WebSocketRuntimeError(
                "Expected ASGI message websocket.receive or "
                f'"websocket.disconnect", but got {kind!r}'
            )

    async def send(self, message: Message) -> None:
        """Send an ASGI message, checked against the application state.

        A coroutine, as its users expect (asyncio.create_task, task groups), even on servers
        whose own `send` returns some other awaitable (granian).
        """
        kind = message["type"]
        state = self.application_state
        if state is _CONNECTED and kind == "websocket.send":  # by far the most common
            await self._send(message)
            return
        if state is _DISCONNECTED:
            raise WebSocketRuntimeError('Cannot call "send" once a close message has been sent.')
        if state is _CONNECTING:
            if kind == "websocket.accept":
                self.application_state = _CONNECTED
            elif kind == "websocket.close":
                self.application_state = _DISCONNECTED
            elif kind == "websocket.http.response.start":
                if "websocket.http.response" not in self.scope.get("extensions", {}):
                    raise WebSocketRuntimeError(
                        "The server does not support denial responses "
                        "(websocket.http.response extension)."
                    )
                self._denying = True
            elif kind == "websocket.http.response.body" and getattr(self, "_denying", False):
                if not message.get("more_body", False):
                    self.application_state = _DISCONNECTED
            else:
                raise WebSocketRuntimeError(
                    f'Expected ASGI message "websocket.accept" or "websocket.close", but got {kind}'
                )
        elif kind == "websocket.close":
            self.application_state = _DISCONNECTED
        elif kind != "websocket.send":
            raise WebSocketRuntimeError(
                f'Expected ASGI message "websocket.send" or "websocket.close", but got {kind}'
            )
        await self._send(message)

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: Iterable[tuple[bytes, bytes]] | None = None,
    ) -> None:
        """Complete the handshake, optionally choosing a subprotocol and adding headers."""
        if self.client_state is _CONNECTING:
            message = await self.receive()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(1006, "The client left before the handshake completed.")
        await self.send(
            {"type": "websocket.accept", "subprotocol": subprotocol, "headers": list(headers or [])}
        )

    async def _receive_frame(self, key: str, ends_iteration: bool = False) -> Any:
        """The `text` or `bytes` of the next frame; a disconnect raises WebSocketDisconnect,
        or StopAsyncIteration for the frame iterators (`ends_iteration`).

        The checks of raise_for_connection_state / raise_for_disconnect, inline: this runs
        for every frame.
        """
        if self.application_state is not _CONNECTED:
            raise WebSocketRuntimeError('WebSocket is not connected. Need to call "accept" first.')
        # What receive() does, without a coroutine of its own; for the usual message on an
        # open socket, without a call either.
        connected = self.client_state is _CONNECTED
        if not connected:
            self._check_can_receive()
        message = await self._receive()
        kind = message["type"]
        if kind != "websocket.receive" or not connected:
            self._client_sent(kind)
            if kind == "websocket.disconnect":
                raise _disconnect_error(message, ends_iteration)
        value = message.get(key)
        if value is None:
            raise _missing_frame(key)
        return value

    async def _receive_frame_through_receive(self, key: str, ends_iteration: bool = False) -> Any:
        """_receive_frame for subclasses with their own receive() (see __init_subclass__)."""
        if self.application_state is not _CONNECTED:
            raise WebSocketRuntimeError('WebSocket is not connected. Need to call "accept" first.')
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise _disconnect_error(message, ends_iteration)
        value = message.get(key)
        if value is None:
            raise _missing_frame(key)
        return value

    # The typed receivers hand back _receive_frame's coroutine: one coroutine less per frame.
    def receive_text(self) -> Coroutine[Any, Any, str]:
        return self._receive_frame("text")

    def receive_bytes(self) -> Coroutine[Any, Any, bytes]:
        return self._receive_frame("bytes")

    async def receive_json(self, mode: str = "text") -> Any:
        """Decode the next frame as JSON; invalid JSON or UTF-8, NaN/Infinity, or nesting
        deeper than the settings' json_max_depth raise WebSocketDataError(1007)."""
        _check_mode(mode)
        if mode == MessageMode.TEXT:
            raw: str | bytes = await self.receive_text()
        else:
            raw = await self.receive_bytes()
        try:
            return json_decode(raw, default_limits()[1])
        except JSONDecodeError as exc:
            raise _InvalidJSONFrame(exc) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebSocketDataError(
                status.WS_1007_INVALID_FRAME_PAYLOAD_DATA, f"The frame is not valid JSON: {exc}"
            ) from exc

    def iter_text(self) -> AsyncIterator[str]:
        """The text frames until the client disconnects (through a subclass's own
        receive_text, if it has one)."""
        if type(self).receive_text is not WebSocket.receive_text:
            return _until_disconnect(self.receive_text)
        return _Frames(self, "text")

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """The binary frames until the client disconnects (through a subclass's own
        receive_bytes, if it has one)."""
        if type(self).receive_bytes is not WebSocket.receive_bytes:
            return _until_disconnect(self.receive_bytes)
        return _Frames(self, "bytes")

    async def iter_json(self) -> AsyncIterator[Any]:
        try:
            while True:
                yield await self.receive_json()
        except WebSocketDisconnect:
            return

    # On an open socket, send_text and send_bytes skip send()'s checks (which would pass) and
    # its coroutine: one coroutine per frame.
    async def send_text(self, data: str) -> None:
        message = {"type": "websocket.send", "text": data}
        if self.application_state is _CONNECTED:
            await self._send(message)
        else:
            await self.send(message)

    async def send_bytes(self, data: bytes) -> None:
        message = {"type": "websocket.send", "bytes": data}
        if self.application_state is _CONNECTED:
            await self._send(message)
        else:
            await self.send(message)

    async def _send_text_through_send(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})

    async def _send_bytes_through_send(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        """Send `data` as compact JSON, through the same encoders as JSONResponse (dataclasses,
        pydantic models, UUIDs, dates...); NaN and infinities raise ValueError, as there."""
        _check_mode(mode)
        encoded = json_encode(data)
        if mode == MessageMode.TEXT:
            await self.send({"type": "websocket.send", "text": encoded.decode("utf-8")})
        else:
            await self.send({"type": "websocket.send", "bytes": encoded})

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the socket; a reason over 123 UTF-8 bytes is cut to fit the close frame."""
        await self.send({"type": "websocket.close", "code": code, "reason": _fit_reason(reason)})


_MAX_REASON_BYTES = 123  # a close frame carries at most 125 bytes, 2 of them the code


def _fit_reason(reason: str | None) -> str:
    """`reason` cut to what a close frame can carry (at a character boundary).

    A longer reason (an error message quoting the client's input, say) is a protocol error:
    some servers then send no close frame at all and log a traceback instead.
    """
    if not reason:
        return ""
    if len(reason) * 4 <= _MAX_REASON_BYTES:  # no character takes more than 4 bytes
        return reason
    encoded = reason.encode("utf-8", "replace")
    if len(encoded) <= _MAX_REASON_BYTES:
        return reason
    return encoded[:_MAX_REASON_BYTES].decode("utf-8", "ignore")


def _disconnect_error(disconnect: Message, ends_iteration: bool = False) -> Exception:
    """What a disconnect raises: WebSocketDisconnect with the client's code and reason, or
    for a frame iterator, the end of the iteration."""
    if ends_iteration:
        return StopAsyncIteration()
    return WebSocketDisconnect(disconnect.get("code", 1000), disconnect.get("reason"))


def _missing_frame(key: str) -> WebSocketDataError:
    kind = "text" if key == "text" else "binary"
    return WebSocketDataError(status.WS_1003_UNSUPPORTED_DATA, f"Expected a {kind} frame.")


async def _until_disconnect(read: Callable[[], Awaitable[Any]]) -> AsyncIterator[Any]:
    """What `read` returns, again and again, until the client disconnects."""
    try:
        while True:
            yield await read()
    except WebSocketDisconnect:
        return


class _Frames:
    """The frames of one kind, until a disconnect: each step is one _receive_frame coroutine,
    where an async generator would add a frame of its own per message."""

    __slots__ = ("key", "receive_frame")

    def __init__(self, websocket: WebSocket, key: str) -> None:
        self.receive_frame = websocket._receive_frame
        self.key = key

    def __aiter__(self) -> _Frames:
        return self

    def __anext__(self) -> Coroutine[Any, Any, Any]:
        return self.receive_frame(self.key, True)


class WebSocketClose:
    """An ASGI app that closes the socket: what unmatched WebSocket routes get."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "websocket.close", "code": self.code, "reason": _fit_reason(self.reason)}
        )
