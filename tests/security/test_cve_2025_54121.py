"""CVE-2025-54121 (Starlette): an upload rolling over to disk was written on the event loop."""

from __future__ import annotations

import tempfile
import threading
from typing import Any

import pytest

from tests.security.hostile import (
    MULTIPART,
    form_app,
    multipart_end,
    multipart_part,
    send_request,
    split,
)

pytestmark = pytest.mark.anyio


class RecordingSpool(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
    """A spool that notes, for every write that touches the disk, which thread made it."""

    disk_writes: list[int] = []

    def write(self, s: Any) -> int:
        rolled = bool(getattr(self, "_rolled", False))
        max_size = int(getattr(self, "_max_size", 0))
        if rolled or (max_size and self.tell() + len(s) > max_size):
            RecordingSpool.disk_writes.append(threading.get_ident())
        return super().write(s)


async def test_large_upload_is_written_to_disk_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 3 MiB file upload (past the in-memory spool size) is written to disk from worker
    threads, never from the event loop thread, and arrives whole."""
    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", RecordingSpool)
    RecordingSpool.disk_writes = []
    size = 3 * 1024 * 1024
    body = multipart_part(
        ['Content-Disposition: form-data; name="upload"; filename="big.bin"'], b"\0" * size
    )
    body += multipart_end()
    loop_thread = threading.get_ident()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=split(body))

    assert sent.status == 200
    assert sent.body == b'{"upload":{"filename":"big.bin","size":%d}}' % size
    assert RecordingSpool.disk_writes
    assert loop_thread not in RecordingSpool.disk_writes
