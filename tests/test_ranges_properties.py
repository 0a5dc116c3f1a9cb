"""Property tests for Range: parsed intervals cover exactly the bytes asked for; any header is
answered with 200, 206 or 416 by FileResponse."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lilya._ranges import RangeNotSatisfiable, parse_range_header
from lilya.responses import FileResponse
from tests.security.hostile import send_request

SIZE = 1000
intervals = st.lists(
    st.tuples(st.integers(0, SIZE - 1), st.integers(0, SIZE - 1)).map(sorted),
    min_size=1,
    max_size=8,
)


@given(intervals)
def test_parsed_ranges_cover_exactly_the_requested_bytes(pairs: list[list[int]]) -> None:
    header = "bytes=" + ",".join(f"{a}-{b}" for a, b in pairs)

    parsed = parse_range_header(header, SIZE)

    assert parsed is not None
    covered = {i for start, stop in parsed for i in range(start, stop)}
    assert covered == {i for a, b in pairs for i in range(a, b + 1)}


def test_parsed_ranges_are_half_open() -> None:
    """The intervals are (start, stop) with stop exclusive: `bytes=0-0` is the first byte."""
    assert parse_range_header("bytes=0-0", SIZE) == [(0, 1)]


@given(st.text(max_size=120), st.integers(0, 5000))
def test_parser_gives_intervals_none_or_not_satisfiable(header: str, size: int) -> None:
    try:
        parsed = parse_range_header(header, size)
    except RangeNotSatisfiable:
        return
    assert parsed is None or all(0 <= start < stop <= size for start, stop in parsed)


@pytest.fixture
def data_file(tmp_path: FilePath) -> FilePath:
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 4)
    return path


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(max_codepoint=255), max_size=120))
def test_file_response_answers_any_range_header_with_200_206_or_416(
    anyio_backend: str, data_file: FilePath, header: str
) -> None:
    async def run() -> Any:
        return await send_request(FileResponse(data_file), "GET", headers=[("range", header)])

    sent = anyio.run(run, backend=anyio_backend)

    assert sent.status in (200, 206, 416)
