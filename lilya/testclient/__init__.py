"""In-process testing of ASGI apps: HTTP through httpx, WebSockets, lifespan, asyncio or trio.

Needs httpx, which the `test` and `cli` extras install; importing this package without it
raises MissingDependency saying so.
"""

from __future__ import annotations

from lilya.exceptions import MissingDependency

try:
    import httpx  # noqa: F401  # checked here so the error names the extra, not a module
except ModuleNotFoundError as exc:
    if exc.name != "httpx":  # pragma: no cover - a broken httpx install, not a missing one
        raise
    raise MissingDependency(
        "The test client needs httpx, which is not installed. Install it with the `test` "
        '(or `cli`) extra of lilya-toolkit: `pip install -e ".[test]"` in a checkout of '
        "lilya, or `pip install httpx`."
    ) from exc

from lilya.testclient._websocket import WebSocketDenialResponse, WebSocketTestSession
from lilya.testclient.base import TestClient
from lilya.testclient.exceptions import UpgradeException, WebSocketDisconnect
from lilya.testclient.helpers import create_client

__all__ = [
    "TestClient",
    "UpgradeException",
    "WebSocketDenialResponse",
    "WebSocketDisconnect",
    "WebSocketTestSession",
    "create_client",
]
