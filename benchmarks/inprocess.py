"""In-process benchmark: lilya vs Starlette vs a bare ASGI callable, no network involved.

Each app is driven with synthetic scope/receive/send. Rounds interleave the contenders so
machine noise hits all of them alike; the best round counts. Figures are microseconds per
request (per WebSocket session for the echo scenario) and, because this machine is noisy, the
ratios matter more than the absolute numbers.

    python -m benchmarks.inprocess [--requests 5000] [--rounds 5] [--only json,...]
    python -m benchmarks.inprocess --hops   # the worker-thread hop alone, per event loop
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from benchmarks.apps import (
    ALLOWED_ORIGIN,
    BIG_ROUTE_COUNT,
    BUILDERS,
    ROUTE_COUNT,
    SESSION_SECRET,
    STATIC_FILE,
)
from benchmarks.peers import ON_THE_LOOP, PEER_BUILDERS, PEER_NAMES
from benchmarks.peers import VARIANTS as PEER_VARIANTS
from benchmarks.peers import available as available_peers

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
CONTENDERS = ("bare", "lilya", "starlette")
WEBSOCKET_MESSAGES = 100

_JSON_PAYLOAD = json.dumps(
    [{"id": i, "name": f"item-{i}", "tags": ["a", "b"], "price": i * 1.5} for i in range(14)]
).encode()
_FORM_PAYLOAD = urlencode([(f"field{i}", f"value number {i}") for i in range(20)]).encode()
_BOUNDARY = "----lilyabenchboundary"
_MULTIPART_PAYLOAD = (
    f"--{_BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="title"\r\n\r\n'
    "holiday pictures\r\n"
    f"--{_BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="file"; filename="notes.txt"\r\n'
    "Content-Type: text/plain\r\n\r\n" + "x" * 1024 + "\r\n"
    f"--{_BOUNDARY}--\r\n"
).encode()


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    method: str = "GET"
    status: int = 200
    variant: str = "main"
    query: bytes = b""
    body: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = ()
    websocket: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)
    # Contenders without an equivalent: not measured, shown as n/a.
    skip: frozenset[str] = field(default_factory=frozenset)


SCENARIOS = [
    Scenario("plaintext", "/plaintext"),
    Scenario("plaintext, plain def handler", "/sync-plaintext"),
    Scenario(
        "plaintext, def handler on the loop",
        "/loop-plaintext",
        skip=frozenset({"starlette", "falcon"}),
    ),
    Scenario("json", "/json"),
    Scenario("path parameter (request)", "/users/42"),
    Scenario("path parameter (injected)", "/injected/42"),
    Scenario("first route", "/route0/items"),
    Scenario(f"{ROUTE_COUNT}th of {ROUTE_COUNT} routes", f"/route{ROUTE_COUNT - 1}/items"),
    Scenario(
        f"{BIG_ROUTE_COUNT}th of {BIG_ROUTE_COUNT} routes",
        f"/route{BIG_ROUTE_COUNT - 1}/items",
        variant="thousand",
    ),
    Scenario("two Includes deep", "/api/v1/plaintext"),
    Scenario("not found", "/missing/page", status=404),
    Scenario("query string", "/query", query=b"name=lilya&page=2&tags=a&tags=b&sort=-date&q=a%20b"),
    Scenario(
        "1 KB JSON POST",
        "/echo-json",
        method="POST",
        body=_JSON_PAYLOAD,
        headers=((b"content-type", b"application/json"),),
    ),
    Scenario(
        "urlencoded form POST",
        "/form",
        method="POST",
        body=_FORM_PAYLOAD,
        headers=((b"content-type", b"application/x-www-form-urlencoded"),),
    ),
    Scenario(
        "multipart upload (1 KB file)",
        "/upload",
        method="POST",
        body=_MULTIPART_PAYLOAD,
        headers=((b"content-type", f"multipart/form-data; boundary={_BOUNDARY}".encode()),),
    ),
    Scenario("five pass-through middleware", "/plaintext", variant="middleware"),
    Scenario(
        "CORS preflight",
        "/plaintext",
        method="OPTIONS",
        variant="cors",
        headers=(
            (b"origin", ALLOWED_ORIGIN.encode()),
            (b"access-control-request-method", b"POST"),
            (b"access-control-request-headers", b"x-token"),
        ),
    ),
    Scenario(
        "gzip 10 KB response",
        "/large",
        variant="gzip",
        headers=((b"accept-encoding", b"gzip, deflate"),),
    ),
    Scenario(f"WebSocket echo ({WEBSOCKET_MESSAGES} messages)", "/ws", websocket=True),
]


# The rows of the performance issue's table, measured for the peers too.
PEER_ROWS = (
    "plaintext",
    "plaintext, plain def handler",
    "plaintext, def handler on the loop",
    f"{ROUTE_COUNT}th of {ROUTE_COUNT} routes",
    "two Includes deep",
    "urlencoded form POST",
    "five pass-through middleware",
    "query string",
    "1 KB JSON POST",
)
DISPLAY_NAMES = {"bare": "bare", "lilya": "lilya", "starlette": "Starlette", **PEER_NAMES}


def peer_scenarios() -> list[Scenario]:
    """The issue's rows, in its order."""
    by_name = {scenario.name: scenario for scenario in SCENARIOS}
    return [by_name[name] for name in PEER_ROWS]


