"""FileResponse: a file from disk with validators, conditional requests and byte ranges."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from mimetypes import guess_type

import anyio
import anyio.to_thread

from lilya import status
from lilya._ranges import (
    FilePart,
    content_disposition,
    make_etag,
    make_last_modified,
    not_modified_headers,
    partial_content,
    select_representation,
    send_file_parts,
    unsatisfiable_headers,
)
from lilya.background import Task
from lilya.enums import MediaType
from lilya.responses.base import Encoders, Response, _content_type
from lilya.types import Receive, Scope, Send

__all__ = ["File", "FileResponse"]


class FileResponse(Response):
    """A file from disk, read in chunks, with ETag/Last-Modified, 304s and byte ranges.

    A missing path or a directory raises RuntimeError when the response is sent.
    """

    chunk_size = 64 * 1024
    # The file's bytes when they were read already (StaticFiles reads small files together
    # with their lookup); sent instead of reading the file again.
    preloaded_body: bytes | None = None

    def __init__(
        self,
        path: str | os.PathLike[str],
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        filename: str | None = None,
        stat_result: os.stat_result | None = None,
        method: str | None = None,
        content_disposition_type: str = "attachment",
        encoders: Encoders | None = None,
    ) -> None:
        self.path = path
        self.filename = filename
        self.send_header_only = method is not None and method.upper() == "HEAD"
        if media_type is None:
            media_type = guess_type(filename or os.fspath(path))[0] or MediaType.TEXT
        self._set_fields(status_code, media_type, background, encoders)
        self.make_headers(headers)
        if filename is not None:
            disposition = content_disposition(filename, content_disposition_type)
            self.headers.setdefault("content-disposition", disposition)
        self.stat_result = stat_result
        if stat_result is not None:
            self.set_stat_headers(stat_result)

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        """Content-Length, Last-Modified, ETag and Accept-Ranges from the file's stat, each
        unless given already (on the raw list: four Header.setdefault calls cost 12 µs)."""
        raw = self.raw_headers
        given = {name for name, _ in raw}
        if b"content-length" not in given:
            raw.append((b"content-length", b"%d" % stat_result.st_size))
        if b"last-modified" not in given:
            raw.append((b"last-modified", make_last_modified(stat_result.st_mtime).encode()))
        if b"etag" not in given:
            etag = make_etag(stat_result.st_mtime_ns, stat_result.st_size)
            raw.append((b"etag", etag.encode("latin-1")))
        if b"accept-ranges" not in given:
            raw.append((b"accept-ranges", b"bytes"))

    async def _stat(self) -> os.stat_result:
        try:
            stat_result = await anyio.to_thread.run_sync(os.stat, self.path)
        except FileNotFoundError:
            raise RuntimeError(f"File at path {self.path} does not exist.") from None
        if not stat.S_ISREG(stat_result.st_mode):
            raise RuntimeError(f"File at path {self.path} is not a file.")
        self.set_stat_headers(stat_result)
        return stat_result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stat_result = self.stat_result or await self._stat()
        size = stat_result.st_size
        prefix = "websocket." if scope["type"] == "websocket" else ""
        method = scope.get("method", "GET")
        status_code, headers = self.status_code, self.raw_headers
        parts: list[FilePart] = [(b"", 0, size)]
        closing = b""
        if status_code == status.HTTP_200_OK and not prefix:
            current = self.headers
            status_code, ranges = select_representation(
                scope.get("headers", ()),
                method,
                size,
                etag=current.get("etag"),
                last_modified=current.get("last-modified"),
            )
            if status_code == status.HTTP_304_NOT_MODIFIED:
                headers, parts = not_modified_headers(headers), []
            elif status_code == status.HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE:
                headers, parts = unsatisfiable_headers(size), []
            elif ranges is not None:
                part_type = _content_type(self.media_type or MediaType.OCTET, self.charset)
                headers, parts, closing = partial_content(
                    headers, ranges, size, part_type.decode("latin-1")
                )
        body_type = prefix + "http.response.body"
        await send(
            {"type": prefix + "http.response.start", "status": status_code, "headers": headers}
        )
        if not parts or self.send_header_only or method == "HEAD":
            await send({"type": body_type, "body": b"", "more_body": False})
        elif self.preloaded_body is not None:
            body = b"".join([*(head + self.preloaded_body[a:b] for head, a, b in parts), closing])
            await send({"type": body_type, "body": body, "more_body": False})
        else:
            await send_file_parts(self.path, send, body_type, parts, closing, self.chunk_size)
        if self.background is not None:
            await self.background()


File = FileResponse
