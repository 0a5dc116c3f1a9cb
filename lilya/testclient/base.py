"""TestClient: an httpx.Client that talks to an ASGI app in-process, on asyncio or trio."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import anyio
import anyio.from_thread
import httpx
from anyio.from_thread import BlockingPortal
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from lilya.testclient._events import EventStreamSession
from lilya.testclient._transport import TestClientTransport
from lilya.testclient._websocket import WebSocketTestSession
from lilya.testclient.exceptions import UpgradeException
from lilya.types import ASGIApp, Message

if TYPE_CHECKING:
    from httpx._client import UseClientDefault
    from httpx._types import (
        AuthTypes,
        CookieTypes,
        HeaderTypes,
        QueryParamTypes,
        RequestContent,
        RequestData,
        RequestExtensions,
        RequestFiles,
        TimeoutTypes,
    )

__all__ = ["TestClient"]

_WEBSOCKET_BASE_URL = httpx.URL("ws://testserver")


class TestClient(httpx.Client):
    """Drive an ASGI app from synchronous tests, through the full httpx client API.

    Each request runs the app in an anyio blocking portal on `backend` ("asyncio" or "trio").
    Used as a context manager, one portal lives for the whole block and the app's lifespan
    (startup on enter, shutdown on exit) runs in it; the lifespan state is copied into every
    request scope. App exceptions reach the test unless `raise_server_exceptions` is False,
    in which case an app that failed before responding yields a 500 response.
    """

    __test__ = False
    task: Future[None]
    portal: BlockingPortal | None = None

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: dict[str, Any] | None = None,
        cookies: CookieTypes | None = None,
        headers: HeaderTypes | None = None,
        follow_redirects: bool = True,
    ) -> None:
        self.app = app
        # Named and shaped as in Lilya 0.7.5: the keyword arguments of every blocking portal.
        self.async_backend: dict[str, Any] = {
            "backend": backend,
            "backend_options": dict(backend_options or {}),
        }
        self.app_state: dict[str, Any] = {}
        self._exit_stack: contextlib.ExitStack | None = None
        self._lifespan_supported = True
        self._lifespan_error: BaseException | None = None
        self._lifespan_scope: anyio.CancelScope | None = None
        transport = TestClientTransport(
            app,
            portal_factory=self._portal_factory,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            app_state=self.app_state,
        )
        default_headers = httpx.Headers({"user-agent": "testclient"})
        if headers is not None:
            default_headers.update(headers)
        super().__init__(
            base_url=base_url,
            headers=default_headers,
            transport=transport,
            follow_redirects=follow_redirects,
            cookies=cookies,
        )

    @contextlib.contextmanager
    def _portal_factory(self) -> Iterator[BlockingPortal]:
        """The lifespan portal inside a `with` block, else a portal for this one call."""
        if self.portal is not None:
            yield self.portal
            return
        with anyio.from_thread.start_blocking_portal(**self.async_backend) as portal:
            yield portal

    def request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        content: RequestContent | None = None,
        data: RequestData | None = None,
        files: RequestFiles | None = None,
        json: Any = None,
        params: QueryParamTypes | None = None,
        headers: HeaderTypes | None = None,
        cookies: CookieTypes | None = None,
        auth: AuthTypes | UseClientDefault | None = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: bool | UseClientDefault | None = None,
        timeout: TimeoutTypes | UseClientDefault = httpx.USE_CLIENT_DEFAULT,
        extensions: RequestExtensions | None = None,
    ) -> httpx.Response:
        """Send a request to the app; `follow_redirects=None` uses the client's setting."""
        return super().request(
            method,
            url,
            content=content,
            data=data,
            files=files,
            json=json,
            params=params,
            headers=headers,
            cookies=cookies,
            auth=auth,
            follow_redirects=(
                httpx.USE_CLIENT_DEFAULT if follow_redirects is None else follow_redirects
            ),
            timeout=timeout,
            extensions=extensions,
        )

    # As in Lilya 0.7.5, every verb takes what request() takes, so a GET, HEAD, DELETE or
    # OPTIONS can carry a body too (`client.delete("/items", json=[1, 2])`).
    def get(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("HEAD", url, **kwargs)

    def post(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("OPTIONS", url, **kwargs)

    def websocket_connect(
        self, url: str, subprotocols: Sequence[str] | None = None, **kwargs: Any
    ) -> WebSocketTestSession:
        """A WebSocket session to `url` (relative to ws://testserver); enter it to connect.

        Extra keyword arguments (headers, params, cookies, ...) go to the upgrade request.
        """
        headers = httpx.Headers(kwargs.pop("headers", None))
        headers.setdefault("connection", "upgrade")
        headers.setdefault("upgrade", "websocket")
        headers.setdefault("sec-websocket-key", "testserver==")
        headers.setdefault("sec-websocket-version", "13")
        if subprotocols is not None:
            headers.setdefault("sec-websocket-protocol", ", ".join(subprotocols))
        target = httpx.URL(url)
        if not target.is_absolute_url:
            # As in Lilya 0.7.5, a relative URL is joined to ws://testserver, whatever the
            # client's base_url is.
            target = _WEBSOCKET_BASE_URL.join(url)
        if target.scheme in ("http", "https"):
            target = target.copy_with(scheme="wss" if target.scheme == "https" else "ws")
        try:
            super().request("GET", target, headers=headers, **kwargs)
        except UpgradeException as upgrade:
            session: WebSocketTestSession = upgrade.session
            return session
        raise RuntimeError("Expected a WebSocket upgrade.")  # pragma: no cover

    def stream_events(
        self, url: str, method: str = "GET", timeout: float = 10.0, **kwargs: Any
    ) -> EventStreamSession:
        """A request whose server-sent events are read as they arrive; enter it to send.

        Extra keyword arguments (headers, params, cookies, json, ...) build the request as for
        `request()`; each wait for the next event fails after `timeout` seconds.
        """
        request = self.build_request(method, url, **kwargs)
        transport = self._transport
        assert isinstance(transport, TestClientTransport)
        scope = transport.build_scope(request)
        return EventStreamSession(self.app, scope, request, self._portal_factory, timeout)

    # -- lifespan --------------------------------------------------------------------------

    def __enter__(self) -> TestClient:
        with contextlib.ExitStack() as stack:
            portal = stack.enter_context(
                anyio.from_thread.start_blocking_portal(**self.async_backend)
            )
            self.portal = portal

            @stack.callback
            def reset_portal() -> None:
                self.portal = None

            portal.call(self._open_lifespan_streams)
            self.task = portal.start_task_soon(self.lifespan)
            try:
                portal.call(self.wait_startup)
            except BaseException:
                portal.call(self._abandon_lifespan)
                raise

            @stack.callback
            def shutdown() -> None:
                portal.call(self.wait_shutdown)

            self._exit_stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            stack.close()

    def _open_lifespan_streams(self) -> None:
        self._to_app: MemoryObjectSendStream[Message]
        self._app_inbox: MemoryObjectReceiveStream[Message]
        self._from_app: MemoryObjectSendStream[Message]
        self._app_outbox: MemoryObjectReceiveStream[Message]
        self._to_app, self._app_inbox = anyio.create_memory_object_stream(math.inf)
        self._from_app, self._app_outbox = anyio.create_memory_object_stream(math.inf)
        self._lifespan_supported = True
        self._lifespan_error = None

    async def lifespan(self) -> None:
        """Run the app with a lifespan scope until it returns (or is abandoned)."""
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "state": self.app_state,
        }
        with anyio.CancelScope() as cancel_scope:
            self._lifespan_scope = cancel_scope
            try:
                await self.app(scope, self._lifespan_receive, self._from_app.send)
            except anyio.get_cancelled_exc_class():
                raise
            except BaseException as exc:
                # Kept for wait_startup/wait_shutdown, which raise it in the test thread.
                self._lifespan_error = exc
            finally:
                self._from_app.close()

    async def _lifespan_receive(self) -> Message:
        try:
            return await self._app_inbox.receive()
        except anyio.EndOfStream:
            # The client will send nothing more: end the app rather than wait forever.
            assert self._lifespan_scope is not None
            self._lifespan_scope.cancel()
            await anyio.sleep_forever()
            raise  # pragma: no cover - the sleep above is cancelled

    async def _abandon_lifespan(self) -> None:
        self._to_app.close()

    async def _next_lifespan_message(self) -> Message | None:
        """The app's next lifespan message, None once it returned; its exception if it raised."""
        try:
            return await self._app_outbox.receive()
        except anyio.EndOfStream:
            if self._lifespan_error is not None:
                raise self._lifespan_error from None
            return None

    async def wait_startup(self) -> None:
        """Send lifespan.startup and wait for the app's answer; raise if startup failed."""
        await self._to_app.send({"type": "lifespan.startup"})
        message = await self._next_lifespan_message()
        if message is None:
            # The app returned without answering: it does not speak lifespan.
            self._lifespan_supported = False
            return
        if message["type"] == "lifespan.startup.complete":
            return
        if message["type"] != "lifespan.startup.failed":
            raise RuntimeError(f"Unexpected lifespan message during startup: {message['type']!r}.")
        await self._raise_lifespan_failure(message, "startup")

    async def wait_shutdown(self) -> None:
        """Send lifespan.shutdown and wait for the app's answer; raise if shutdown failed."""
        if not self._lifespan_supported:
            return
        await self._to_app.send({"type": "lifespan.shutdown"})
        self._to_app.close()
        message = await self._next_lifespan_message()
        if message is None or message["type"] == "lifespan.shutdown.complete":
            return
        if message["type"] != "lifespan.shutdown.failed":
            raise RuntimeError(f"Unexpected lifespan message during shutdown: {message['type']!r}.")
        await self._raise_lifespan_failure(message, "shutdown")

    async def _raise_lifespan_failure(self, message: Message, phase: str) -> NoReturn:
        # The app usually re-raises the original error right after reporting the failure;
        # prefer that exception, else report the failure message.
        self._to_app.close()
        await self._next_lifespan_message()
        raise RuntimeError(f"Lifespan {phase} failed: {message.get('message', '')}")