def peer_contenders() -> tuple[str, ...]:
    """bare, lilya, Starlette and the peers installed here."""
    return (*CONTENDERS, *available_peers())


def _session_cookie() -> bytes:
    """A session cookie all three contenders accept: {"visits": 3}, signed with their key."""
    import itsdangerous

    payload = base64.b64encode(json.dumps({"visits": 3}).encode())
    return b"theme=dark; session=" + itsdangerous.TimestampSigner(SESSION_SECRET).sign(payload)


# Everyday features beyond the performance issue's list: measured and reported the same way,
# in a table of their own (the targets are about SCENARIOS).
MORE_SCENARIOS = [
    Scenario("class-based controller", "/controller"),
    Scenario("redirect", "/redirect", status=307),
    Scenario("streaming response (10 chunks)", "/stream"),
    Scenario(f"url_for the {ROUTE_COUNT}th route", "/link"),
    Scenario("JSON of 20 pydantic models", "/models"),
    Scenario("static file (2 KB)", f"/static/{STATIC_FILE}", variant="static"),
    Scenario(
        "session read and write",
        "/session",
        variant="session",
        headers=((b"cookie", _session_cookie()),),
    ),
    Scenario(
        "typed handler: 3 query values and a body",
        "/typed",
        method="POST",
        variant="typed",
        query=b"limit=20&offset=5&active=true",
        body=b'{"name":"pen","price":1.5,"tags":["office","blue"]}',
        headers=((b"content-type", b"application/json"),),
    ),
]


