"""DataUpload: an uploaded file, spooled to disk past a threshold, with async file methods."""

from __future__ import annotations

from typing import BinaryIO

from lilya.concurrency import run_in_threadpool
from lilya.datastructures.headers import Header, Headers

__all__ = ["DataUpload", "UploadFile"]


class DataUpload:
    """An uploaded file. Reads and writes go to a worker thread once the file is on disk."""

    def __init__(
        self,
        *,
        file: BinaryIO,
        size: int | None = None,
        filename: str | None = None,
        headers: Headers | None = None,
    ) -> None:
        self.file = file
        self.size = size
        self.filename = filename
        self.headers = headers if headers is not None else Header()

    @property
    def content_type(self) -> str | None:
        value: str | None = self.headers.get("content-type")
        return value

    @property
    def in_memory(self) -> bool:
        rolled = getattr(self.file, "_rolled", True)
        return not rolled

    async def write(self, data: bytes) -> int:
        if self.size is not None:
            self.size += len(data)
        if self.in_memory and not self._rolls_over(len(data)):
            return self.file.write(data)
        # On disk already, or this write moves the spool there: file I/O in a worker thread.
        return await run_in_threadpool(self.file.write, data)

    def _rolls_over(self, size: int) -> bool:
        """Whether writing `size` more bytes pushes the in-memory spool past its limit."""
        max_size: int = getattr(self.file, "_max_size", 0)
        return bool(max_size) and self.file.tell() + size > max_size

    async def read(self, size: int = -1) -> bytes:
        if self.in_memory:
            return self.file.read(size)
        return await run_in_threadpool(self.file.read, size)

    async def seek(self, offset: int) -> int:
        if self.in_memory:
            return self.file.seek(offset)
        return await run_in_threadpool(self.file.seek, offset)

    async def close(self) -> None:
        if self.in_memory:
            self.file.close()
        else:
            await run_in_threadpool(self.file.close)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(filename={self.filename!r}, size={self.size!r}, "
            f"headers={self.headers!r})"
        )


UploadFile = DataUpload
