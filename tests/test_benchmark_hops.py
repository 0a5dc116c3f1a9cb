"""The hop micro-benchmark measures every way to a worker thread on each event loop present."""

from __future__ import annotations

from benchmarks import inprocess


def test_every_hop_is_measured_on_asyncio_and_trio() -> None:
    results = inprocess.measure_hops(2, 1)
    assert set(results["asyncio"]) == {"lilya", "anyio.to_thread", "run_in_executor"}
    assert set(results["trio"]) == {"lilya", "anyio.to_thread", "trio.to_thread"}
    assert all(value > 0 for best in results.values() for value in best.values())


def test_the_hop_table_shows_ratios_to_anyio_and_the_native_hop() -> None:
    best = {"lilya": 10.0, "anyio.to_thread": 40.0, "run_in_executor": 20.0}
    table = inprocess.render_hops({"asyncio": best})
    assert "| asyncio (run_in_executor) | 10.0 | 40.0 | 20.0 | 0.25 | 0.50 |" in table


def test_the_def_handler_scenario_is_one_of_the_issue_rows() -> None:
    names = [scenario.name for scenario in inprocess.SCENARIOS]
    assert "plaintext, plain def handler" in names