def make_scope(scenario: Scenario) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench"), (b"accept", b"*/*")]
    headers += list(scenario.headers)
    if scenario.body:
        headers.append((b"content-length", str(len(scenario.body)).encode()))
    return {
        "type": "websocket" if scenario.websocket else "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": scenario.method,
        "scheme": "ws" if scenario.websocket else "http",
        "path": scenario.path,
        "raw_path": scenario.path.encode(),
        "root_path": "",
        "query_string": scenario.query,
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "subprotocols": [],
    }


def incoming_messages(scenario: Scenario) -> list[dict[str, Any]]:
    """What receive() hands the app, in order (then a disconnect)."""
    if scenario.websocket:
        texts = [
            {"type": "websocket.receive", "text": f"message {i}"} for i in range(WEBSOCKET_MESSAGES)
        ]
        closing = {"type": "websocket.disconnect", "code": 1000}
        return [{"type": "websocket.connect"}, *texts, closing]
    return [{"type": "http.request", "body": scenario.body, "more_body": False}]


class Exchange:
    """receive/send for one request: scripted input, and the output counted."""

    __slots__ = ("messages", "position", "sent", "status")

    def __init__(self, messages: list[dict[str, Any]]) -> None:
        self.messages = messages
        self.position = 0
        self.status = 0
        self.sent = 0

    async def receive(self) -> dict[str, Any]:
        position = self.position
        if position < len(self.messages):
            self.position = position + 1
            return self.messages[position]
        await asyncio.sleep(3600)  # like a client that stays connected
        raise AssertionError("unreachable")

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "websocket.send":
            self.sent += 1


async def run_once(app: App, scenario: Scenario, scope: dict[str, Any]) -> Exchange:
    exchange = Exchange(incoming_messages(scenario))
    await app(dict(scope), exchange.receive, exchange.send)
    return exchange


def check(name: str, scenario: Scenario, exchange: Exchange) -> None:
    if scenario.websocket and exchange.sent != WEBSOCKET_MESSAGES:
        raise RuntimeError(f"{name} / {scenario.name}: echoed {exchange.sent} messages")
    if not scenario.websocket and exchange.status != scenario.status:
        raise RuntimeError(
            f"{name} / {scenario.name}: expected {scenario.status}, got {exchange.status}"
        )


async def drive(app: App, scenario: Scenario, requests: int) -> float:
    """Seconds for `requests` calls of `app` on `scenario`."""
    scope = make_scope(scenario)
    gc.collect()
    started = time.perf_counter()
    for _ in range(requests):
        await run_once(app, scenario, scope)
    return time.perf_counter() - started


Results = list[tuple[Scenario, dict[str, float]]]
NOT_MEASURED = float("nan")  # a contender without an equivalent of the scenario
ALL_BUILDERS = {**BUILDERS, **PEER_BUILDERS}


def answers(name: str, scenario: Scenario) -> bool:
    """Whether contender `name` has an equivalent of `scenario` (peers: the issue's rows)."""
    if name in scenario.skip:
        return False
    return name not in PEER_BUILDERS or (
        scenario.name in PEER_ROWS and scenario.variant in PEER_VARIANTS
    )


async def measure(
    requests: int,
    rounds: int,
    scenarios: list[Scenario],
    contenders: tuple[str, ...] = CONTENDERS,
) -> Results:
    """Best µs per request of each contender on each scenario, rounds interleaved."""
    apps: dict[tuple[str, str], App] = {}
    results: Results = []
    for scenario in scenarios:
        count = max(1, requests // WEBSOCKET_MESSAGES) if scenario.websocket else requests
        best = dict.fromkeys(contenders, NOT_MEASURED)
        measured = [name for name in contenders if answers(name, scenario)]
        for name in measured:
            best[name] = float("inf")
            key = (name, scenario.variant)
            if key not in apps:
                apps[key] = ALL_BUILDERS[name](scenario.variant)
            check(name, scenario, await run_once(apps[key], scenario, make_scope(scenario)))
        for _ in range(rounds):
            for name in measured:
                seconds = await drive(apps[(name, scenario.variant)], scenario, count)
                best[name] = min(best[name], seconds / count * 1e6)
        results.append((scenario, best))
    return results


def _figure(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.1f}"


def _ratio(value: float, base: float) -> str:
    return "n/a" if math.isnan(value) or math.isnan(base) else f"{value / base:.2f}"


# The peers that run a `def` handler in a thread pool by default, like lilya's default.
THREAD_POOL_PEERS = ("starlette", "falcon")


def rivals(scenario_name: str, measured: dict[str, float]) -> list[str]:
    """The peers lilya is held against on a row: for a `def` handler, those running it the same
    way (a thread pool by default; on the loop for lilya's opt-in), else every peer."""
    if scenario_name == "plaintext, plain def handler":
        wanted: tuple[str, ...] = THREAD_POOL_PEERS
    elif scenario_name == "plaintext, def handler on the loop":
        wanted = ON_THE_LOOP
    else:
        wanted = tuple(name for name in measured if name not in ("bare", "lilya"))
    return [name for name in wanted if not math.isnan(measured.get(name, NOT_MEASURED))]


def fastest_rival(scenario_name: str, measured: dict[str, float]) -> float:
    """The time of the fastest of `rivals` (NaN when none was measured)."""
    times = [measured[name] for name in rivals(scenario_name, measured)]
    return min(times) if times else NOT_MEASURED


def render_peers(results: Results, contenders: tuple[str, ...]) -> str:
    """The issue's table: µs per request of every contender, and lilya's ratio to the fastest
    of its rivals on the row (see `rivals`)."""
    names = [DISPLAY_NAMES.get(name, name) for name in contenders]
    lines = [
        "| scenario | " + " | ".join(f"{n} µs" for n in names) + " | lilya / fastest peer |",
        "|---|" + "---:|" * (len(names) + 1),
    ]
    for scenario, best in results:
        fastest = fastest_rival(scenario.name, best)
        figures = " | ".join(_figure(best[name]) for name in contenders)
        lines.append(f"| {scenario.name} | {figures} | {_ratio(best['lilya'], fastest)} |")
    return "\n".join(lines)


def render(results: Results) -> str:
    lines = [
        "| scenario | bare µs | lilya µs | Starlette µs | lilya / bare | lilya / Starlette |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for scenario, best in results:
        lines.append(
            f"| {scenario.name} | {_figure(best['bare'])} | {_figure(best['lilya'])} "
            f"| {_figure(best['starlette'])} | {_ratio(best['lilya'], best['bare'])} "
            f"| {_ratio(best['lilya'], best['starlette'])} |"
        )
    return "\n".join(lines)


# -- the hop to a worker thread and back, alone ----------------------------------------------

HopResults = dict[str, dict[str, float]]


def _nothing() -> None:
    return None


def _hop_contenders(loop_name: str) -> dict[str, Callable[[], Awaitable[Any]]]:
    """What each way of running `_nothing` in a worker thread costs on this event loop."""
    import anyio.to_thread

    from lilya.concurrency import run_in_threadpool

    contenders: dict[str, Callable[[], Awaitable[Any]]] = {
        "lilya": lambda: run_in_threadpool(_nothing),
        "anyio.to_thread": lambda: anyio.to_thread.run_sync(_nothing),
    }
    if loop_name == "trio":
        import trio

        contenders["trio.to_thread"] = lambda: trio.to_thread.run_sync(_nothing)
    else:
        from concurrent.futures import ThreadPoolExecutor

        loop = asyncio.get_running_loop()
        executor = ThreadPoolExecutor(40)
        contenders["run_in_executor"] = lambda: loop.run_in_executor(executor, _nothing)
    return contenders


async def _measure_hops(loop_name: str, calls: int, rounds: int) -> dict[str, float]:
    contenders = _hop_contenders(loop_name)
    best = {name: float("inf") for name in contenders}
    for _ in range(rounds):
        for name, hop in contenders.items():
            await hop()  # a worker exists before the clock starts
            started = time.perf_counter()
            for _ in range(calls):
                await hop()
            best[name] = min(best[name], (time.perf_counter() - started) / calls * 1e6)
    return best


def measure_hops(calls: int, rounds: int) -> HopResults:
    """Best µs per hop of each way to a worker thread, on asyncio, uvloop and trio if present."""
    results: HopResults = {"asyncio": asyncio.run(_measure_hops("asyncio", calls, rounds))}
    try:
        import uvloop
    except ModuleNotFoundError:
        pass
    else:
        results["uvloop"] = uvloop.run(_measure_hops("uvloop", calls, rounds))
    try:
        import trio
    except ModuleNotFoundError:
        pass
    else:
        results["trio"] = trio.run(_measure_hops, "trio", calls, rounds)
    return results


def render_hops(results: HopResults) -> str:
    lines = [
        "| event loop (native hop) | lilya µs | anyio.to_thread µs | native µs "
        "| lilya / anyio | lilya / native |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for loop_name, best in results.items():
        native_name = "trio.to_thread" if loop_name == "trio" else "run_in_executor"
        lilya, anyio_hop, native = best["lilya"], best["anyio.to_thread"], best[native_name]
        lines.append(
            f"| {loop_name} ({native_name}) | {lilya:.1f} | {anyio_hop:.1f} | {native:.1f} "
            f"| {lilya / anyio_hop:.2f} | {lilya / native:.2f} |"
        )
    return "\n".join(lines)


def select(only: str | None) -> list[Scenario]:
    """The issue's scenarios, or those of both lists whose names contain one of the words."""
    if not only:
        return SCENARIOS
    wanted = [word.strip().lower() for word in only.split(",")]
    return [s for s in SCENARIOS + MORE_SCENARIOS if any(word in s.name.lower() for word in wanted)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="comma-separated words picking scenarios by name")
    parser.add_argument("--hops", action="store_true", help="measure the worker-thread hop alone")
    parser.add_argument(
        "--peers", action="store_true", help="the issue's rows against Litestar, BlackSheep, Falcon"
    )
    arguments = parser.parse_args()
    if arguments.hops:
        print(render_hops(measure_hops(arguments.requests, arguments.rounds)))
        return
    if arguments.peers:
        contenders = peer_contenders()
        chosen = [s for s in select(arguments.only) if s.name in PEER_ROWS]
        scenarios = chosen if arguments.only else peer_scenarios()
        results = asyncio.run(measure(arguments.requests, arguments.rounds, scenarios, contenders))
        print(render_peers(results, contenders))
        return
    results = asyncio.run(measure(arguments.requests, arguments.rounds, select(arguments.only)))
    print(render(results))


if __name__ == "__main__":
    main()
