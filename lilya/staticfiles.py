"""StaticFiles: an ASGI app serving files from directories or from packages' `statics` folders.

The request path is untrusted. It is split into segments, and any segment that could change
the meaning of a path (`..`, `.`, empty, backslashes, NUL bytes, drive letters) gives 404 before
the disk is touched. The joined path is then resolved with `os.path.realpath` and must stay
inside the served directory (`os.path.commonpath`), so symlinks out of the tree are refused too
unless `follow_symlink=True`. OS errors while looking a file up (name too long, permission,
...) mean "not found", never a 500.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import stat
from mimetypes import guess_type
from urllib.parse import quote

import anyio.to_thread

from lilya._ranges import is_not_modified, read_span
from lilya.datastructures.headers import Header
from lilya.exceptions import MethodNotAllowed, NotFound
from lilya.responses import FileResponse, RedirectResponse, Response
from lilya.routing._scopes import route_path_of
from lilya.types import Receive, Scope, Send

__all__ = ["StaticFiles", "StaticResponse"]

# The 404 body, as the router and Lilya word it.
_NOT_FOUND = "Not Found"

PackageSpec = str | tuple[str, str]

# Paths longer than this cannot name a real file anywhere; refuse them without a syscall.
MAX_PATH_LENGTH = 4096

# Media types that must not depend on the host's mimetypes database (Windows registries are
# known to map .js to text/plain, and older systems lack .wasm).
_MEDIA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".map": "application/json",
    ".html": "text/html",
    ".htm": "text/html",
}

# Characters kept as is in a redirect Location path; everything else (including "%") is escaped.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


@functools.lru_cache(maxsize=1024)
def media_type_for(path: str) -> str | None:
    """The media type to send for `path`, or None to let FileResponse fall back to text.
    Remembered per path: mimetypes' guess measured 5 µs, and the same files come back."""
    extension = os.path.splitext(path)[1].lower()
    known = _MEDIA_TYPES.get(extension)
    if known is not None:
        return known
    return guess_type(path)[0]


class StaticResponse(Response):
    """The 304 Not Modified answer: no body, only the caching and validator headers."""

    NOT_MODIFIED_HEADERS: tuple[str, ...] = (
        "cache-control",
        "content-location",
        "date",
        "etag",
        "expires",
        "vary",
    )

    def __init__(self, headers: Header) -> None:
        kept = {name: value for name, value in headers.items() if name in self.NOT_MODIFIED_HEADERS}
        super().__init__(status_code=304, headers=kept)


