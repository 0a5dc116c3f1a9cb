"""Run the whole suite - in process, end to end, memory, broadcast - and write
benchmarks/RESULTS.md.

The targets of the performance work are checked from this one run and marked met or not met;
nothing is rounded in lilya's favour.

    python -m benchmarks.report [--quick] [--skip-endtoend] [--output benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import broadcast, endtoend, inprocess, memory


@dataclass(frozen=True)
class Target:
    description: str
    measured: str
    met: bool

    def row(self) -> str:
        return f"| {self.description} | {self.measured} | {'met' if self.met else 'not met'} |"


def _by_name(results: inprocess.Results) -> dict[str, dict[str, float]]:
    return {scenario.name: best for scenario, best in results}


def inprocess_targets(results: inprocess.Results) -> list[Target]:
    best = _by_name(results)
    worst_name, worst = max(
        ((name, b["lilya"] / b["starlette"]) for name, b in best.items()), key=lambda x: x[1]
    )
    over = [name for name, b in best.items() if b["lilya"] / b["starlette"] > 0.5]
    plaintext = best["plaintext"]["lilya"] / best["plaintext"]["bare"]
    first = best["first route"]["lilya"]
    thousand = best[f"{inprocess.BIG_ROUTE_COUNT}th of {inprocess.BIG_ROUTE_COUNT} routes"]
    includes = best["two Includes deep"]["lilya"]
    return [
        Target(
            "every in-process scenario ≤ 0.5x Starlette's time",
            f"worst {worst:.2f} ({worst_name}); above 0.5: {len(over)} of {len(best)}",
            not over,
        ),
        Target("plaintext ≤ 3x the bare callable", f"{plaintext:.2f}x", plaintext <= 3),
        Target(
            "1000th of 1000 routes ≤ 1.3x the first route",
            f"{thousand['lilya'] / first:.2f}x",
            thousand["lilya"] / first <= 1.3,
        ),
        Target(
            "two Includes deep ≤ 1.3x the first route",
            f"{includes / first:.2f}x",
            includes / first <= 1.3,
        ),
    ]


def endtoend_targets(results: endtoend.Results) -> list[Target]:
    plaintext = results["plaintext"]
    to_bare = plaintext["lilya"] / plaintext["bare"]
    to_starlette = plaintext["lilya"] / plaintext["starlette"]
    return [
        Target("end to end plaintext ≥ 0.85x bare", f"{to_bare:.2f}x", to_bare >= 0.85),
        Target(
            "end to end plaintext ≥ 1.2x Starlette", f"{to_starlette:.2f}x", to_starlette >= 1.2
        ),
    ]


def memory_target(result: memory.MemoryResult) -> Target:
    growth = result.growth - 1
    return Target(
        f"RSS after {result.total:,} requests within 5% of after {result.first:,}",
        f"{growth * 100:+.1f}%",
        growth <= 0.05,
    )


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return (
        f"{platform.python_implementation()} {platform.python_version()}, {cpu}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer requests, shorter runs")
    parser.add_argument("--skip-endtoend", action="store_true")
    parser.add_argument("--output", default=str(Path(__file__).with_name("RESULTS.md")))
    arguments = parser.parse_args()
    requests, rounds = (1000, 2) if arguments.quick else (5000, 5)
    duration, e2e_rounds = (2, 1) if arguments.quick else (5, 3)

    print("in process...", flush=True)
    in_process = asyncio.run(inprocess.measure(requests, rounds, inprocess.SCENARIOS))
    print(inprocess.render(in_process), flush=True)
    targets = inprocess_targets(in_process)
    sections = [
        "## In process\n",
        f"Microseconds per request (per session for the WebSocket echo), best of {rounds} "
        f"rounds of {requests:,} requests, the three contenders interleaved.\n",
        inprocess.render(in_process),
    ]
    more = asyncio.run(inprocess.measure(requests, rounds, inprocess.MORE_SCENARIOS))
    print(inprocess.render(more), flush=True)
    sections += [
        "\n## More scenarios in process\n",
        "Everyday features beyond the performance issue's list, measured the same way; the "
        "targets above are about the table before this one.\n",
        inprocess.render(more),
    ]
    if not arguments.skip_endtoend:
        print("end to end...", flush=True)
        end_to_end = endtoend.measure(duration, e2e_rounds, connections=64)
        print(endtoend.render(end_to_end), flush=True)
        targets += endtoend_targets(end_to_end)
        sections += [
            "\n## End to end\n",
            f"uvicorn (httptools, uvloop, one worker) pinned to core {endtoend.SERVER_CORE}, "
            f"wrk (1 thread, 64 connections, {duration} s) pinned to core "
            f"{endtoend.LOAD_CORE}; best of {e2e_rounds} rounds.\n",
            endtoend.render(end_to_end),
        ]
    print("memory...", flush=True)
    first, total = (2_000, 20_000) if arguments.quick else (20_000, 200_000)
    held = asyncio.run(memory.measure(first, total))
    print(memory.render(held), flush=True)
    targets.append(memory_target(held))
    sections += ["\n## Memory\n", memory.render(held)]
    print("broadcast...", flush=True)
    connections, fanout_rounds = (2_000, 10) if arguments.quick else (10_000, 30)
    fanned = broadcast.measure(1000, connections, fanout_rounds)
    print(broadcast.render(fanned), flush=True)
    sections += ["\n## Broadcast and idle WebSockets\n", broadcast.render(fanned)]

    header = [
        "# Benchmark results\n",
        f"Written by `scripts/bench` on {machine()}.",
        "Ratios matter more than absolute figures: the machine is noisy, and all contenders",
        "ran in the same run.\n",
        "## Targets\n",
        "| target | measured | |",
        "|---|---|---|",
        *(target.row() for target in targets),
        "",
    ]
    Path(arguments.output).write_text("\n".join(header + sections) + "\n", encoding="utf-8")
    print(f"wrote {arguments.output}")


if __name__ == "__main__":
    main()
