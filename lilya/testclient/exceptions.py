"""Exceptions the test client raises into the test."""

from __future__ import annotations

from typing import Any

from lilya.websockets import WebSocketDisconnect

__all__ = ["UpgradeException", "WebSocketDisconnect"]


class UpgradeException(Exception):
    """Carries a WebSocket session out of the httpx transport to `TestClient.websocket_connect`.

    httpx only lets a transport return a response; a WebSocket upgrade is not one, so the
    transport raises this and the client unwraps the session.
    """

    def __init__(self, session: Any) -> None:
        super().__init__("WebSocket upgrade")
        self.session = session
