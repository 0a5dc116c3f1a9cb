"""ServerErrorMiddleware: the outermost layer, answering 500 for anything left unhandled.

With debug=True the 500 carries the traceback (an HTML page for browsers, plain text otherwise).
The exception is always re-raised afterwards so the server logs it (and the test client can
surface it in tests).
"""

from __future__ import annotations

import inspect
import traceback
from collections.abc import Callable
from typing import Any

from lilya._exception_handling import guarded_call, run_handler
from lilya.requests import Request
from lilya.responses import HTMLResponse, PlainText, Response
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ServerErrorMiddleware"]

_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
h1 {{ color: #b00020; font-size: 1.4rem; }}
.frame {{ border: 1px solid #ddd; border-radius: 6px; margin: 0.8rem 0; }}
.frame summary {{ background: #f6f6f6; padding: 0.4rem 0.8rem; cursor: pointer; }}
pre {{ margin: 0; padding: 0.6rem 0.8rem; overflow-x: auto; }}
.current {{ background: #ffe9e9; }}
</style></head>
<body>
<h1>500 Server Error</h1>
<h2>{title}</h2>
{frames}
</body>
</html>
"""


class ServerErrorMiddleware:
    """Catch what no handler handled: send a 500 (unless a response already began), re-raise.

    The handler (the app's 500 or Exception handler) is called even when the response had
    started, so errors of background tasks are reported; its response is then dropped.
    """

    def __init__(
        self,
        app: ASGIApp,
        handler: Callable[[Request, Exception], Any] | None = None,
        debug: bool = False,
    ) -> None:
        self.app = app
        self.handler = handler
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await guarded_call(self, scope, receive, send)

    async def answer_failure(
        self,
        exc: Exception,
        scope: Scope,
        receive: Receive,
        send: Send,
        tracking_send: Send,
        started: bool,
    ) -> None:
        """Answer an exception from the app with a 500 (unless the response started), then
        re-raise it for the server to log (see lilya._exception_handling.guard_http)."""
        await self.answer(exc, scope, receive, send, started)
        raise exc

    async def answer(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool
    ) -> None:
        """Build the 500 response (running the handler) and send it unless too late."""
        request = Request(scope)
        response = await self.handle_exception(request, exc, scope, receive, send)
        await self.send_response(response, scope, receive, send, started)

    async def answer_websocket_failure(
        self, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """A socket has no 500 to send: the guard closes it with 1011 and re-raises."""
        raise exc

    async def handle_exception(
        self, request: Request, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> Any:
        """The response for `exc`: the traceback page in debug, else the handler's, else a
        plain 500."""
        if self.debug:
            return self.debug_response(request, exc)
        if self.handler is not None:
            return await self.run_handler(request, exc)
        return self.error_response(request, exc)

    async def run_handler(self, request: Request, exc: Exception) -> Any:
        assert self.handler is not None
        return await run_handler(self.handler, request, exc)

    async def send_response(
        self,
        response: Response | None,
        scope: Scope,
        receive: Receive,
        send: Send,
        response_started: bool,
    ) -> None:
        """Send `response` unless the app had already started one (then it is dropped)."""
        if response is not None and not response_started:
            await response(scope, receive, send)

    def error_response(self, request: Request, exc: Exception) -> Response:
        return PlainText("Internal Server Error", status_code=500)

    def debug_response(self, request: Request, exc: Exception) -> Response:
        accept = request.headers.get("accept", "")
        if "text/html" in accept:
            return HTMLResponse(self.generate_html(exc), status_code=500)
        return PlainText(self.generate_plain_text(exc), status_code=500)

    def generate_plain_text(self, exc: Exception) -> str:
        return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))

    def generate_html(self, exc: Exception) -> str:
        title = _escape(f"{type(exc).__name__}: {exc}")
        frames = inspect.getinnerframes(exc.__traceback__, 5) if exc.__traceback__ else []
        rendered = [
            self.generate_frame_html(frame, is_collapsed=index != len(frames) - 1)
            for index, frame in enumerate(frames)
        ]
        return _PAGE.format(title=title, frames="\n".join(reversed(rendered)))

    def format_line(self, index: int, line: str, frame_lineno: int, frame_index: int) -> str:
        number = frame_lineno - frame_index + index
        css = ' class="current"' if index == frame_index else ""
        return f"<span{css}>{number:>5} {_escape(line.rstrip())}</span>"

    def generate_frame_html(self, frame: inspect.FrameInfo, is_collapsed: bool) -> str:
        lines = frame.code_context or []
        index = frame.index or 0
        code = "\n".join(
            self.format_line(i, line, frame.lineno, index) for i, line in enumerate(lines)
        )
        where = _escape(f"{frame.filename}, line {frame.lineno}, in {frame.function}")
        opened = "" if is_collapsed else " open"
        return (
            f'<details class="frame"{opened}><summary>{where}</summary><pre>{code}</pre></details>'
        )


def _escape(text: str) -> str:
    """HTML-escaped text for the debug page. The html module is imported here, on the first
    debug page: it loads its table of named entities, about a millisecond of import time."""
    from html import escape

    return escape(text)
