"""Sending hostile requests straight to an ASGI app, with a generous bound on how long it may take.

Every advisory test goes through `send_request`: the request body arrives in the given chunks
(so limits that must act while streaming are exercised), and the whole exchange must finish
within BOUND_SECONDS or the test fails. The bound is there to catch hangs and quadratic blowups,
not to measure speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import anyio

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Scope
from tests.asgi_helpers import Sent, collect

BOUND_SECONDS = 20
BOUNDARY = "hostile-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
URLENCODED = "application/x-www-form-urlencoded"


def raw_scope(
    method: str = "GET",
    path: str = "/",
    headers: Iterable[tuple[bytes, bytes]] = (),
    query_string: bytes = b"",
) -> Scope:
    """An HTTP scope with headers given as raw bytes (so any byte can be sent)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8", "surrogateescape"),
        "root_path": "",
        "query_string": query_string,
        "headers": list(headers),
        "client": ("127.0.0.1", 12345),
        "server": ("testserver", 80),
    }


async def send_request(
    app: ASGIApp,
    method: str = "POST",
    path: str = "/",
    headers: Iterable[tuple[str | bytes, str | bytes]] = (),
    chunks: Sequence[bytes] = (b"",),
    query_string: bytes = b"",
) -> Sent:
    """Run one request through `app`, its body in `chunks`; fail if it takes over BOUND_SECONDS."""
    raw = [
        (
            (k if isinstance(k, bytes) else k.encode("latin-1")).lower(),
            v if isinstance(v, bytes) else v.encode("latin-1"),
        )
        for k, v in headers
    ]
    scope = raw_scope(method, path, raw, query_string)
    pending = list(chunks) or [b""]
    messages: list[Message] = []
    done = anyio.Event()

    async def receive() -> Message:
        if pending:
            chunk = pending.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        messages.append(message)

    with anyio.fail_after(BOUND_SECONDS):
        try:
            await app(scope, receive, send)
        finally:
            done.set()
    return collect(messages)


def split(body: bytes, size: int = 64 * 1024) -> list[bytes]:
    """`body` in chunks of `size` bytes, as a server would pass it on."""
    return [body[i : i + size] for i in range(0, len(body), size)] or [b""]


def multipart_part(headers: Sequence[str], data: bytes) -> bytes:
    """One part of a multipart body (boundary line, UTF-8 headers, blank line, data, CRLF)."""
    head = f"--{BOUNDARY}\r\n" + "".join(f"{line}\r\n" for line in headers) + "\r\n"
    return head.encode("utf-8") + data + b"\r\n"


def multipart_end() -> bytes:
    """The closing boundary."""
    return f"--{BOUNDARY}--\r\n".encode("latin-1")


async def describe_form(request: Request) -> dict[str, Any]:
    """Answer with the parsed form: fields as text, uploads as their filename and size."""
    result: dict[str, Any] = {}
    async with request.form() as form:
        for key, value in form.multi_items():
            if isinstance(value, str):
                result[key] = value
            else:
                content = await value.read()
                result[key] = {"filename": value.filename, "size": len(content)}
    return result


def form_app() -> Lilya:
    """An app whose POST / answers with the form it parsed."""
    return Lilya(routes=[Path("/", describe_form, methods=["POST"])])
