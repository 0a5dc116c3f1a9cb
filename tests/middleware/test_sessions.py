from __future__ import annotations

import base64
import json
from typing import Any

import itsdangerous
import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Path, WebSocketPath
from lilya.websockets import WebSocket

SECRET = "a-very-secret-key"


async def view(request: Request) -> JSONResponse:
    return JSONResponse({"session": request.session})


async def update(request: Request) -> JSONResponse:
    request.session.update(await request.json())
    return JSONResponse({"session": request.session})


async def nested(request: Request) -> JSONResponse:
    request.session.setdefault("items", []).append(len(request.session.get("items", [])))
    return JSONResponse({"session": request.session})


async def clear(request: Request) -> JSONResponse:
    request.session.clear()
    return JSONResponse({"session": request.session})


async def socket(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json(websocket.session)
    await websocket.close()


def make_app(**options: Any) -> Lilya:
    return Lilya(
        routes=[
            Path("/view", view),
            Path("/update", update, methods=["POST"]),
            Path("/nested", nested),
            Path("/clear", clear),
            WebSocketPath("/ws", socket),
        ],
        middleware=[DefineMiddleware(SessionMiddleware, secret_key=SECRET, **options)],
    )


def set_cookie_headers(response: Any) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k == "set-cookie"]


def test_empty_session_sets_no_cookie(test_client_factory: Any) -> None:
    client = test_client_factory(make_app())
    response = client.get("/view")
    assert response.json() == {"session": {}}
    assert set_cookie_headers(response) == []


def test_session_round_trips_through_the_cookie(test_client_factory: Any) -> None:
    client = test_client_factory(make_app())
    client.post("/update", json={"user": "ada", "n": 1})
    assert client.get("/view").json() == {"session": {"user": "ada", "n": 1}}


def test_cookie_attributes(test_client_factory: Any) -> None:
    app = make_app(
        session_cookie="sid",
        max_age=60,
        path="/",
        same_site="strict",
        https_only=True,
        domain="example.com",
    )
    client = test_client_factory(app, base_url="https://example.com")
    cookie = set_cookie_headers(client.post("/update", json={"a": 1}))[0].lower()
    assert cookie.startswith("sid=")
    for part in (
        "max-age=60",
        "path=/",
        "samesite=strict",
        "secure",
        "httponly",
        "domain=example.com",
    ):
        assert part in cookie


def test_non_empty_session_is_rewritten_on_every_response(test_client_factory: Any) -> None:
    """Lilya 0.7.5 sends the cookie again whenever the session is not empty, so max_age
    counts from the last request; an empty session that never held anything sends none."""
    client = test_client_factory(make_app())
    assert set_cookie_headers(client.get("/view")) == []
    client.post("/update", json={"a": 1})
    (cookie,) = set_cookie_headers(client.get("/view"))
    assert cookie.startswith("session=")
    assert cookie.endswith("; path=/; Max-Age=1209600; httponly; samesite=lax")


def test_set_cookie_is_spelled_as_lilya_spells_it(test_client_factory: Any) -> None:
    """Lilya 0.7.5's Set-Cookie: path, Max-Age (left out when max_age is None or 0), then
    httponly, samesite, secure and domain in that order; clearing sends `null`, expired."""
    app = make_app(
        max_age=None, path="/p", same_site="strict", https_only=True, domain="example.com"
    )
    (cookie,) = set_cookie_headers(test_client_factory(app).post("/update", json={"a": 1}))
    assert cookie.split("; ", 1)[1] == (
        "path=/p; httponly; samesite=strict; secure; domain=example.com"
    )


def test_nested_change_is_written(test_client_factory: Any) -> None:
    client = test_client_factory(make_app())
    client.get("/nested")
    response = client.get("/nested")
    assert set_cookie_headers(response) != []
    assert client.get("/view").json() == {"session": {"items": [0, 1]}}


def test_cleared_session_deletes_the_cookie(test_client_factory: Any) -> None:
    client = test_client_factory(make_app())
    client.post("/update", json={"a": 1})
    response = client.get("/clear")
    (cookie,) = set_cookie_headers(response)
    # Lilya 0.7.5's spelling of the deletion.
    assert cookie == (
        "session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax"
    )
    assert client.get("/view").json() == {"session": {}}


def _forge(payload: bytes, key: str = SECRET) -> str:
    return itsdangerous.TimestampSigner(key).sign(base64.b64encode(payload)).decode()


