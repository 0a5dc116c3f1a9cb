"""In-process testing of ASGI apps: HTTP through httpx, WebSockets, lifespan, asyncio or trio.

Needs httpx (`pip install lilya[test]`).
"""

from __future__ import annotations

from lilya.testclient.base import TestClient
from lilya.testclient.exceptions import UpgradeException, WebSocketDisconnect
from lilya.testclient.helpers import create_client
from lilya.testclient.websocket import WebSocketDenialResponse, WebSocketTestSession

__all__ = [
    "TestClient",
    "UpgradeException",
    "WebSocketDenialResponse",
    "WebSocketDisconnect",
    "WebSocketTestSession",
    "create_client",
]
