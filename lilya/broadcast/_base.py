"""What every broadcast backend offers, and the message a subscriber receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from anyio.abc import TaskGroup

__all__ = ["BroadcastBackend", "Deliver", "Event", "Fail"]


@dataclass(frozen=True)
class Event:
    """A message published on a channel, as a subscriber of that channel receives it."""

    channel: str
    message: str


# Hands an event published on a subscribed channel to this process's subscribers.
Deliver = Callable[[Event], None]
# Tells this process's subscribers that events may have been lost (the connection failed).
Fail = Callable[[Exception], None]


class BroadcastBackend(Protocol):
    """Carries published messages to every process subscribed to their channel.

    `Broadcast` keeps the local subscribers and fans each event out to them; a backend only
    moves events between processes and calls `deliver` once per event for this process.
    """

    async def connect(self, deliver: Deliver, fail: Fail, tasks: TaskGroup) -> None:
        """Open connections; long-running readers go into `tasks`."""

    async def disconnect(self) -> None:
        """Close what connect opened."""

    async def subscribe(self, channel: str) -> None:
        """Start receiving the events of `channel` (called once per channel)."""

    async def unsubscribe(self, channel: str) -> None:
        """Stop receiving the events of `channel`."""

    async def publish(self, channel: str, message: str) -> None:
        """Send `message` to every subscriber of `channel`, in every process."""
