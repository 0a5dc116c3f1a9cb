"""In-process benchmark: lilya vs Starlette vs a bare ASGI callable, no network involved.

Each app is driven with synthetic scope/receive/send. Rounds interleave the apps so machine
noise hits all of them alike; the best round counts. Figures are microseconds per request and,
because this machine is noisy, the ratios matter more than the absolute numbers.

    python -m benchmarks.inprocess [--requests 20000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.apps import ROUTE_COUNT, bare_app, build_lilya, build_starlette

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    status: int
    body: bytes = b""


SCENARIOS = [
    Scenario("plaintext", "GET", "/plaintext", 200),
    Scenario("json", "GET", "/json", 200),
    Scenario("path parameter (request)", "GET", "/users/42", 200),
    Scenario("path parameter (injected)", "GET", "/injected/42", 200),
    Scenario(
        f"{ROUTE_COUNT}th of {ROUTE_COUNT} routes", "GET", f"/route{ROUTE_COUNT - 1}/items", 200
    ),
    Scenario("not found", "GET", "/missing/page", 404),
]


def make_scope(scenario: Scenario) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": scenario.method,
        "scheme": "http",
        "path": scenario.path,
        "raw_path": scenario.path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def drive(app: App, scenario: Scenario, requests: int) -> float:
    """Seconds for `requests` calls of `app` on `scenario`; checks the status once."""
    template = make_scope(scenario)
    request_message = {"type": "http.request", "body": scenario.body, "more_body": False}
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return request_message

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(dict(template), receive, send)
    if statuses[-1] != scenario.status:
        raise RuntimeError(f"{scenario.name}: expected {scenario.status}, got {statuses[-1]}")
    gc.collect()
    started = time.perf_counter()
    for _ in range(requests):
        await app(dict(template), receive, send)
    return time.perf_counter() - started


async def measure(requests: int, rounds: int) -> list[tuple[str, dict[str, float]]]:
    apps: dict[str, App] = {
        "bare": bare_app,
        "lilya": build_lilya(),
        "starlette": build_starlette(),
    }
    results: list[tuple[str, dict[str, float]]] = []
    for scenario in SCENARIOS:
        best = {name: float("inf") for name in apps}
        for _ in range(rounds):
            for name, app in apps.items():
                seconds = await drive(app, scenario, requests)
                best[name] = min(best[name], seconds / requests * 1e6)
        results.append((scenario.name, best))
    return results


def render(results: list[tuple[str, dict[str, float]]]) -> str:
    lines = [
        "| scenario | bare µs | lilya µs | Starlette µs | lilya / bare | lilya / Starlette |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, best in results:
        lines.append(
            f"| {name} | {best['bare']:.1f} | {best['lilya']:.1f} | {best['starlette']:.1f} "
            f"| {best['lilya'] / best['bare']:.2f} | {best['lilya'] / best['starlette']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    results = asyncio.run(measure(arguments.requests, arguments.rounds))
    print(render(results))


if __name__ == "__main__":
    main()
