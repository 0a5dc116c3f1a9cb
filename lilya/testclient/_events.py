"""Reading a server-sent event stream from a test, event by event, while the app still runs.

The test client's plain requests wait for the whole body, which an event stream never ends.
`EventStreamSession` runs the app in the portal as a background task instead and hands the
body over as it is sent, parsed into `ServerSentEvent` items; leaving the session disconnects
the client, as a browser closing the page would.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from contextlib import ExitStack
from types import TracebackType

import anyio
import httpx
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from lilya.sse import ServerSentEvent
from lilya.testclient._session import AppSession, PortalFactory
from lilya.types import ASGIApp, Message, Scope

__all__ = ["EventStreamSession", "parse_event_block"]

# Body chunks the app may send ahead of the test before its send waits.
BODY_BUFFER = 64
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLOCK_END = re.compile(r"(?:\r\n|\r|\n)(?:\r\n|\r|\n)")


def parse_event_block(block: str) -> ServerSentEvent:
    """One block of the event stream (the lines before a blank line) as a ServerSentEvent.

    Every block becomes an item, a comment-only keep-alive included (its `comment` is set and
    its `data` is None), so a test sees exactly what went on the wire. Unknown fields are
    ignored and a non-numeric retry is dropped, as an EventSource does.
    """
    data: list[str] = []
    comments: list[str] = []
    fields: dict[str, str] = {}
    for line in _LINE_BREAK.split(block):
        name, colon, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if not colon:
            name, value = line, ""
        if name == "":
            comments.append(value)
        elif name == "data":
            data.append(value)
        elif name in ("event", "id", "retry"):
            fields[name] = value
    retry = fields.get("retry")
    return ServerSentEvent(
        data="\n".join(data) if data else None,
        event=fields.get("event"),
        id=fields.get("id"),
        retry=int(retry) if retry is not None and retry.isdigit() else None,
        comment="\n".join(comments) if comments else None,
    )


class EventStreamSession(AppSession):
    """One request whose response is read as it arrives; use it as a context manager.

    Entering sends the request and waits for the response to start: `response` then has the
    status and headers (its body is not read through it). Iterating yields the events of the
    body until the app ends it; each wait for the next event fails with TimeoutError after
    `timeout` seconds. Leaving sends `http.disconnect`, waits for the app to finish and
    re-raises an exception the app raised.
    """

    def __init__(
        self,
        app: ASGIApp,
        scope: Scope,
        request: httpx.Request,
        portal_factory: PortalFactory,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(app, scope, portal_factory)
        self.request = request
        self.timeout = timeout
        self.response: httpx.Response
        self._text = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._body_done = False
        self._request_sent = False

    def __enter__(self) -> EventStreamSession:
        with ExitStack() as stack:
            portal = self._portal = self._start_app(stack)
            stack.callback(self._finish)
            start = portal.call(self._next_message)
            if start is None:
                raise RuntimeError("The app returned without sending a response.")
            self.response = httpx.Response(
                int(start["status"]),
                headers=[(bytes(k), bytes(v)) for k, v in start.get("headers", [])],
                request=self.request,
            )
            self._stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()

    def __iter__(self) -> Iterator[ServerSentEvent]:
        return self

    def __next__(self) -> ServerSentEvent:
        while True:
            match = _BLOCK_END.search(self._text)
            # A block end at the very end of the text may be "\r" of a "\r\n" cut in two.
            cut = match is not None and match.end() == len(self._text) and self._text[-1] == "\r"
            if match is not None and (not cut or self._body_done):
                block, self._text = self._text[: match.start()], self._text[match.end() :]
                return parse_event_block(block)
            if self._body_done:
                raise StopIteration
            self._read_more()

    def _read_more(self) -> None:
        assert self._portal is not None
        message = self._portal.call(self._next_message)
        if message is None or not message.get("more_body", False):
            self._body_done = True
        body = b"" if message is None else bytes(message.get("body", b""))
        self._text += self._decoder.decode(body, final=self._body_done)

    # -- the app's side, run in the portal ------------------------------------------------

    def _open_streams(self) -> None:
        self._to_test: MemoryObjectSendStream[Message]
        self._from_app: MemoryObjectReceiveStream[Message]
        self._to_test, self._from_app = anyio.create_memory_object_stream[Message](BODY_BUFFER)
        self._disconnected = anyio.Event()

    async def _run_app(self) -> None:
        try:
            await self.app(self.scope, self._receive, self._send)
        finally:
            self._to_test.close()

    async def _receive(self) -> Message:
        if not self._request_sent:
            self._request_sent = True
            return {"type": "http.request", "body": self.request.read(), "more_body": False}
        await self._disconnected.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        if self._disconnected.is_set():
            return  # the client left: what the app still sends goes nowhere
        try:
            await self._to_test.send(message)
        except anyio.BrokenResourceError:
            pass

    async def _next_message(self) -> Message | None:
        with anyio.fail_after(self.timeout):
            while True:
                try:
                    message = await self._from_app.receive()
                except anyio.EndOfStream:
                    return None
                if message["type"] in ("http.response.start", "http.response.body"):
                    return message

    async def _disconnect(self) -> None:
        self._disconnected.set()
        self._from_app.close()

    def _finish(self) -> None:
        assert self._portal is not None
        assert self._app_task is not None
        self._portal.call(self._disconnect)
        self._app_task.result()
