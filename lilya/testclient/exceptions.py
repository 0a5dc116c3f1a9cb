"""Exceptions the test client raises into the test."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lilya.testclient.websocket import WebSocketTestSession

__all__ = ["UpgradeException", "WebSocketDisconnect"]


class WebSocketDisconnect(Exception):
    """The app closed the WebSocket (or ended without accepting it) while the test talked to it.

    Test-side stand-in until `lilya.websockets.WebSocketDisconnect` can be re-exported here.
    """

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""
        super().__init__(code, self.reason)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, reason={self.reason!r})"


class UpgradeException(Exception):
    """Carries a WebSocket session out of the httpx transport to `TestClient.websocket_connect`.

    httpx only lets a transport return a response; a WebSocket upgrade is not one, so the
    transport raises this and the client unwraps the session.
    """

    def __init__(self, session: WebSocketTestSession) -> None:
        super().__init__("WebSocket upgrade")
        self.session = session
