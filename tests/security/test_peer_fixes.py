"""Hostile inputs behind fixes our peers shipped alongside (or without) an advisory id.

Starlette and python-multipart fixed these in the same releases as the advisories pinned in the
other modules of this package; lilya holds to the same safe answers.
"""

from __future__ import annotations

from pathlib import Path as FilePath

import pytest

from lilya.apps import Lilya
from lilya.responses import FileResponse
from lilya.routing import Include
from lilya.staticfiles import StaticFiles
from tests.security.hostile import (
    MULTIPART,
    form_app,
    multipart_end,
    multipart_part,
    send_request,
)

pytestmark = pytest.mark.anyio


async def test_multipart_boundary_over_256_bytes_is_a_400() -> None:
    """A multipart Content-Type whose boundary is 1000 bytes long gets a 400, not a 500."""
    content_type = "multipart/form-data; boundary=" + "b" * 1000

    sent = await send_request(form_app(), headers=[("content-type", content_type)], chunks=[b"x"])

    assert sent.status == 400


@pytest.mark.parametrize(
    "disposition",
    [
        'form-data; name="f"; filename*' + "1" * 4301 + "*=utf-8''x",
        "form-data; name=\"f\"; filename*=utf-8''a; filename*0*=utf-8''b",
    ],
    ids=["oversized-index", "mixed-continuations"],
)
async def test_malformed_rfc_2231_continuations_are_answered_below_500(disposition: str) -> None:
    """A Content-Disposition with a 4301-digit RFC 2231 index or mixed continuations is
    answered below 500 (the extended parameters are ignored)."""
    body = multipart_part([f"Content-Disposition: {disposition}"], b"v") + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=[body])

    assert 200 <= sent.status < 500


async def test_multipart_body_without_its_closing_boundary_is_a_400() -> None:
    """A multipart body cut off before its closing boundary gets a 400 instead of an empty
    form that silently drops the field."""
    body = multipart_part(['Content-Disposition: form-data; name="a"'], b"1")

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=[body])

    assert sent.status == 400


@pytest.mark.parametrize(
    "path",
    ["/static//etc/passwd", "/static/\\\\server\\share", "/static/C:/Windows/win.ini"],
    ids=["absolute", "unc", "drive"],
)
async def test_static_files_refuse_absolute_and_windows_paths(
    tmp_path: FilePath, path: str
) -> None:
    """A static file request for an absolute, UNC or drive-letter path is a 404."""
    (tmp_path / "ok.txt").write_text("ok")
    app = Lilya(routes=[Include("/static", app=StaticFiles(directory=tmp_path))])

    sent = await send_request(app, method="GET", path=path)

    assert sent.status == 404


@pytest.fixture
def data_file(tmp_path: FilePath) -> FilePath:
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(100)))
    return path


async def test_more_than_100_ranges_get_the_whole_file(data_file: FilePath) -> None:
    """A Range header with 101 ranges is ignored: 200 with the whole file."""
    header = "bytes=" + ",".join(f"{i}-{i}" for i in range(101))

    sent = await send_request(FileResponse(data_file), "GET", headers=[("range", header)])

    assert sent.status == 200
    assert sent.body == bytes(range(100))


async def test_inverted_range_is_not_served_as_a_part(data_file: FilePath) -> None:
    """`Range: bytes=50-10` (end before start) is not answered with a 206."""
    sent = await send_request(FileResponse(data_file), "GET", headers=[("range", "bytes=50-10")])

    assert sent.status in (200, 416)


async def test_suffix_range_longer_than_the_file_is_clamped(data_file: FilePath) -> None:
    """`Range: bytes=-5000` on a 100-byte file gives the whole file as one valid part."""
    sent = await send_request(FileResponse(data_file), "GET", headers=[("range", "bytes=-5000")])

    assert sent.status == 206
    assert sent.header("content-range") == "bytes 0-99/100"
    assert sent.body == bytes(range(100))


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "10, 20"])
async def test_malformed_content_length_is_a_400(length: str) -> None:
    """A form POST with `Content-Length: -1` (or not a number) gets a 400."""
    sent = await send_request(
        form_app(),
        headers=[("content-type", "application/x-www-form-urlencoded"), ("content-length", length)],
        chunks=[b"a=1"],
    )

    assert sent.status == 400


async def test_a_part_with_two_content_dispositions_is_a_400() -> None:
    """A part naming itself twice (a field `a`, then a file `b`) is malformed (RFC 7578 allows
    one Content-Disposition per part): a 400, instead of silently keeping the last one, which
    a filter in front that read the first would not have checked."""
    headers = [
        'Content-Disposition: form-data; name="a"',
        'Content-Disposition: form-data; name="b"; filename="x.txt"',
    ]
    body = multipart_part(headers, b"v") + multipart_end()

    sent = await send_request(form_app(), headers=[("content-type", MULTIPART)], chunks=[body])

    assert sent.status == 400
    assert b"more than one Content-Disposition" in sent.body
