"""The in-process backend: a published message goes straight to this process's subscribers."""

from __future__ import annotations

from anyio.abc import TaskGroup

from lilya.broadcast._base import Deliver, Event, Fail

__all__ = ["MemoryBackend"]


class MemoryBackend:
    """Broadcast within one process (`memory://`), without any dependency.

    With several workers or machines each process has its own channels: use Redis there.
    """

    def __init__(self) -> None:
        self._deliver: Deliver | None = None

    async def connect(self, deliver: Deliver, fail: Fail, tasks: TaskGroup) -> None:
        self._deliver = deliver

    async def disconnect(self) -> None:
        self._deliver = None

    async def subscribe(self, channel: str) -> None:
        return None

    async def unsubscribe(self, channel: str) -> None:
        return None

    async def publish(self, channel: str, message: str) -> None:
        if self._deliver is not None:
            self._deliver(Event(channel, message))
