"""Memory benchmark: does a lilya app's resident memory grow with the number of requests?

The app serves a mix of requests in process - static routes, distinct path parameters (each
a new path the matcher has never seen), not found pages, query strings, JSON posts - and RSS
is read after 20,000 and after 200,000 requests. A cache without a bound, or a leak per
request, shows as growth between the two.

    python -m benchmarks.memory [--first 20000] [--total 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
from dataclasses import dataclass, replace

from benchmarks.apps import build_lilya
from benchmarks.inprocess import SCENARIOS, App, Scenario, make_scope, run_once

_MIX_NAMES = ("plaintext", "json", "path parameter (request)", "not found", "query string")


@dataclass(frozen=True)
class MemoryResult:
    first: int
    total: int
    rss_first_kb: int
    rss_total_kb: int

    @property
    def growth(self) -> float:
        return self.rss_total_kb / self.rss_first_kb


def rss_kb() -> int:
    """Resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("VmRSS not found in /proc/self/status")


def varied(scenario: Scenario, number: int) -> Scenario:
    """The scenario on a path or query never used before, where that makes sense."""
    if scenario.name == "path parameter (request)":
        return replace(scenario, path=f"/users/{number}")
    if scenario.name == "not found":
        return replace(scenario, path=f"/missing/page{number}")
    if scenario.name == "query string":
        return replace(scenario, query=f"name=n{number}&page={number % 50}".encode())
    return scenario


async def serve(app: App, mix: list[Scenario], start: int, stop: int) -> None:
    for number in range(start, stop):
        scenario = varied(mix[number % len(mix)], number)
        await run_once(app, scenario, make_scope(scenario))


async def measure(first: int, total: int) -> MemoryResult:
    app = build_lilya("main")
    mix = [s for s in SCENARIOS if s.name in _MIX_NAMES or s.name == "1 KB JSON POST"]
    await serve(app, mix, 0, first)
    gc.collect()
    rss_first = rss_kb()
    await serve(app, mix, first, total)
    gc.collect()
    return MemoryResult(first, total, rss_first, rss_kb())


def render(result: MemoryResult) -> str:
    return (
        "| requests | RSS |\n|---:|---:|\n"
        f"| {result.first:,} | {result.rss_first_kb / 1024:.1f} MB |\n"
        f"| {result.total:,} | {result.rss_total_kb / 1024:.1f} MB |\n\n"
        f"Growth from {result.first:,} to {result.total:,} requests: "
        f"{(result.growth - 1) * 100:+.1f}%"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--first", type=int, default=20_000)
    parser.add_argument("--total", type=int, default=200_000)
    arguments = parser.parse_args()
    print(render(asyncio.run(measure(arguments.first, arguments.total))))


if __name__ == "__main__":
    main()
