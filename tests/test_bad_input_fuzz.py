"""Whatever a client sends, a typical application answers below 500 and never raises.

Hypothesis builds raw requests (paths with any bytes, odd methods, arbitrary header names and
values, query strings, cookies, bodies that lie about their length or type) and drives them
straight through the ASGI interface, on asyncio and on trio.
"""

from __future__ import annotations

import uuid
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.csrf import CSRFMiddleware
from lilya.middleware.sessions import SessionMiddleware
from lilya.requests import Request
from lilya.routing import Include, Path


async def typed(number: int, ratio: float, key: uuid.UUID, rest: str) -> dict[str, Any]:
    return {"number": number, "ratio": ratio, "key": str(key), "rest": rest}


async def echo_json(request: Request) -> Any:
    return await request.json()


async def echo_form(request: Request) -> dict[str, Any]:
    async with request.form() as form:
        return {key: str(value) for key, value in form.multi_items()}


async def inspect_request(request: Request) -> dict[str, Any]:
    request.session["seen"] = request.session.get("seen", 0) + 1
    return {
        "query": list(request.query_params.multi_items()),
        "cookies": request.cookies,
        "headers": request.headers.items(),
        "url": str(request.url),
        "client": request.client.host if request.client else None,
        "body": len(await request.body()),
    }


def make_app() -> Lilya:
    return Lilya(
        routes=[
            Path("/typed/{number:int}/{ratio:float}/{key:uuid}/{rest:path}", typed),
            Path("/json", echo_json, methods=["POST", "PUT"]),
            Path("/form", echo_form, methods=["POST"]),
            Path("/inspect", inspect_request, methods=["GET", "POST"]),
            Include("/nested", routes=[Path("/{name}", inspect_request)]),
        ],
        middleware=[
            DefineMiddleware(CORSMiddleware, allow_origins=["https://ok.example"]),
            DefineMiddleware(SessionMiddleware, secret_key="fuzz"),
            DefineMiddleware(CSRFMiddleware, secret="fuzz", safe_methods={"GET", "POST"}),
        ],
    )


APP = make_app()

_text_bytes = st.binary(max_size=40)
_paths = st.one_of(
    st.sampled_from(
        [
            "/typed/1/2.5/0b7c1b7e-8f6a-4c1e-9e6f-4d6b8e5c2a10/a/b",
            "/typed/99999999999999999999999/nan/not-a-uuid/x",
            "/json",
            "/form",
            "/inspect",
            "/nested/x",
            "/nested/",
            "//",
            "/../../etc/passwd",
        ]
    ),
    st.text(max_size=30).map(lambda text: "/" + text),
)
_methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "BREW"])
_header_names = st.sampled_from(
    [
        b"content-type",
        b"content-length",
        b"cookie",
        b"origin",
        b"host",
        b"accept",
        b"access-control-request-method",
        b"x-csrftoken",
        b"range",
        b"x-anything",
    ]
)
_content_types = st.sampled_from(
    [
        b"application/json",
        b"application/x-www-form-urlencoded",
        b"multipart/form-data",
        b"multipart/form-data; boundary=xyz",
        b"multipart/form-data; boundary=",
        b"text/plain; charset=nope",
    ]
)
_headers = st.lists(
    st.one_of(
        st.tuples(_header_names, _text_bytes),
        st.tuples(st.just(b"content-type"), _content_types),
        st.tuples(st.just(b"content-length"), st.sampled_from([b"0", b"5", b"-1", b"x", b"99"])),
    ),
    max_size=6,
)
_bodies = st.lists(st.binary(max_size=60), max_size=3)


async def drive(
    method: str, path: str, query: bytes, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
) -> list[int]:
    statuses: list[int] = []
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks or [b""])
    ]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8", "surrogateescape"),
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("127.0.0.1", 80),
    }
    await APP(scope, receive, send)
    return statuses


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(method=_methods, path=_paths, query=_text_bytes, headers=_headers, chunks=_bodies)
def test_any_request_gets_an_answer_below_500(
    backend: str,
    method: str,
    path: str,
    query: bytes,
    headers: list[tuple[bytes, bytes]],
    chunks: list[bytes],
) -> None:
    statuses = anyio.run(drive, method, path, query, headers, chunks, backend=backend)
    # One response start at most (none when the client left before the answer).
    assert len(statuses) <= 1
    assert all(status < 500 for status in statuses), statuses
