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

from benchmarks import broadcast, endtoend, inprocess, memory, startup


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
    against_starlette = {
        name: b["lilya"] / b["starlette"]
        for name, b in best.items()
        if b["starlette"] == b["starlette"]
    }  # rows Starlette has no equivalent of are NaN
    worst_name, worst = max(against_starlette.items(), key=lambda x: x[1])
    over = [name for name, ratio in against_starlette.items() if ratio > 0.5]
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


def _met_if_at_most(description: str, value: float, limit: float, unit: str = "x") -> Target:
    """A target `value <= limit`; a value that could not be measured (NaN) is not met."""
    shown = "n/a" if value != value else f"{value:.2f}{unit}"
    return Target(description, shown, value <= limit)


def peer_targets(results: inprocess.Results, more: inprocess.Results) -> list[Target]:
    """The targets of the second performance round: the fast peers, the bare callable."""
    best = {**_by_name(more), **_by_name(results)}
    targets = []
    for name in inprocess.PEER_ROWS:
        row = best[name]
        rivals = inprocess.rivals(name, row)
        fastest = inprocess.fastest_rival(name, row)
        shown = ", ".join(inprocess.DISPLAY_NAMES[rival] for rival in rivals) or "none measured"
        targets.append(
            _met_if_at_most(f"{name}: lilya ≤ the fastest of {shown}", row["lilya"] / fastest, 1)
        )
    loop = best["plaintext, def handler on the loop"]
    targets.append(
        _met_if_at_most(
            "def handler on the loop (opt-in) within 1.1x BlackSheep",
            loop["lilya"] / loop.get("blacksheep", inprocess.NOT_MEASURED),
            1.1,
        )
    )
    for name in (
        f"{inprocess.ROUTE_COUNT}th of {inprocess.ROUTE_COUNT} routes",
        "two Includes deep",
        "five pass-through middleware",
    ):
        targets.append(
            _met_if_at_most(
                f"{name} ≤ 2x the bare callable", best[name]["lilya"] / best[name]["bare"], 2
            )
        )
    for name in ("gzip 10 KB response", "multipart upload (1 KB file)"):
        targets.append(
            _met_if_at_most(
                f"{name} ≤ 1.4x the bare callable", best[name]["lilya"] / best[name]["bare"], 1.4
            )
        )
    sync = best["plaintext, plain def handler"]
    targets.append(
        _met_if_at_most(
            "plain def handler (worker thread) ≤ 0.65x Starlette's time",
            sync["lilya"] / sync["starlette"],
            0.65,
        )
    )
    return targets


def server_targets(server: str, results: endtoend.Results) -> list[Target]:
    """End to end on one server: lilya's req/s at least the best peer's (bare excluded)."""
    targets = []
    for endpoint in ("plaintext", "json", f"{inprocess.ROUTE_COUNT}th route"):
        best = results[endpoint]
        ratio = best["lilya"] / endtoend.best_peer(best)
        targets.append(
            Target(
                f"{server}: {endpoint} req/s ≥ the best peer's (median)",
                f"{ratio:.2f}x",
                ratio >= 1,
            )
        )
    sync = results["plain def handler"]
    ratio = sync["lilya"] / sync["starlette"]
    targets.append(
        Target(
            f"{server}: plain def handler req/s ≥ 1.5x Starlette's", f"{ratio:.2f}x", ratio >= 1.5
        )
    )
    return targets


def startup_targets(result: startup.StartupResult) -> list[Target]:
    starlette = result.starlette_import_us
    return [
        Target(
            "`import lilya.apps` no slower than `import starlette.applications` (cumulative)",
            f"{result.lilya_import_us:,} µs vs {starlette or 0:,} µs",
            starlette is not None and result.lilya_import_us <= starlette,
        ),
        Target(
            "`lilya --help` under 0.3 s (best of 5)",
            f"{result.help_seconds:.3f} s",
            result.help_seconds < 0.3,
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
    duration, e2e_rounds = (2, 1) if arguments.quick else (3, 3)

    print("in process...", flush=True)
    contenders = inprocess.peer_contenders()
    in_process = asyncio.run(inprocess.measure(requests, rounds, inprocess.SCENARIOS, contenders))
    print(inprocess.render(in_process), flush=True)
    targets = inprocess_targets(in_process)
    peer_rows = [(s, b) for s, b in in_process if s.name in inprocess.PEER_ROWS]
    missing = [name for name in inprocess.PEER_NAMES if name not in contenders]
    sections = [
        "## In process\n",
        f"Microseconds per request (per session for the WebSocket echo), best of {rounds} "
        f"rounds of {requests:,} requests, the contenders interleaved.\n",
        inprocess.render(in_process),
        "\n## The fast peers in process\n",
        "The performance issue's rows in the same run, with Litestar, BlackSheep and Falcon "
        "(ASGI) written as their users write them (benchmarks/peers.py). The plain `def` "
        "handler runs as each runs it by default: a thread pool for lilya, Starlette and "
        "Falcon; the event loop for Litestar and BlackSheep, held against lilya's opt-in "
        "(`sync_to_thread=False`) in the row after. n/a: no equivalent.\n",
        inprocess.render_peers(peer_rows, contenders),
    ]
    if missing:
        sections.append(
            "\nNot installed on this Python, so left out: "
            + ", ".join(inprocess.PEER_NAMES[name] for name in missing)
            + "."
        )
    more = asyncio.run(inprocess.measure(requests, rounds, inprocess.MORE_SCENARIOS))
    print(inprocess.render(more), flush=True)
    targets += peer_targets(in_process, more)
    sections += [
        "\n## More scenarios in process\n",
        "Everyday features beyond the performance issue's list, measured the same way; the "
        "targets above are about the tables before this one.\n",
        inprocess.render(more),
    ]
    if not arguments.skip_endtoend:
        for server in endtoend.SERVERS:
            print(f"end to end on {server}...", flush=True)
            end_to_end = endtoend.measure(duration, e2e_rounds, connections=64, server=server)
            print(endtoend.render(end_to_end), flush=True)
            if server == "uvicorn":
                targets += endtoend_targets(end_to_end)
            targets += server_targets(server, end_to_end)
            setup = (
                "uvicorn (httptools, uvloop, one worker)"
                if server == "uvicorn"
                else "granian (ASGI, uvloop, one worker)"
            )
            sections += [
                f"\n## End to end on {server}\n",
                f"{setup} pinned to core {endtoend.SERVER_CORE}, wrk (1 thread, 64 "
                f"connections, {duration} s) pinned to core {endtoend.LOAD_CORE}; median of "
                f"{e2e_rounds} interleaved rounds.\n",
                endtoend.render(end_to_end),
            ]
    print("start-up...", flush=True)
    started = startup.measure(5)
    print(startup.render(started), flush=True)
    targets += startup_targets(started)
    sections += ["\n## Start-up\n", startup.render(started)]
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