@pytest.mark.parametrize(
    "cookie",
    [
        "garbage",
        "",
        "a.b.c",
        _forge(json.dumps({"user": "eve"}).encode(), key="another-key"),  # foreign signature
        _forge(b"not json"),
        _forge(b"[1, 2, 3]"),  # JSON but not an object
        _forge(b"\xff\xfe"),
        _forge(b"[" * 100_000),  # deeply nested
        "\u00e9t\u00e9",
    ],
)
def test_bad_cookie_gives_an_empty_session(test_client_factory: Any, cookie: str) -> None:
    client = test_client_factory(make_app())
    response = client.get("/view", headers={"cookie": f"session={cookie}".encode()})
    assert response.status_code == 200
    assert response.json() == {"session": {}}


def test_tampered_cookie_gives_an_empty_session(test_client_factory: Any) -> None:
    client = test_client_factory(make_app())
    good = _forge(json.dumps({"user": "ada"}).encode())
    _value, timestamp, signature = good.split(".")
    tampered_value = base64.b64encode(json.dumps({"user": "root"}).encode()).decode()
    tampered = f"{tampered_value}.{timestamp}.{signature}"
    fresh = test_client_factory(make_app())
    assert fresh.get("/view", headers={"cookie": f"session={good}"}).json() == {
        "session": {"user": "ada"}
    }
    assert client.get("/view", headers={"cookie": f"session={tampered}"}).json() == {"session": {}}


class _OldSigner(itsdangerous.TimestampSigner):
    def get_timestamp(self) -> int:
        return super().get_timestamp() - 11


def test_expired_cookie_gives_an_empty_session(test_client_factory: Any) -> None:
    payload = base64.b64encode(json.dumps({"a": 1}).encode())
    expired = _OldSigner(SECRET).sign(payload).decode()
    fresh = itsdangerous.TimestampSigner(SECRET).sign(payload).decode()
    client = test_client_factory(make_app(max_age=10))
    assert client.get("/view", headers={"cookie": f"session={fresh}"}).json() == {
        "session": {"a": 1}
    }
    assert client.get("/view", headers={"cookie": f"session={expired}"}).json() == {"session": {}}


def test_no_max_age_makes_a_browser_session_cookie(test_client_factory: Any) -> None:
    client = test_client_factory(make_app(max_age=None))
    cookie = set_cookie_headers(client.post("/update", json={"a": 1}))[0].lower()
    assert "max-age" not in cookie
    assert client.get("/view").json() == {"session": {"a": 1}}


def test_websocket_reads_the_session(test_client_factory: Any) -> None:
    client = test_client_factory(make_app())
    client.post("/update", json={"user": "ada"})
    with client.websocket_connect("/ws") as websocket:
        assert websocket.receive_json() == {"user": "ada"}


def test_secret_object_is_accepted(test_client_factory: Any) -> None:
    from lilya.datastructures.secret import Secret

    app = Lilya(
        routes=[Path("/update", update, methods=["POST"]), Path("/view", view)],
        middleware=[DefineMiddleware(SessionMiddleware, secret_key=Secret(SECRET))],
    )
    client = test_client_factory(app)
    client.post("/update", json={"a": 1})
    assert client.get("/view").json() == {"session": {"a": 1}}


@pytest.mark.anyio
async def test_lifespan_passes_through(anyio_backend: str) -> None:
    seen: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    await SessionMiddleware(inner, secret_key=SECRET)({"type": "lifespan"}, None, None)
    assert seen == ["lifespan"]


def test_a_session_serialised_elsewhere_is_read_and_rewritten(
    test_client_factory: Any,
) -> None:
    # Signed with our key, but JSON spaced and unsorted (another writer): the session loads;
    # the cookie is rewritten in lilya's form, which reads back the same.
    foreign = _forge(b'{"b": 1, "a": [1, 2]}')
    client = test_client_factory(make_app())
    response = client.get("/view", headers={"cookie": f"session={foreign}"})
    assert response.json() == {"session": {"a": [1, 2], "b": 1}}
    (rewritten,) = set_cookie_headers(response)
    value = rewritten.split(";")[0].split("=", 1)[1].strip('"')
    again = client.get("/view", headers={"cookie": f"session={value}"})
    assert again.json() == {"session": {"a": [1, 2], "b": 1}}


def test_cookie_payload_is_json_dumps_default_form(test_client_factory: Any) -> None:
    """Lilya 0.7.5 signs base64 of `json.dumps(session)` (default separators, insertion
    order); lilya writes the same payload, so both produce the same cookie."""
    client = test_client_factory(make_app())
    (cookie,) = set_cookie_headers(client.post("/update", json={"b": 1, "a": "x"}))
    value = cookie.split(";")[0].split("=", 1)[1]
    payload = itsdangerous.TimestampSigner(SECRET).unsign(value)
    assert base64.b64decode(payload) == b'{"b": 1, "a": "x"}'
