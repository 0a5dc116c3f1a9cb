"""TestClient: the httpx client face (cookies, redirects, headers) and the app's lifespan."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from lilya.testclient import TestClient
from lilya.types import Message, Receive, Scope, Send

ClientFactory = Callable[..., Any]


async def respond(
    send: Send,
    body: bytes = b"",
    status: int = 200,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers or []})
    await send({"type": "http.response.body", "body": body})


async def cookie_app(scope: Scope, receive: Receive, send: Send) -> None:
    """/set sets a cookie, /redirect redirects to /show, /show echoes the cookie header."""
    path = scope["path"]
    if path == "/set":
        await respond(send, headers=[(b"set-cookie", b"session=abc; Path=/")])
    elif path == "/redirect":
        await respond(send, status=302, headers=[(b"location", b"/show")])
    else:
        cookie = dict(scope["headers"]).get(b"cookie", b"")
        await respond(send, body=cookie)


def test_is_an_httpx_client(test_client_factory: ClientFactory) -> None:
    assert isinstance(test_client_factory(cookie_app), httpx.Client)


def test_cookies_persist_across_requests(test_client_factory: ClientFactory) -> None:
    client = test_client_factory(cookie_app)
    client.get("/set")
    assert client.get("/show").text == "session=abc"


def test_cookies_given_to_the_client_are_sent(test_client_factory: ClientFactory) -> None:
    client = test_client_factory(cookie_app, cookies={"a": "1"})
    assert client.get("/show").text == "a=1"


def test_redirects_are_followed_by_default(test_client_factory: ClientFactory) -> None:
    response = test_client_factory(cookie_app).get("/redirect")
    assert response.status_code == 200
    assert response.url == "http://testserver/show"
    assert [r.status_code for r in response.history] == [302]


def test_redirects_are_not_followed_when_disabled(test_client_factory: ClientFactory) -> None:
    response = test_client_factory(cookie_app, follow_redirects=False).get("/redirect")
    assert response.status_code == 302
    assert response.headers["location"] == "/show"


def test_follow_redirects_per_request_overrides_the_client(
    test_client_factory: ClientFactory,
) -> None:
    client = test_client_factory(cookie_app)
    assert client.get("/redirect", follow_redirects=False).status_code == 302
    assert client.get("/redirect", follow_redirects=None).status_code == 200


def test_client_headers_are_sent_with_every_request(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope["headers"])
        await respond(send, body=headers[b"authorization"] + b"|" + headers[b"user-agent"])

    client = test_client_factory(app, headers={"Authorization": "Bearer t"})
    assert client.get("/").text == "Bearer t|testclient"


def test_user_agent_can_be_replaced(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, body=dict(scope["headers"])[b"user-agent"])

    assert test_client_factory(app, headers={"User-Agent": "mine"}).get("/").text == "mine"


def test_every_verb_helper_reaches_the_app(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await respond(send, body=scope["method"].encode())

    client = test_client_factory(app)
    assert client.get("/").text == "GET"
    assert client.post("/").text == "POST"
    assert client.put("/").text == "PUT"
    assert client.patch("/").text == "PATCH"
    assert client.delete("/").text == "DELETE"
    assert client.options("/").text == "OPTIONS"
    assert client.head("/").status_code == 200


def test_is_not_collected_by_pytest() -> None:
    assert TestClient.__test__ is False


# -- lifespan ------------------------------------------------------------------------------


class LifespanApp:
    """Records lifespan events; `fail_on` makes startup or shutdown fail like lilya does."""

    def __init__(self, fail_on: str | None = None, state: dict[str, Any] | None = None) -> None:
        self.events: list[str] = []
        self.fail_on = fail_on
        self.state = state or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.events.append("request")
            await respond(send, body=json.dumps(scope["state"]).encode())
            return
        while True:
            message = await receive()
            phase = message["type"].split(".")[1]
            self.events.append(phase)
            if phase == self.fail_on:
                await send({"type": f"lifespan.{phase}.failed", "message": f"{phase} broke"})
                raise RuntimeError(f"{phase} exploded")
            if phase == "startup":
                scope["state"].update(self.state)
            await send({"type": f"lifespan.{phase}.complete"})
            if phase == "shutdown":
                return


def test_with_block_runs_startup_and_shutdown(test_client_factory: ClientFactory) -> None:
    app = LifespanApp()
    with test_client_factory(app) as client:
        assert app.events == ["startup"]
        client.get("/")
    assert app.events == ["startup", "request", "shutdown"]


def test_without_with_there_is_no_lifespan(test_client_factory: ClientFactory) -> None:
    app = LifespanApp()
    test_client_factory(app).get("/")
    assert app.events == ["request"]


def test_lifespan_state_is_copied_into_each_request(test_client_factory: ClientFactory) -> None:
    app = LifespanApp(state={"db": "connected"})
    with test_client_factory(app) as client:
        assert client.get("/").json() == {"db": "connected"}
        assert client.app_state == {"db": "connected"}


def test_request_state_changes_do_not_leak_into_lifespan_state(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await LifespanApp(state={"n": 0})(scope, receive, send)
            return
        scope["state"]["n"] += 1
        await respond(send, body=str(scope["state"]["n"]).encode())

    with test_client_factory(app) as client:
        assert client.get("/").text == "1"
        assert client.get("/").text == "1"


def test_startup_failure_raises_the_app_error(test_client_factory: ClientFactory) -> None:
    app = LifespanApp(fail_on="startup")
    with pytest.raises(RuntimeError, match="startup exploded"), test_client_factory(app):
        pass  # pragma: no cover - never entered
    assert app.events == ["startup"]


def test_shutdown_failure_raises_the_app_error(test_client_factory: ClientFactory) -> None:
    app = LifespanApp(fail_on="shutdown")
    with pytest.raises(RuntimeError, match="shutdown exploded"), test_client_factory(app):
        pass
    assert app.events == ["startup", "shutdown"]


@pytest.mark.parametrize("phase", ["startup", "shutdown"])
def test_failure_message_is_raised_when_the_app_does_not_raise(
    test_client_factory: ClientFactory, phase: str
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            current = message["type"].split(".")[1]
            if current == phase:
                await send({"type": f"lifespan.{phase}.failed", "message": "no database"})
            else:
                await send({"type": f"lifespan.{current}.complete"})
            # keeps waiting: the client must not hang on it

    with (
        pytest.raises(RuntimeError, match=f"Lifespan {phase} failed: no database"),
        test_client_factory(app),
    ):
        pass


def test_app_without_lifespan_support_is_tolerated(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return
        await respond(send, body=b"ok")

    with test_client_factory(app) as client:
        assert client.get("/").text == "ok"


def test_app_raising_on_lifespan_scope_fails_the_with_block(
    test_client_factory: ClientFactory,
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http", "http only"

    with pytest.raises(AssertionError, match="http only"), test_client_factory(app):
        pass  # pragma: no cover - never entered


@pytest.mark.parametrize("phase", ["startup", "shutdown"])
def test_unexpected_lifespan_message_is_reported(
    test_client_factory: ClientFactory, phase: str
) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            current = message["type"].split(".")[1]
            if current == phase:
                await send({"type": "http.response.start", "status": 200})
            else:
                await send({"type": f"lifespan.{current}.complete"})

    with (
        pytest.raises(RuntimeError, match=f"Unexpected lifespan message during {phase}"),
        test_client_factory(app),
    ):
        pass


def test_app_ending_before_shutdown_is_tolerated(test_client_factory: ClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await receive()
            await send({"type": "lifespan.startup.complete"})
            return
        await respond(send)

    with test_client_factory(app) as client:
        assert client.get("/").status_code == 200


def test_exception_in_the_with_block_still_shuts_down(test_client_factory: ClientFactory) -> None:
    app = LifespanApp()
    with pytest.raises(KeyError), test_client_factory(app):
        raise KeyError("test failure")
    assert app.events == ["startup", "shutdown"]


def test_client_can_be_entered_twice(test_client_factory: ClientFactory) -> None:
    app = LifespanApp()
    client = test_client_factory(app)
    with client:
        pass
    with client:
        client.get("/")
    assert app.events == ["startup", "shutdown", "startup", "request", "shutdown"]


def test_requests_inside_the_with_block_share_one_event_loop(
    test_client_factory: ClientFactory,
) -> None:
    import threading

    threads: list[int] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        threads.append(threading.get_ident())
        if scope["type"] == "lifespan":
            await LifespanApp()(scope, receive, send)
            return
        await respond(send)

    with test_client_factory(app) as client:
        client.get("/")
        client.get("/")
    assert len(set(threads)) == 1


def test_lifespan_scope_advertises_state(test_client_factory: ClientFactory) -> None:
    seen: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(dict(scope))
        await LifespanApp()(scope, receive, send)

    with test_client_factory(app):
        pass
    assert seen[0]["type"] == "lifespan"
    assert seen[0]["asgi"]["version"] == "3.0"
    assert seen[0]["state"] == {}


def test_leaving_without_entering_is_harmless(test_client_factory: ClientFactory) -> None:
    app = LifespanApp()
    test_client_factory(app).__exit__(None, None, None)
    assert app.events == []


def test_async_backend_holds_the_portal_arguments(
    test_client_factory: ClientFactory, anyio_backend: str
) -> None:
    """Lilya 0.7.5's TestClient.async_backend: {"backend": ..., "backend_options": ...}."""
    client = test_client_factory(cookie_app)
    assert client.async_backend == {"backend": anyio_backend, "backend_options": {}}
    assert TestClient(cookie_app).async_backend == {"backend": "asyncio", "backend_options": {}}


