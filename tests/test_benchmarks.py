"""The benchmark apps stay correct as lilya changes: every scenario answers as expected on the
bare callable and on lilya (Starlette is only installed in the benchmark environment)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from benchmarks import inprocess, memory


@pytest.mark.parametrize(
    "scenario", inprocess.SCENARIOS + inprocess.MORE_SCENARIOS, ids=lambda s: s.name
)
def test_every_scenario_answers_on_bare_and_lilya(scenario: inprocess.Scenario) -> None:
    # measure() checks the status (or the number of echoed messages) before timing.
    ((measured, best),) = asyncio.run(
        inprocess.measure(2, 1, [scenario], contenders=("bare", "lilya"))
    )
    assert measured is scenario
    assert set(best) == {"bare", "lilya"}


def test_a_wrong_answer_stops_the_benchmark() -> None:
    wrong = replace(inprocess.SCENARIOS[0], status=201)
    with pytest.raises(RuntimeError, match="expected 201, got 200"):
        asyncio.run(inprocess.measure(1, 1, [wrong], contenders=("lilya",)))


def test_render_shows_ratios() -> None:
    best = {"bare": 1.0, "lilya": 2.0, "starlette": 8.0}
    table = inprocess.render([(inprocess.SCENARIOS[0], best)])
    assert "| plaintext | 1.0 | 2.0 | 8.0 | 2.00 | 0.25 |" in table


def test_select_picks_scenarios_by_name() -> None:
    picked = inprocess.select("json, preflight")
    names = ["json", "1 KB JSON POST", "CORS preflight", "JSON of 20 pydantic models"]
    assert [s.name for s in picked] == names
    assert inprocess.select(None) == inprocess.SCENARIOS
    assert [s.name for s in inprocess.select("static")] == ["static file (2 KB)"]


def test_memory_benchmark_reports_growth() -> None:
    result = asyncio.run(memory.measure(20, 60))
    assert result.rss_first_kb > 0
    assert f"{(result.growth - 1) * 100:+.1f}%" in memory.render(result)


def test_peers_are_not_measured_outside_the_issue_rows() -> None:
    first_route = next(s for s in inprocess.SCENARIOS if s.name == "first route")
    loop_row = next(s for s in inprocess.SCENARIOS if s.name.endswith("on the loop"))
    assert not inprocess.answers("falcon", first_route)
    assert not inprocess.answers("falcon", loop_row)  # no way to run a def on Falcon's loop
    assert inprocess.answers("blacksheep", loop_row)
    assert inprocess.answers("lilya", first_route)


def test_def_rows_hold_lilya_against_peers_running_the_handler_alike() -> None:
    best = {"bare": 1.0, "lilya": 2.0, "starlette": 9.0, "blacksheep": 3.0, "falcon": 8.0}
    assert inprocess.fastest_rival("plaintext, plain def handler", best) == 8.0
    assert inprocess.fastest_rival("plaintext, def handler on the loop", best) == 3.0
    assert inprocess.fastest_rival("plaintext", best) == 3.0


def test_peer_table_marks_what_a_contender_has_no_equivalent_of() -> None:
    best = {"bare": 1.0, "lilya": 2.0, "starlette": inprocess.NOT_MEASURED, "blacksheep": 4.0}
    loop_row = next(s for s in inprocess.SCENARIOS if s.name.endswith("on the loop"))
    table = inprocess.render_peers([(loop_row, best)], ("bare", "lilya", "starlette", "blacksheep"))
    assert "| plaintext, def handler on the loop | 1.0 | 2.0 | n/a | 4.0 | 0.50 |" in table


@pytest.mark.parametrize("peer", ["litestar", "blacksheep", "falcon"])
def test_each_installed_peer_answers_the_issue_rows(peer: str) -> None:
    pytest.importorskip(peer)
    results = asyncio.run(inprocess.measure(2, 1, inprocess.peer_scenarios(), contenders=(peer,)))
    measured = [scenario.name for scenario, best in results if best[peer] == best[peer]]
    assert len(measured) >= len(inprocess.PEER_ROWS) - 1


def test_report_holds_each_issue_row_against_its_rivals() -> None:
    from benchmarks import report

    rows = {scenario.name: scenario for scenario in inprocess.SCENARIOS}
    nan = inprocess.NOT_MEASURED
    fast = {"bare": 1.0, "lilya": 2.0, "starlette": 9.0, "blacksheep": 3.0, "falcon": 8.0}
    results = [(rows[name], dict(fast)) for name in rows]
    loop_row = rows["plaintext, def handler on the loop"]
    results = [
        (s, {**b, "starlette": nan, "falcon": nan}) if s is loop_row else (s, b) for s, b in results
    ]
    targets = {t.description: t for t in report.peer_targets(results, [])}
    assert targets["plaintext: lilya ≤ the fastest of Starlette, BlackSheep, Falcon"].met
    assert targets["def handler on the loop (opt-in) within 1.1x BlackSheep"].met
    assert targets["two Includes deep ≤ 2x the bare callable"].met
    assert targets["plain def handler (worker thread) ≤ 0.65x Starlette's time"].met


def test_report_marks_an_unmeasured_target_not_met() -> None:
    from benchmarks import report

    target = report._met_if_at_most("x", inprocess.NOT_MEASURED, 1)
    assert (target.measured, target.met) == ("n/a", False)


def test_server_targets_compare_with_the_best_peer_not_the_bare_callable() -> None:
    from benchmarks import report

    row = {"bare": 100.0, "lilya": 50.0, "starlette": 20.0, "falcon": 40.0}
    results = {
        name: dict(row) for name in ("plaintext", "json", "100th route", "plain def handler")
    }
    targets = report.server_targets("granian", results)
    assert [t.met for t in targets] == [True, True, True, True]
    assert targets[0].measured == "1.25x"
