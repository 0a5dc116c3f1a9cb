"""CVE-2025-62727 (Starlette): a crafted Range header made range parsing quadratic."""

from __future__ import annotations

from pathlib import Path as FilePath

import pytest

from lilya.responses import FileResponse
from tests.security.hostile import send_request

pytestmark = pytest.mark.anyio


async def test_range_header_with_thousands_of_overlapping_ranges_answers_quickly(
    tmp_path: FilePath,
) -> None:
    """A Range header of tens of thousands of small overlapping ranges is answered with a
    valid 206 or 416 quickly instead of merging them in quadratic time."""
    path = tmp_path / "data.bin"
    path.write_bytes(b"a" * 100_000)
    ranges = ",".join(f"{i}-{i + 2}" for i in range(0, 60_000, 2))
    app = FileResponse(path)

    sent = await send_request(app, method="GET", headers=[("range", f"bytes={ranges}")])

    assert sent.status in (200, 206, 416)


async def test_range_header_full_of_commas_answers_quickly(tmp_path: FilePath) -> None:
    """A Range header made of a huge run of empty ranges (`bytes=,,,,...`) does not hang."""
    path = tmp_path / "data.bin"
    path.write_bytes(b"a" * 1000)
    app = FileResponse(path)

    sent = await send_request(app, method="GET", headers=[("range", "bytes=" + "," * 500_000)])

    assert sent.status in (200, 206, 416)
