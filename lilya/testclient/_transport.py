"""The httpx transport that hands each request to an ASGI app instead of the network."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast
from urllib.parse import unquote

import anyio
import httpx

from lilya.testclient._session import PortalFactory
from lilya.testclient._websocket import WebSocketTestSession
from lilya.testclient.exceptions import UpgradeException
from lilya.types import ASGIApp, Message, Scope

__all__ = ["TestClientTransport"]

_ASGI = {"version": "3.0", "spec_version": "2.4"}
_DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
CLIENT_ADDRESS = ("testclient", 50000)


class TestClientTransport(httpx.BaseTransport):
    """Turns an httpx.Request into an ASGI scope, runs the app in a portal, builds the response.

    A ws:// or wss:// request becomes a WebSocketTestSession, handed back by raising
    UpgradeException (httpx transports can only return responses).
    """

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        portal_factory: PortalFactory,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        app_state: dict[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.portal_factory = portal_factory
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.app_state = app_state if app_state is not None else {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        scope = self.build_scope(request)
        if scope["type"] == "websocket":
            raise UpgradeException(WebSocketTestSession(self.app, scope, self.portal_factory))
        exchange = _HTTPExchange(self.app, scope, request, self.raise_server_exceptions)
        with self.portal_factory() as portal:
            response: httpx.Response = portal.call(exchange.run)
        return response

    def build_scope(self, request: httpx.Request) -> Scope:
        """The ASGI http or websocket scope a server would build for `request`."""
        url = request.url
        scheme = url.scheme
        raw_path = url.raw_path.split(b"?", 1)[0]
        host = url.host
        port = url.port or _DEFAULT_PORTS.get(scheme, 80)
        headers = [(name.lower(), value) for name, value in request.headers.raw]
        if not any(name == b"host" for name, _ in headers):
            headers.insert(0, (b"host", url.netloc))
        scope: Scope = {
            "type": "http",
            "asgi": dict(_ASGI),
            "http_version": "1.1",
            "scheme": scheme,
            # Servers percent-decode the path; bytes that are not UTF-8 become U+FFFD and the
            # exact bytes stay available in raw_path.
            "path": unquote(raw_path.decode("latin-1"), errors="replace"),
            "raw_path": raw_path,
            "root_path": self.root_path,
            "query_string": url.query,
            "headers": headers,
            "client": CLIENT_ADDRESS,
            "server": (host, port),
            "state": dict(self.app_state),
        }
        if scheme in ("ws", "wss"):
            scope["type"] = "websocket"
            scope["subprotocols"] = _subprotocols(request.headers)
            scope["extensions"] = {"websocket.http.response": {}}
        else:
            scope["method"] = request.method
            scope["extensions"] = {"http.response.debug": {}}
        return scope


def _subprotocols(headers: httpx.Headers) -> list[str]:
    values = headers.get_list("sec-websocket-protocol", split_commas=True)
    return [value.strip() for value in values if value.strip()]


class _HTTPExchange:
    """One request/response cycle: feeds the body to the app and collects what it sends."""

    __slots__ = (
        "app",
        "chunks",
        "context",
        "has_debug",
        "headers",
        "raise_server_exceptions",
        "request",
        "request_body",
        "request_complete",
        "response_complete",
        "scope",
        "status",
        "template",
    )

    def __init__(
        self, app: ASGIApp, scope: Scope, request: httpx.Request, raise_server_exceptions: bool
    ) -> None:
        self.app = app
        self.scope = scope
        self.request = request
        self.raise_server_exceptions = raise_server_exceptions
        self.request_body: Iterator[bytes] | None = None
        self.request_complete = False
        self.response_complete: anyio.Event | None = None
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []
        self.has_debug = False
        self.template: Any = None
        self.context: Any = None

    async def run(self) -> httpx.Response:
        self.response_complete = anyio.Event()
        try:
            await self.app(self.scope, self.receive, self.send)
        except BaseException:
            if self.raise_server_exceptions:
                raise
            # As in Lilya 0.7.5: a 500 if nothing was sent; the response if it was complete;
            # else its status and headers without the part of the body sent before failing.
            if self.status is None:
                return self._response(500, [], b"")
            body = b"".join(self.chunks) if self.response_complete.is_set() else b""
            return self._response(self.status, self.headers, body)
        finally:
            self.response_complete.set()
        if self.status is None:
            if not self.raise_server_exceptions:
                return self._response(500, [], b"")
            raise RuntimeError("The app returned without sending a response.")
        return self._response(self.status, self.headers, b"".join(self.chunks))

    def _response(
        self, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> httpx.Response:
        response = httpx.Response(
            status, headers=headers, stream=httpx.ByteStream(body), request=self.request
        )
        if self.has_debug:
            response.template = self.template  # type: ignore[attr-defined]
            response.context = self.context  # type: ignore[attr-defined]
        return response

    async def receive(self) -> Message:
        if not self.request_complete:
            return self._next_request_message()
        # Like a connected client, wait until the response is complete before going away.
        assert self.response_complete is not None
        if not self.response_complete.is_set():
            await self.response_complete.wait()
        # Once it is, answer without a checkpoint, so request.is_disconnected() (which reads
        # under a cancelled scope) sees the disconnect.
        return {"type": "http.disconnect"}

    def _next_request_message(self) -> Message:
        stream = self.request.stream
        if isinstance(stream, httpx.ByteStream):
            self.request_complete = True
            return {"type": "http.request", "body": self.request.read(), "more_body": False}
        if self.request_body is None:
            self.request_body = iter(cast(Iterable[bytes], stream))
        for chunk in self.request_body:
            if chunk:
                return {"type": "http.request", "body": bytes(chunk), "more_body": True}
        self.request_complete = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            if self.status is not None:
                raise RuntimeError("http.response.start was sent twice.")
            self.status = int(message["status"])
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif kind == "http.response.body":
            if self.status is None:
                raise RuntimeError("http.response.body was sent before http.response.start.")
            assert self.response_complete is not None
            if self.response_complete.is_set():
                raise RuntimeError("http.response.body was sent after the response completed.")
            self.chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                self.response_complete.set()
        elif kind == "http.response.push":
            pass  # Server push: a real server may ignore it, and so does the test client.
        elif kind == "http.response.debug":
            info = message.get("info") or {}
            self.has_debug = True
            self.template = info.get("template")
            self.context = info.get("context")
        else:
            raise RuntimeError(f"Unexpected ASGI message {kind!r} for an HTTP request.")