class StaticFiles:
    """Serve files under `directory` and/or the `statics` folder of each package in `packages`.

    `packages` items are a package name (its `statics` folder) or `(package, folder)`.
    `html=True` serves `index.html` for directories (redirecting `/dir` to `/dir/`) and
    `404.html` with status 404 for misses. Only GET and HEAD are allowed.
    `check_dir=False` defers the "directory exists" check to the first request.
    """

    def __init__(
        self,
        *,
        directory: str | os.PathLike[str] | None = None,
        packages: list[PackageSpec] | None = None,
        html: bool = False,
        check_dir: bool = True,
        follow_symlink: bool = False,
    ) -> None:
        self.directory = os.fspath(directory) if directory is not None else None
        self.packages = packages
        self.html = html
        self.follow_symlink = follow_symlink
        self.config_checked = False
        if check_dir and self.directory is not None and not os.path.isdir(self.directory):
            raise RuntimeError(
                f"StaticFiles directory '{self.directory}' does not exist "
                "(pass check_dir=False to create it later)."
            )
        self.all_directories = self.get_directories(self.directory, packages)
        self._bases = self._resolve_bases()

    def get_directories(
        self,
        directory: str | None = None,
        packages: list[PackageSpec] | None = None,
    ) -> list[str]:
        """Every directory to look in, in order: `directory` first, then each package's folder."""
        directories: list[str] = []
        if directory is not None:
            directories.append(directory)
        for package in packages or []:
            directories.append(_package_directory(package))
        return directories

    def _resolve_bases(self) -> list[str]:
        resolve = os.path.abspath if self.follow_symlink else os.path.realpath
        return [resolve(directory) for directory in self.all_directories]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1000, "reason": ""})
            return
        if not self.config_checked:
            await self.check_config()
            self.config_checked = True
        path = self.get_path(scope)
        response = await self.get_response(path, scope)
        await response(scope, receive, send)

    def get_route_path(self, scope: Scope) -> str:
        """The request path relative to where StaticFiles is mounted: `path` below the
        `root_path` an Include extended (the ASGI convention)."""
        return route_path_of(scope) or "/"

    def get_path(self, scope: Scope) -> str:
        """The OS-relative path to serve, or NotFound if the request path is not a plain one.

        Refused: `.`/`..` segments, empty segments (`//`), backslashes, NUL bytes, drive
        letters and paths longer than MAX_PATH_LENGTH. A trailing slash is allowed.
        """
        route_path = self.get_route_path(scope)
        if len(route_path) > MAX_PATH_LENGTH:
            raise NotFound(detail=_NOT_FOUND)
        segments = route_path.split("/")
        if segments[0] == "":
            segments = segments[1:]
        if segments and segments[-1] == "":
            segments = segments[:-1]
        for segment in segments:
            if not _is_plain_segment(segment):
                raise NotFound(detail=_NOT_FOUND)
        return os.path.join(*segments) if segments else "."

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The response for `path`: the file, an index page, a redirect, 404.html, or an error."""
        method = scope.get("method", "GET")
        if method not in ("GET", "HEAD"):
            raise MethodNotAllowed(headers={"Allow": "GET, HEAD"})
        wants_body = method == "GET"
        full_path, stat_result, body = await anyio.to_thread.run_sync(
            self._lookup_reading_small, path, wants_body
        )
        if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
            return self._with_body(
                self.file_response(full_path, stat_result, scope), full_path, body
            )
        if stat_result is not None and stat.S_ISDIR(stat_result.st_mode) and self.html:
            index = os.path.join(path, "index.html")
            full_path, stat_result, body = await anyio.to_thread.run_sync(
                self._lookup_reading_small, index, wants_body
            )
            if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
                if not self.get_route_path(scope).endswith("/"):
                    return RedirectResponse(_slash_location(scope))
                response = self.file_response(full_path, stat_result, scope)
                return self._with_body(response, full_path, body)
        if self.html:
            full_path, stat_result = await anyio.to_thread.run_sync(self.lookup_path, "404.html")
            if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
                return FileResponse(
                    full_path,
                    status_code=404,
                    stat_result=stat_result,
                    media_type=media_type_for(full_path),
                )
        raise NotFound(detail=_NOT_FOUND)

    def _lookup_reading_small(
        self, path: str, wants_body: bool
    ) -> tuple[str, os.stat_result | None, bytes | None]:
        """lookup_path, plus the bytes of a regular file of at most one chunk when the body
        will be sent: read in the same trip to the worker thread (a trip costs far more than
        reading 64 KiB, even when a 304 leaves the bytes unused)."""
        full_path, stat_result = self.lookup_path(path)
        if (
            not wants_body
            or stat_result is None
            or not stat.S_ISREG(stat_result.st_mode)
            or stat_result.st_size > FileResponse.chunk_size
        ):
            return full_path, stat_result, None
        try:
            return full_path, stat_result, read_span(full_path, 0, stat_result.st_size)
        except OSError:  # gone or unreadable since the stat: the response reads it itself
            return full_path, stat_result, None

    @staticmethod
    def _with_body(response: Response, full_path: str, body: bytes | None) -> Response:
        """Hand the bytes read with the lookup to the file response for that same file (an
        overridden file_response may answer with another), which then sends them instead of
        reading the file again."""
        if (
            body is not None
            and isinstance(response, FileResponse)
            and os.fspath(response.path) == full_path
        ):
            response.preloaded_body = body
        return response

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """The first `(full path, stat)` for `path` inside a served directory, or `("", None)`.

        A candidate whose resolved path leaves its directory is skipped, whatever `path` holds.
        """
        for directory, base in zip(self.all_directories, self._bases, strict=True):
            full_path = self.get_full_path(directory, path)
            if not _is_inside(base, full_path):
                continue
            stat_result = self.get_stat_result(full_path)
            if stat_result is not None:
                return full_path, stat_result
        return "", None

    def get_full_path(self, directory: str, path: str) -> str:
        """`path` joined to `directory`, symlinks resolved unless `follow_symlink` is set."""
        joined = os.path.join(directory, path)
        try:
            if self.follow_symlink:
                return os.path.abspath(joined)
            return os.path.realpath(joined)
        except (OSError, ValueError):
            return ""

    def get_stat_result(self, full_path: str) -> os.stat_result | None:
        """`os.stat` of the path, or None when it cannot be stat'ed for any reason."""
        if not full_path:
            return None
        try:
            return os.stat(full_path)
        except (OSError, ValueError):
            return None

    def file_response(
        self,
        full_path: str,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        """A FileResponse (ranges, validators) or a bare 304 when the client's copy is fresh."""
        response = FileResponse(
            full_path,
            status_code=status_code,
            stat_result=stat_result,
            media_type=media_type_for(full_path),
        )
        if status_code == 200 and self.is_not_modified(response.headers, Header(scope=scope)):
            return StaticResponse(response.headers)
        return response

    async def check_config(self) -> None:
        """Fail loudly on the first request if `directory` is missing or not a directory."""
        if self.directory is None:
            return
        try:
            stat_result = await anyio.to_thread.run_sync(os.stat, self.directory)
        except FileNotFoundError:
            raise RuntimeError(
                f"StaticFiles directory '{self.directory}' does not exist."
            ) from None
        if not stat.S_ISDIR(stat_result.st_mode):
            raise RuntimeError(f"StaticFiles path '{self.directory}' is not a directory.")
        self._bases = self._resolve_bases()

    def is_not_modified(self, response_headers: Header, request_headers: Header) -> bool:
        """Whether the client's cached copy is current (If-None-Match, else If-Modified-Since)."""
        return is_not_modified(
            if_none_match=request_headers.get("if-none-match"),
            if_modified_since=request_headers.get("if-modified-since"),
            etag=response_headers.get("etag"),
            last_modified=response_headers.get("last-modified"),
        )


def _is_plain_segment(segment: str) -> bool:
    """A path segment that names a child of its directory and nothing else."""
    if segment in ("", ".", ".."):
        return False
    if "\\" in segment or "\x00" in segment:
        return False
    if os.sep in segment or (os.altsep is not None and os.altsep in segment):
        return False  # pragma: no cover - "/" cannot occur after split; altsep is Windows-only
    return not os.path.splitdrive(segment)[0]


def _is_inside(base: str, full_path: str) -> bool:
    if not full_path:
        return False
    try:
        return os.path.commonpath([base, full_path]) == base
    except ValueError:  # pragma: no cover - Windows: paths on different drives
        return False


def _slash_location(scope: Scope) -> str:
    """The Location for `/dir` -> `/dir/`: the full request path, escaped, query kept."""
    path = str(scope.get("path", ""))
    root_path = str(scope.get("root_path", ""))
    if not path.startswith(root_path):  # a server that strips root_path from path itself
        path = root_path + path
    path += "/"
    # A path starting with "//" would be read as another host by browsers.
    location = "/" + quote(path, safe=_PATH_SAFE).lstrip("/")
    query = scope.get("query_string", b"")
    if query:
        location += "?" + query.decode("latin-1")
    return location


class _PackageNotFound(RuntimeError, AssertionError):
    """A package, or its static folder, that is not there: an AssertionError as Lilya 0.7.5
    raises (its checks are asserts) that survives `python -O`, and a RuntimeError as the
    other StaticFiles configuration errors are."""


def _package_directory(package: PackageSpec) -> str:
    name, folder = package if isinstance(package, tuple) else (package, "statics")
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise _PackageNotFound(f"StaticFiles: package {name!r} could not be found.")
    if spec.origin is not None and spec.origin not in ("namespace", "built-in", "frozen"):
        root = os.path.dirname(spec.origin)
    elif spec.submodule_search_locations:
        root = next(iter(spec.submodule_search_locations))
    else:
        raise _PackageNotFound(f"StaticFiles: package {name!r} has no directory on disk.")
    directory = os.path.normpath(os.path.join(root, folder))
    if not os.path.isdir(directory):
        raise _PackageNotFound(
            f"StaticFiles: directory {folder!r} in package {name!r} could not be found "
            f"(looked for {directory})."
        )
    return directory