def test_lifespan_state_is_kept_from_one_with_block_to_the_next(
    test_client_factory: ClientFactory,
) -> None:
    """As in Lilya 0.7.5, entering the client again hands the lifespan the state it left."""
    seen: list[dict[str, Any]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "lifespan"
        seen.append(dict(scope["state"]))
        scope["state"]["runs"] = scope["state"].get("runs", 0) + 1
        await LifespanApp()(scope, receive, send)

    client = test_client_factory(app)
    with client:
        pass
    with client:
        pass
    assert seen == [{}, {"runs": 1}]
    assert client.app_state == {"runs": 2}


async def body_echo_app(scope: Scope, receive: Receive, send: Send) -> None:
    message = await receive()
    await respond(send, body=scope["method"].encode() + b" " + message.get("body", b""))


@pytest.mark.parametrize("verb", ["get", "delete", "options", "post", "put", "patch"])
def test_every_verb_takes_a_body_as_in_lilya(test_client_factory: ClientFactory, verb: str) -> None:
    """Lilya 0.7.5's get/head/delete/options pass every keyword on to request()."""
    client = test_client_factory(body_echo_app)
    response = getattr(client, verb)("/", json={"a": 1})
    assert response.text == f'{verb.upper()} {{"a":1}}'
    assert getattr(client, verb)("/", content=b"raw").text == f"{verb.upper()} raw"


def test_head_takes_a_body_and_unknown_keywords_are_refused(
    test_client_factory: ClientFactory,
) -> None:
    client = test_client_factory(body_echo_app)
    assert client.head("/", data={"k": "v"}).status_code == 200
    with pytest.raises(TypeError, match="nope"):
        client.get("/", nope=1)
