"""The broadcast benchmark runs and reports (Starlette is only in the benchmark environment,
so its idle row is left to scripts/bench)."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks import broadcast


def test_the_memory_fanout_reaches_every_subscriber() -> None:
    assert asyncio.run(broadcast.fanout_lilya("memory://", 20, 2)) > 0


def test_the_yardstick_fanout_reaches_every_subscriber() -> None:
    assert asyncio.run(broadcast.fanout_streams(20, 2)) > 0


def test_the_redis_fanout_reaches_every_subscriber() -> None:
    with broadcast.redis_server() as url:
        if url is None:
            pytest.skip("redis-server or redis-py is not installed")
        assert asyncio.run(broadcast.fanout_lilya(url, 20, 2)) > 0


@pytest.mark.parametrize("contender", ["bare", "lilya", "lilya chat member (broadcast)"])
def test_idle_connections_are_all_accepted_and_measured(contender: str) -> None:
    """hold_idle returns only once every connection was accepted."""
    assert isinstance(asyncio.run(broadcast.hold_idle(contender, 50)), float)


def test_render_marks_a_row_that_could_not_be_measured() -> None:
    results = broadcast.BroadcastResults(
        1000, 10_000, {"lilya memory://": 1.5, "lilya redis://": None}, {"lilya": 8.04}
    )
    table = broadcast.render(results)
    assert "| lilya memory:// | 1.50 |" in table
    assert "| lilya redis:// | not measured (no redis-server or redis-py) |" in table
    assert "| lilya | 8.0 |" in table
