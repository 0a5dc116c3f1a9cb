"""End-to-end benchmark: each contender served by uvicorn (httptools, uvloop, one worker) or
granian (one worker, uvloop) and loaded by wrk over loopback, server and load generator pinned
to different cores.

The servers of one kind run at once (idle ones cost nothing); rounds interleave the contenders
and the median requests-per-second of each counts. Contenders: bare, lilya, Starlette and the
peers installed (Litestar, BlackSheep, Falcon).

    python -m benchmarks.endtoend [--duration 5] [--rounds 3] [--connections 64]
        [--server uvicorn|granian] [--only plaintext,json]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from benchmarks.apps import ROUTE_COUNT
from benchmarks.peers import PEER_NAMES
from benchmarks.peers import available as available_peers

CONTENDERS = ("bare", "lilya", "starlette")
ENDPOINTS = {
    "plaintext": "/plaintext",
    "json": "/json",
    f"{ROUTE_COUNT}th route": f"/route{ROUTE_COUNT - 1}/items",
    "plain def handler": "/sync-plaintext",
}
SERVERS = ("uvicorn", "granian")
DISPLAY_NAMES = {"bare": "bare", "lilya": "lilya", "starlette": "Starlette", **PEER_NAMES}
SERVER_CORE, LOAD_CORE = "0", "1"
_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")

Results = dict[str, dict[str, float]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pinned(core: str, command: list[str]) -> list[str]:
    """Prefix with taskset when the machine has it and the core exists."""
    if shutil.which("taskset") and (os.cpu_count() or 1) > int(core):
        return ["taskset", "-c", core, *command]
    return command


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server for {url} exited with {process.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"No answer from {url} after {timeout} s.")


def server_command(server: str, name: str, port: int) -> list[str]:
    """The command serving `benchmarks.serve:<name>` on `port` with `server`."""
    if server == "granian":
        return [
            sys.executable, "-m", "granian", f"benchmarks.serve:{name}",
            "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--loop", "uvloop", "--log-level", "warning", "--no-access-log",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "uvicorn", f"benchmarks.serve:{name}",
        "--host", "127.0.0.1", "--port", str(port),
        "--loop", "uvloop", "--http", "httptools", "--workers", "1",
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip


@contextmanager
def serving(name: str, server: str = "uvicorn") -> Iterator[str]:
    """Serve `benchmarks.serve:<name>` with `server` on a free port; yield its base URL."""
    port = free_port()
    command = server_command(server, name, port)
    process = subprocess.Popen(pinned(SERVER_CORE, command), stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base + "/plaintext", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def load(url: str, duration: int, connections: int) -> float:
    """Requests per second wrk measures against `url`."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", url]
    output = subprocess.run(
        pinned(LOAD_CORE, command), capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors against {url}:\n{output}")
    found = _RPS.search(output)
    if found is None:
        raise RuntimeError(f"Unexpected wrk output:\n{output}")
    return float(found.group(1))


def contenders() -> tuple[str, ...]:
    """bare, lilya, Starlette and the peers installed here."""
    return (*CONTENDERS, *available_peers())


def measure(
    duration: int,
    rounds: int,
    connections: int,
    server: str = "uvicorn",
    endpoints: dict[str, str] | None = None,
    names: tuple[str, ...] | None = None,
) -> Results:
    """Median requests per second of each contender on each endpoint, rounds interleaved."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk).")
    endpoints = ENDPOINTS if endpoints is None else endpoints
    names = contenders() if names is None else names
    runs: dict[str, dict[str, list[float]]] = {
        endpoint: {name: [] for name in names} for endpoint in endpoints
    }
    with ExitStack() as stack:
        bases = {name: stack.enter_context(serving(name, server)) for name in names}
        for _ in range(rounds):
            for endpoint, path in endpoints.items():
                for name in names:
                    runs[endpoint][name].append(load(bases[name] + path, duration, connections))
    return {
        endpoint: {name: statistics.median(rps) for name, rps in by_name.items()}
        for endpoint, by_name in runs.items()
    }


def best_peer(best: dict[str, float]) -> float:
    """The most requests per second among the frameworks other than lilya (bare excluded)."""
    return max(rps for name, rps in best.items() if name not in ("bare", "lilya"))


def render(results: Results) -> str:
    names = list(next(iter(results.values())))
    lines = [
        "| endpoint | "
        + " | ".join(f"{DISPLAY_NAMES.get(name, name)} req/s" for name in names)
        + " | lilya / bare | lilya / Starlette | lilya / best peer |",
        "|---|" + "---:|" * (len(names) + 3),
    ]
    for endpoint, best in results.items():
        figures = " | ".join(f"{best[name]:,.0f}" for name in names)
        lines.append(
            f"| {endpoint} | {figures} | {best['lilya'] / best['bare']:.2f} "
            f"| {best['lilya'] / best['starlette']:.2f} | {best['lilya'] / best_peer(best):.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument("--only", help="comma-separated endpoint names")
    arguments = parser.parse_args()
    endpoints = ENDPOINTS
    if arguments.only:
        wanted = [word.strip() for word in arguments.only.split(",")]
        endpoints = {name: path for name, path in ENDPOINTS.items() if name in wanted}
    results = measure(
        arguments.duration, arguments.rounds, arguments.connections, arguments.server, endpoints
    )
    print(render(results))


if __name__ == "__main__":
    main()
