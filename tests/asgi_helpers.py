"""Calling an ASGI app directly, without a server or test client, and collecting what it sends."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import anyio

from lilya.types import ASGIApp, Message, Scope


@dataclass
class Sent:
    """What an app sent: status, headers (decoded, in order), concatenated body, raw messages."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    messages: list[Message] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    def header_all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key == wanted]

    def __iter__(self) -> Any:
        return iter((self.status, self.headers, self.body, self.messages))


def make_scope(
    method: str = "GET",
    path: str = "/",
    headers: Iterable[tuple[str, str]] = (),
    **extra: Any,
) -> Scope:
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        "client": ("127.0.0.1", 12345),
        "server": ("testserver", 80),
    }
    scope.update(extra)
    return scope


async def call_asgi(
    app: ASGIApp,
    method: str = "GET",
    path: str = "/",
    headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
    scope: Scope | None = None,
) -> Sent:
    """Run `app` on one HTTP request; after the body, `receive` waits until the app is done."""
    if scope is None:
        scope = make_scope(method, path, headers)
    messages: list[Message] = []
    request_sent = False
    done = anyio.Event()

    async def receive() -> Message:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        messages.append(message)

    try:
        await app(scope, receive, send)
    finally:
        done.set()
    return collect(messages)


def collect(messages: list[Message]) -> Sent:
    """Fold ASGI messages into a `Sent` (status 0 when no start message was sent)."""
    start = next((m for m in messages if m["type"].endswith("http.response.start")), None)
    status = start["status"] if start else 0
    headers = (
        [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]] if start else []
    )
    body = b"".join(
        m.get("body", b"") for m in messages if m["type"].endswith("http.response.body")
    )
    return Sent(status, headers, body, messages)
