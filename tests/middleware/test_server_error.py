from __future__ import annotations

from typing import Any

import pytest

from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.middleware.server_error import ServerErrorMiddleware
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.types import Receive, Scope, Send


async def crash_after_start(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    raise RuntimeError("late failure")


async def crash(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("early failure")


def test_crash_after_the_response_started_is_only_re_raised(test_client_factory: Any) -> None:
    client = test_client_factory(ServerErrorMiddleware(crash_after_start))
    with pytest.raises(RuntimeError, match="late failure"):
        client.get("/")


def test_standalone_middleware_answers_500(test_client_factory: Any) -> None:
    client = test_client_factory(ServerErrorMiddleware(crash), raise_server_exceptions=False)
    response = client.get("/")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


def test_async_handler_renders_the_500(test_client_factory: Any) -> None:
    async def handler(request: Request, exc: Exception) -> PlainText:
        return PlainText(f"handled {exc}", status_code=500)

    app = ServerErrorMiddleware(crash, handler=handler)
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert response.text == "handled early failure"


def test_debug_html_escapes_the_message(test_client_factory: Any) -> None:
    async def hostile(scope: Scope, receive: Receive, send: Send) -> None:
        raise ValueError("<script>alert(1)</script>")

    app = ServerErrorMiddleware(hostile, debug=True)
    client = test_client_factory(app, raise_server_exceptions=False)
    page = client.get("/", headers={"accept": "text/html"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_lifespan_scopes_pass_through(test_client_factory: Any) -> None:
    events: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                events.append(message["type"])
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    with test_client_factory(ServerErrorMiddleware(ExceptionMiddleware(app))):
        pass
    assert events == ["lifespan.startup", "lifespan.shutdown"]


def test_exception_middleware_add_handler(test_client_factory: Any) -> None:
    middleware = ExceptionMiddleware(crash)
    middleware.add_exception_handler(
        RuntimeError, lambda r, e: PlainText("caught", status_code=400)
    )
    response = test_client_factory(middleware).get("/")
    assert (response.status_code, response.text) == (400, "caught")


def test_handler_matching_after_the_response_started_is_an_error(
    test_client_factory: Any,
) -> None:
    middleware = ExceptionMiddleware(
        crash_after_start, handlers={RuntimeError: lambda r, e: PlainText("x")}
    )
    with pytest.raises(RuntimeError, match="already started"):
        test_client_factory(middleware).get("/")


def test_handler_is_called_for_a_crash_after_the_response_started(
    test_client_factory: Any,
) -> None:
    # Lilya 0.7.5: the handler still runs (to report); its response is dropped.
    reported: list[str] = []

    def handler(request: Request, exc: Exception) -> PlainText:
        reported.append(str(exc))
        return PlainText("dropped", status_code=500)

    app = ServerErrorMiddleware(crash_after_start, handler=handler)
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, reported) == (200, ["late failure"])


def test_send_response_is_the_hook_that_sends_the_500(test_client_factory: Any) -> None:
    class Recording(ServerErrorMiddleware):
        calls: list[bool] = []

        async def send_response(
            self, response: Any, scope: Scope, receive: Receive, send: Send, started: bool
        ) -> None:
            self.calls.append(started)
            await super().send_response(response, scope, receive, send, started)

    client = test_client_factory(Recording(crash), raise_server_exceptions=False)
    assert client.get("/").status_code == 500
    assert Recording.calls == [False]
