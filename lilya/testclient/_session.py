"""What the test client's long-lived sessions share: the app runs as a task in a blocking
portal while the (synchronous) test talks to it through memory streams.

`WebSocketTestSession` and `EventStreamSession` differ in what they exchange and in how they
end; both start the same way, which lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager, ExitStack

from anyio.from_thread import BlockingPortal

from lilya.types import ASGIApp, Scope

__all__ = ["AppSession", "PortalFactory"]

PortalFactory = Callable[[], AbstractContextManager[BlockingPortal]]


class AppSession:
    """An app running in a portal for one conversation with a test.

    Subclasses create their streams in `_open_streams` (called in the portal's event loop)
    and run the app in `_run_app`; `_start_app` does both, in that order.
    """

    def __init__(self, app: ASGIApp, scope: Scope, portal_factory: PortalFactory) -> None:
        self.app = app
        self.scope = scope
        self._portal_factory = portal_factory
        self._stack: ExitStack | None = None
        self._portal: BlockingPortal | None = None
        self._app_task: Future[None] | None = None

    def _start_app(self, stack: ExitStack) -> BlockingPortal:
        """Enter a portal (released when `stack` closes), open the streams, start the app."""
        portal = stack.enter_context(self._portal_factory())
        portal.call(self._open_streams)
        self._app_task = portal.start_task_soon(self._run_app)
        return portal

    def _open_streams(self) -> None:
        raise NotImplementedError

    async def _run_app(self) -> None:
        raise NotImplementedError
