"""WSGIMiddleware: serve a WSGI application (Flask, Django, ...) from an ASGI app.

The WSGI app runs in a worker thread through anyio, so it works on asyncio and trio alike
(a2wsgi, the usual choice, is tied to asyncio's event loop and fails under trio). Both bodies
stream: `wsgi.input` pulls request chunks from the ASGI receive channel only when the WSGI app
reads, and each chunk the app yields is sent at once, so neither side is held in memory. At
most `workers` requests run WSGI code at the same time.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread

from lilya.routing._loading import import_string
from lilya.types import Message, Receive, Scope, Send

__all__ = ["WSGIMiddleware"]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WSGIMiddleware:
    """An ASGI app wrapping `app`, a WSGI callable or a "module:attr" string naming one."""

    def __init__(self, app: WSGIApp | str, workers: int = 10, send_queue_size: int = 10) -> None:
        if isinstance(app, str):
            app = import_string(app)
        if not callable(app):
            raise TypeError(f"WSGIMiddleware needs a WSGI callable, got {type(app).__name__}.")
        self.app: WSGIApp = app
        self.workers = workers
        self.send_queue_size = send_queue_size  # accepted for Lilya compatibility; sends block
        self._limiter: anyio.CapacityLimiter | None = None
        self._limiter_token: Any = None

    def _limiter_for_this_loop(self) -> anyio.CapacityLimiter:
        """A limiter belongs to one event loop; a test client may start several in turn."""
        token = anyio.lowlevel.current_token()
        if self._limiter is None or self._limiter_token != token:
            self._limiter = anyio.CapacityLimiter(self.workers)
            self._limiter_token = token
        return self._limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            exchange = _Exchange(self.app, scope, receive, send)
            await anyio.to_thread.run_sync(exchange.run, limiter=self._limiter_for_this_loop())
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000})
        elif scope["type"] == "lifespan":
            await _acknowledge_lifespan(receive, send)


async def _acknowledge_lifespan(receive: Receive, send: Send) -> None:
    """A WSGI app has no lifespan: say yes to startup and shutdown."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _await(function: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """Run an ASGI receive/send from a worker thread (from_thread.run wants a coroutine)."""
    return await function(*args)


def _wsgi_str(text: str) -> str:
    """PEP 3333 "native strings": the UTF-8 bytes of the path, read as latin-1."""
    return text.encode("utf-8").decode("latin-1")


def _build_environ(scope: Scope, body: Any) -> dict[str, Any]:
    """The WSGI environ for an ASGI HTTP scope; `body` becomes wsgi.input."""
    root_path: str = scope.get("root_path", "")
    path: str = scope["path"]
    if root_path and path.startswith(root_path):
        path = path[len(root_path) :]
    server = scope.get("server") or ("localhost", 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": _wsgi_str(root_path),
        "PATH_INFO": _wsgi_str(path),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]) if server[1] is not None else "80",
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        # The ASGI scope itself, as the a2wsgi middleware Lilya 0.7.5 uses hands it on.
        "asgi.scope": scope,
    }
    client = scope.get("client")
    if client:
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = str(client[0]), str(client[1])
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper()
        if "_" in name:
            # "X_User" and "X-User" would both become HTTP_X_USER: drop the ambiguous spelling.
            continue
        value = raw_value.decode("latin-1")
        if name == "CONTENT-TYPE":
            key = "CONTENT_TYPE"
        elif name == "CONTENT-LENGTH":
            key = "CONTENT_LENGTH"
        else:
            key = "HTTP_" + name.replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class _RequestBody:
    """wsgi.input: reads request chunks from the event loop as the WSGI app asks for them."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._buffer = bytearray()
        self._more = True

    def _fill(self) -> None:
        message: Message = anyio.from_thread.run(_await, self._receive)
        if message["type"] == "http.request":
            self._buffer += message.get("body", b"")
            self._more = message.get("more_body", False)
        else:  # http.disconnect: nothing more will come
            self._more = False

    def _take(self, size: int) -> bytes:
        chunk = bytes(self._buffer[:size])
        del self._buffer[:size]
        return chunk

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            while self._more:
                self._fill()
            return self._take(len(self._buffer))
        while self._more and len(self._buffer) < size:
            self._fill()
        return self._take(size)

    def readline(self, limit: int | None = -1) -> bytes:
        cap = limit if limit is not None and limit >= 0 else sys.maxsize
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0 or not self._more or len(self._buffer) >= cap:
                break
            self._fill()
        size = end + 1 if end >= 0 else len(self._buffer)
        return self._take(min(size, cap))

    def readlines(self, hint: int | None = -1) -> list[bytes]:
        lines: list[bytes] = []
        total = 0
        while line := self.readline():
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def __iter__(self) -> _RequestBody:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class _Exchange:
    """One request: runs the WSGI app in a worker thread and relays its response."""

    def __init__(self, app: WSGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        self.app = app
        self.scope = scope
        self.send = send
        self.body = _RequestBody(receive)
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.started = False

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        if exc_info is not None and self.started:
            raise exc_info[1].with_traceback(exc_info[2])
        self.status = int(status.split(" ", 1)[0])
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers
        ]
        return self.write

    def _send(self, message: Message) -> None:
        anyio.from_thread.run(_await, self.send, message)

    def _start(self) -> None:
        if self.status is None:
            raise RuntimeError("The WSGI application did not call start_response().")
        self.started = True
        self._send({"type": "http.response.start", "status": self.status, "headers": self.headers})

    def write(self, chunk: bytes) -> None:
        if not self.started:
            self._start()
        self._send({"type": "http.response.body", "body": chunk, "more_body": True})

    def run(self) -> None:
        result = self.app(_build_environ(self.scope, self.body), self.start_response)
        try:
            for chunk in result:
                if chunk:
                    self.write(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not self.started:
            self._start()
        self._send({"type": "http.response.body", "body": b"", "more_body": False})
