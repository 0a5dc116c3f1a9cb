"""StaticFiles: serving, validators, ranges, html mode, packages, and every way out of the tree."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.datastructures.headers import Header
from lilya.routing import Include
from lilya.staticfiles import StaticFiles, StaticResponse
from lilya.types import Message
from tests.asgi_helpers import Sent, call_asgi, make_scope

CSS = b"body { color: red; }\n"
SECRET = b"top secret\n"
BIG = bytes(range(256)) * 40  # 10240 bytes


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """tmp_path/static is served; tmp_path/secret.txt and tmp_path/outside/ must never be."""
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    (root / "css" / "site.css").write_bytes(CSS)
    (root / "app.js").write_text("export const a = 1;\n")
    (root / "logo.svg").write_text("<svg/>")
    (root / "mod.wasm").write_bytes(b"\0asm")
    (root / "data.json").write_text("{}")
    (root / "big.bin").write_bytes(BIG)
    (root / "docs").mkdir()
    (root / "docs" / "index.html").write_text("<h1>docs</h1>")
    (root / "index.html").write_text("<h1>home</h1>")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_bytes(SECRET)
    return root


def make_app(**options: Any) -> Lilya:
    return Lilya(routes=[Include("/static", app=StaticFiles(**options), name="static")])


@pytest.fixture
def client_for(test_client_factory: Callable[..., Any]) -> Callable[..., Any]:
    def build(**options: Any) -> Any:
        return test_client_factory(make_app(**options))

    return build


# Serving files


def test_serves_file_contents(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get("/static/css/site.css")
    assert response.status_code == 200
    assert response.content == CSS
    assert response.headers["content-length"] == str(len(CSS))


def test_media_types_are_worked_out_once_per_path() -> None:
    from lilya.staticfiles import media_type_for

    media_type_for.cache_clear()
    assert media_type_for("/srv/archive.tar.gz") == media_type_for("/srv/archive.tar.gz")
    assert media_type_for.cache_info().hits == 1


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("css/site.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("logo.svg", "image/svg+xml"),
        ("mod.wasm", "application/wasm"),
        ("data.json", "application/json"),
        ("index.html", "text/html; charset=utf-8"),
    ],
)
def test_sends_the_right_media_type(
    client_for: Callable[..., Any], site: Path, name: str, media_type: str
) -> None:
    response = client_for(directory=site).get(f"/static/{name}")
    assert response.headers["content-type"] == media_type


def test_accepts_directory_as_pathlike(client_for: Callable[..., Any], site: Path) -> None:
    assert client_for(directory=site).get("/static/css/site.css").content == CSS


def test_head_sends_headers_without_body(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).head("/static/css/site.css")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(CSS))


def test_missing_file_is_404(client_for: Callable[..., Any], site: Path) -> None:
    assert client_for(directory=site).get("/static/css/nope.css").status_code == 404


def test_missing_file_404_body_is_not_found(client_for: Callable[..., Any], site: Path) -> None:
    """Lilya 0.7.5 (and the router) answer a miss with the body 'Not Found'."""
    assert client_for(directory=site).get("/static/css/nope.css").text == "Not Found"


def test_dot_dot_404_body_is_not_found(client_for: Callable[..., Any], site: Path) -> None:
    assert client_for(directory=site).get("/static/%2E%2E/secret.txt").text == "Not Found"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(
    client_for: Callable[..., Any], site: Path, method: str
) -> None:
    response = client_for(directory=site).request(method, "/static/css/site.css")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert CSS not in response.content


def test_directory_without_html_mode_is_404(client_for: Callable[..., Any], site: Path) -> None:
    assert client_for(directory=site).get("/static/docs/").status_code == 404


def test_trailing_slash_on_a_file_still_serves_it(
    client_for: Callable[..., Any], site: Path
) -> None:
    assert client_for(directory=site).get("/static/css/site.css/").content == CSS


def test_is_reversible_by_name(site: Path) -> None:
    app = make_app(directory=site)
    assert str(app.path_for("static", path="/css/site.css")) == "/static/css/site.css"


# Validators and 304


def test_sends_etag_and_last_modified(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get("/static/css/site.css")
    assert response.headers["etag"].startswith('"')
    assert response.headers["last-modified"].endswith("GMT")
    assert response.headers["accept-ranges"] == "bytes"


def test_matching_if_none_match_is_304(client_for: Callable[..., Any], site: Path) -> None:
    client = client_for(directory=site)
    etag = client.get("/static/css/site.css").headers["etag"]
    response = client.get("/static/css/site.css", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert "content-length" not in response.headers


def test_weak_if_none_match_in_a_list_is_304(client_for: Callable[..., Any], site: Path) -> None:
    client = client_for(directory=site)
    etag = client.get("/static/css/site.css").headers["etag"]
    response = client.get("/static/css/site.css", headers={"if-none-match": f'"x", W/{etag}'})
    assert response.status_code == 304


def test_other_if_none_match_is_200(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get(
        "/static/css/site.css", headers={"if-none-match": '"something-else"'}
    )
    assert response.status_code == 200
    assert response.content == CSS


def test_if_modified_since_last_modified_is_304(client_for: Callable[..., Any], site: Path) -> None:
    client = client_for(directory=site)
    modified = client.get("/static/css/site.css").headers["last-modified"]
    response = client.get("/static/css/site.css", headers={"if-modified-since": modified})
    assert response.status_code == 304


def test_if_modified_since_before_change_is_200(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get(
        "/static/css/site.css", headers={"if-modified-since": "Thu, 01 Jan 1970 00:00:00 GMT"}
    )
    assert response.status_code == 200


def test_garbage_if_modified_since_is_ignored(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get(
        "/static/css/site.css", headers={"if-modified-since": b"yesterday-ish \xff"}
    )
    assert response.status_code == 200


def test_not_modified_response_keeps_only_caching_headers() -> None:
    headers = Header(
        {"etag": '"1"', "cache-control": "max-age=60", "content-type": "text/css", "x-a": "b"}
    )
    response = StaticResponse(headers)
    assert response.status_code == 304
    assert response.body == b""
    assert dict(response.headers) == {"etag": '"1"', "cache-control": "max-age=60"}


# Byte ranges through StaticFiles


def test_range_gives_partial_content(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get("/static/big.bin", headers={"range": "bytes=10-19"})
    assert response.status_code == 206
    assert response.content == BIG[10:20]
    assert response.headers["content-range"] == f"bytes 10-19/{len(BIG)}"


def test_several_ranges_of_a_small_file_give_multipart(
    client_for: Callable[..., Any], site: Path
) -> None:
    response = client_for(directory=site).get(
        "/static/big.bin", headers={"range": "bytes=0-9, 100-109"}
    )
    assert response.status_code == 206
    assert response.headers["content-type"].startswith("multipart/byteranges; boundary=")
    assert BIG[0:10] in response.content
    assert BIG[100:110] in response.content
    assert len(response.content) == int(response.headers["content-length"])


@pytest.fixture
def worker_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The functions sent to a worker thread (anyio's own function does the work)."""
    import anyio.to_thread

    trips: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(function, "__name__", repr(function)))
        return await real(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return trips


def test_a_small_file_costs_one_worker_thread_trip(
    client_for: Callable[..., Any], site: Path, worker_trips: list[str]
) -> None:
    client = client_for(directory=site)
    client.get("/static/css/site.css")  # the first request also checks the directory
    worker_trips.clear()
    response = client.get("/static/css/site.css")
    assert response.content == CSS
    assert worker_trips == ["_lookup_reading_small"]
    worker_trips.clear()
    assert client.head("/static/css/site.css").content == b""
    assert worker_trips == ["_lookup_reading_small"]  # and reads nothing for HEAD


def test_a_file_larger_than_a_chunk_is_read_in_chunks(
    client_for: Callable[..., Any], site: Path, worker_trips: list[str]
) -> None:
    large = bytes(range(256)) * 300  # 76800 bytes: more than one 64 KiB chunk
    (site / "large.bin").write_bytes(large)
    client = client_for(directory=site)
    assert client.get("/static/large.bin").content == large
    assert "read" in worker_trips  # streamed through anyio's file, not read with the lookup


def test_bytes_read_with_the_lookup_serve_only_that_file(
    test_client_factory: Callable[..., Any], site: Path
) -> None:
    class Swapping(StaticFiles):
        """Answers every file with app.js: the bytes read for the asked file must not go out."""

        def file_response(
            self, full_path: str, stat_result: os.stat_result, scope: Any, status_code: int = 200
        ) -> Any:
            other = os.path.join(os.path.dirname(full_path), "app.js")
            return super().file_response(other, os.stat(other), scope, status_code)

    app = Lilya(routes=[Include("/static", app=Swapping(directory=site))])
    response = test_client_factory(app).get("/static/data.json")
    assert response.text == "export const a = 1;\n"


def test_a_lookup_that_cannot_read_leaves_reading_to_the_response(
    test_client_factory: Callable[..., Any], site: Path
) -> None:
    class Racing(StaticFiles):
        """The file vanishes between its stat and its read."""

        def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
            found = super().lookup_path(path)
            if found[1] is not None:
                os.rename(found[0], found[0] + ".gone")
            return found

    app = Lilya(routes=[Include("/static", app=Racing(directory=site))])
    client = test_client_factory(app, raise_server_exceptions=False)
    response = client.get("/static/app.js")
    # The headers (from the stat) went out; reading the file then failed, so the body is cut
    # short of its Content-Length and the server aborts the response, as for any vanished file.
    assert response.headers["content-length"] == "20"
    assert response.content == b""


def test_unsatisfiable_range_is_416(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site).get("/static/big.bin", headers={"range": "bytes=99999-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(BIG)}"


@pytest.mark.parametrize(
    "value",
    [
        "bytes=",
        "bytes=abc-def",
        "bytes=5-2",
        "items=0-10",
        "bytes=--1",
        "bytes=0-10,5-15,3-4",
        "bytes=" + ",".join(f"{i}-{i}" for i in range(500)),
        "bytes=" + "9" * 5000 + "-",
        b"\xff\xfe",
    ],
)
def test_bad_range_headers_give_whole_file_partial_or_416(
    client_for: Callable[..., Any], site: Path, value: str | bytes
) -> None:
    response = client_for(directory=site).get("/static/big.bin", headers={"range": value})
    assert response.status_code in (200, 206, 416)
    if response.status_code == 200:
        assert response.content == BIG


# html mode


def test_html_mode_serves_index_for_directory(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site, html=True).get("/static/docs/")
    assert response.status_code == 200
    assert response.text == "<h1>docs</h1>"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_html_mode_serves_root_index(client_for: Callable[..., Any], site: Path) -> None:
    assert client_for(directory=site, html=True).get("/static/").text == "<h1>home</h1>"


def test_html_mode_redirects_directory_to_trailing_slash(
    client_for: Callable[..., Any], site: Path
) -> None:
    response = client_for(directory=site, html=True).get("/static/docs", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/static/docs/"


def test_html_mode_redirect_under_a_root_path_keeps_it(
    test_client_factory: Callable[..., Any], site: Path
) -> None:
    """With the ASGI convention (path holds root_path) the Location is the whole path."""
    client = test_client_factory(make_app(directory=site, html=True), root_path="/root")
    response = client.get("/root/static/docs", follow_redirects=False)
    assert response.headers["location"] == "/root/static/docs/"


@pytest.mark.anyio
async def test_redirect_from_a_server_that_strips_root_path_adds_it_back(
    anyio_backend: str, site: Path
) -> None:
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/docs",
        "root_path": "/root",
        "query_string": b"",
        "headers": [],
    }
    await StaticFiles(directory=site, html=True)(scope, receive, send)
    assert dict(sent[0]["headers"])[b"location"] == b"/root/docs/"


def test_html_mode_redirect_keeps_query(client_for: Callable[..., Any], site: Path) -> None:
    response = client_for(directory=site, html=True).get(
        "/static/docs?page=2", follow_redirects=False
    )
    assert response.headers["location"] == "/static/docs/?page=2"


def test_html_mode_redirect_escapes_the_path(client_for: Callable[..., Any], site: Path) -> None:
    (site / "50% off").mkdir()
    (site / "50% off" / "index.html").write_text("sale")
    client = client_for(directory=site, html=True)
    response = client.get("/static/50%25%20off", follow_redirects=False)
    assert response.headers["location"] == "/static/50%25%20off/"
    assert client.get("/static/50%25%20off").text == "sale"


def test_html_mode_directory_without_index_is_404(
    client_for: Callable[..., Any], site: Path
) -> None:
    assert client_for(directory=site, html=True).get("/static/empty/").status_code == 404


def test_html_mode_serves_404_page_for_misses(client_for: Callable[..., Any], site: Path) -> None:
    (site / "404.html").write_text("<h1>lost</h1>")
    response = client_for(directory=site, html=True).get("/static/nowhere")
    assert response.status_code == 404
    assert response.text == "<h1>lost</h1>"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_html_mode_404_page_ignores_conditional_headers(
    client_for: Callable[..., Any], site: Path
) -> None:
    (site / "404.html").write_text("<h1>lost</h1>")
    response = client_for(directory=site, html=True).get(
        "/static/nowhere", headers={"if-none-match": "*"}
    )
    assert response.status_code == 404
    assert response.text == "<h1>lost</h1>"


def test_html_mode_without_404_page_is_plain_404(
    client_for: Callable[..., Any], site: Path
) -> None:
    response = client_for(directory=site, html=True).get("/static/nowhere")
    assert response.status_code == 404
    assert "<h1>" not in response.text


# Getting out of the tree: always 404, never the file, never a 500


async def raw_get(app: Any, path: str) -> Sent:
    """Send `path` as the server would after percent-decoding, bypassing URL normalisation."""
    return await call_asgi(app, scope=make_scope("GET", path))


ESCAPES = [
    "/static/../secret.txt",
    "/static/css/../../secret.txt",
    "/static/./css/site.css/../../../secret.txt",
    "/static/..",
    "/static/../outside/secret.txt",
    "/static/..\\secret.txt",
    "/static/css\\..\\..\\secret.txt",
    "/static/\\..\\secret.txt",
    "/static//etc/passwd",
    "/static///secret.txt",
    "/static/css/site.css\x00.txt",
    "/static/\x00",
    "/static/" + "a" * 300,
    "/static/" + "a/" * 3000,
    "/static/" + "x" * 100_000,
]


@pytest.mark.anyio
@pytest.mark.parametrize("path", ESCAPES)
async def test_decoded_escape_paths_are_404(anyio_backend: str, site: Path, path: str) -> None:
    sent = await raw_get(make_app(directory=site), path)
    assert sent.status == 404
    assert SECRET not in sent.body


@pytest.mark.parametrize(
    "url",
    [
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/css/%2e%2e/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/%2e%2e%5csecret.txt",
        "/static/..%5c..%5csecret.txt",
        "/static/%5c%5csecret.txt",
        "/static/%2fetc%2fpasswd",
        "/static/%00",
        "/static/site.css%00.txt",
        "/static/%252e%252e/secret.txt",
    ],
)
def test_encoded_escape_urls_are_404(client_for: Callable[..., Any], site: Path, url: str) -> None:
    response = client_for(directory=site).get(url)
    assert response.status_code == 404
    assert SECRET not in response.content


def test_dot_dot_in_url_never_serves_outside(client_for: Callable[..., Any], site: Path) -> None:
    # The client normalises this one to /secret.txt, which no route serves.
    response = client_for(directory=site).get("/static/../secret.txt")
    assert response.status_code == 404


def test_lookup_refuses_paths_outside_the_directory(site: Path) -> None:
    static = StaticFiles(directory=site)
    assert static.lookup_path(os.path.join("..", "secret.txt")) == ("", None)
    assert static.lookup_path(str(site.parent / "secret.txt")) == ("", None)


def test_lookup_survives_nul_bytes(site: Path) -> None:
    assert StaticFiles(directory=site).lookup_path("css\x00/site.css") == ("", None)


def test_stat_result_is_none_for_unusable_paths(site: Path) -> None:
    static = StaticFiles(directory=site)
    assert static.get_stat_result("") is None
    assert static.get_stat_result(str(site / "a\x00b")) is None
    assert static.get_stat_result(str(site / ("n" * 5000))) is None


@pytest.mark.parametrize(
    ("route_path", "expected"),
    [
        ("/css/site.css", os.path.join("css", "site.css")),
        ("css/site.css", os.path.join("css", "site.css")),
        ("/css/", "css"),
        ("/", "."),
        ("", "."),
    ],
)
def test_get_path_turns_route_path_into_relative_os_path(
    site: Path, route_path: str, expected: str
) -> None:
    assert StaticFiles(directory=site).get_path({"path": route_path}) == expected


def test_lookup_finds_plain_paths(site: Path) -> None:
    full_path, stat_result = StaticFiles(directory=site).lookup_path("css/site.css")
    assert full_path == os.path.realpath(site / "css" / "site.css")
    assert stat_result is not None


needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")


@needs_symlinks
def test_symlink_out_of_tree_is_404(client_for: Callable[..., Any], site: Path) -> None:
    (site / "leak.txt").symlink_to(site.parent / "secret.txt")
    response = client_for(directory=site).get("/static/leak.txt")
    assert response.status_code == 404
    assert SECRET not in response.content


@needs_symlinks
def test_directory_symlink_out_of_tree_is_404(client_for: Callable[..., Any], site: Path) -> None:
    (site / "out").symlink_to(site.parent / "outside", target_is_directory=True)
    assert client_for(directory=site).get("/static/out/secret.txt").status_code == 404


@needs_symlinks
def test_symlink_out_of_tree_is_served_with_follow_symlink(
    client_for: Callable[..., Any], site: Path
) -> None:
    (site / "leak.txt").symlink_to(site.parent / "secret.txt")
    response = client_for(directory=site, follow_symlink=True).get("/static/leak.txt")
    assert response.content == SECRET


@needs_symlinks
def test_follow_symlink_still_refuses_dot_dot(site: Path) -> None:
    static = StaticFiles(directory=site, follow_symlink=True)
    assert static.lookup_path(os.path.join("..", "secret.txt")) == ("", None)


@needs_symlinks
def test_symlink_inside_tree_is_served(client_for: Callable[..., Any], site: Path) -> None:
    (site / "alias.css").symlink_to(site / "css" / "site.css")
    assert client_for(directory=site).get("/static/alias.css").content == CSS


@needs_symlinks
def test_served_directory_may_itself_be_a_symlink(
    client_for: Callable[..., Any], site: Path
) -> None:
    link = site.parent / "linked"
    link.symlink_to(site, target_is_directory=True)
    assert client_for(directory=link).get("/static/css/site.css").content == CSS


# Configuration


def test_missing_directory_raises_at_construction(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"):
        StaticFiles(directory=tmp_path / "nope")


def test_missing_directory_with_check_dir_false_fails_on_first_request(
    client_for: Callable[..., Any], tmp_path: Path
) -> None:
    client = client_for(directory=tmp_path / "nope", check_dir=False)
    with pytest.raises(RuntimeError, match="does not exist"):
        client.get("/static/a.css")


def test_directory_created_after_construction_is_served(
    client_for: Callable[..., Any], tmp_path: Path
) -> None:
    client = client_for(directory=tmp_path / "later", check_dir=False)
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "a.css").write_bytes(CSS)
    assert client.get("/static/a.css").content == CSS


def test_file_given_as_directory_fails_on_first_request(
    client_for: Callable[..., Any], site: Path
) -> None:
    client = client_for(directory=site / "app.js", check_dir=False)
    with pytest.raises(RuntimeError, match="is not a directory"):
        client.get("/static/a.css")


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable package `sf_pkg` with `statics/` and `assets/` folders."""
    root = tmp_path / "pkgs" / "sf_pkg"
    (root / "statics").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "__init__.py").write_text("")
    (root / "statics" / "pkg.css").write_bytes(b"pkg")
    (root / "statics" / "both.css").write_bytes(b"from package")
    (root / "assets" / "asset.css").write_bytes(b"asset")
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))
    monkeypatch.delitem(sys.modules, "sf_pkg", raising=False)
    return "sf_pkg"


def test_serves_package_statics(client_for: Callable[..., Any], package: str) -> None:
    assert client_for(packages=[package]).get("/static/pkg.css").content == b"pkg"


def test_serves_named_package_folder(client_for: Callable[..., Any], package: str) -> None:
    response = client_for(packages=[(package, "assets")]).get("/static/asset.css")
    assert response.content == b"asset"


def test_directory_wins_over_packages(
    client_for: Callable[..., Any], package: str, site: Path
) -> None:
    (site / "both.css").write_bytes(b"from directory")
    client = client_for(directory=site, packages=[package])
    assert client.get("/static/both.css").content == b"from directory"
    assert client.get("/static/pkg.css").content == b"pkg"


def test_package_directories_are_listed_in_order(package: str, site: Path) -> None:
    static = StaticFiles(directory=site, packages=[package, (package, "assets")])
    assert [Path(d).name for d in static.all_directories] == ["static", "statics", "assets"]


@pytest.mark.parametrize("name", ["no_such_package_sf", "no_such_package_sf.sub"])
def test_unknown_package_raises(name: str) -> None:
    with pytest.raises(RuntimeError, match="could not be found"):
        StaticFiles(packages=[name])
    # Lilya 0.7.5 asserts it: code catching AssertionError keeps working.
    with pytest.raises(AssertionError, match="could not be found"):
        StaticFiles(packages=[name])


def test_package_without_statics_folder_raises(package: str) -> None:
    with pytest.raises(RuntimeError, match="'nothing' in package 'sf_pkg'"):
        StaticFiles(packages=[(package, "nothing")])
    with pytest.raises(AssertionError, match="'nothing' in package 'sf_pkg'"):
        StaticFiles(packages=[(package, "nothing")])


def test_namespace_package_statics_are_served(
    client_for: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ns" / "sf_ns" / "statics").mkdir(parents=True)
    (tmp_path / "ns" / "sf_ns" / "statics" / "a.css").write_bytes(b"ns")
    monkeypatch.syspath_prepend(str(tmp_path / "ns"))
    monkeypatch.delitem(sys.modules, "sf_ns", raising=False)
    assert client_for(packages=["sf_ns"]).get("/static/a.css").content == b"ns"


def test_builtin_module_has_no_statics(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RuntimeError, match="no directory on disk"):
        StaticFiles(packages=["sys"])


# Other scopes


@pytest.mark.anyio
async def test_websocket_scope_is_closed(anyio_backend: str, site: Path) -> None:
    sent: list[Message] = []

    async def receive() -> Message:  # pragma: no cover - never awaited
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await StaticFiles(directory=site)({"type": "websocket", "path": "/"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1000, "reason": ""}]


@pytest.mark.anyio
async def test_lifespan_scope_is_ignored(anyio_backend: str, site: Path) -> None:
    sent: list[Message] = []

    async def send(message: Message) -> None:  # pragma: no cover - never awaited
        sent.append(message)

    await StaticFiles(directory=site)({"type": "lifespan"}, None, send)  # type: ignore[arg-type]
    assert sent == []
