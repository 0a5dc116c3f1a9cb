"""End-to-end benchmark: each contender served by uvicorn (httptools, uvloop, one worker) and
loaded by wrk over loopback, server and load generator pinned to different cores.

All three servers run at once (idle ones cost nothing); rounds interleave the contenders and
the best requests-per-second of each counts.

    python -m benchmarks.endtoend [--duration 5] [--rounds 2] [--connections 64]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.apps import ROUTE_COUNT

CONTENDERS = ("bare", "lilya", "starlette")
ENDPOINTS = {
    "plaintext": "/plaintext",
    "json": "/json",
    f"{ROUTE_COUNT}th route": f"/route{ROUTE_COUNT - 1}/items",
}
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


@contextmanager
def serving(name: str) -> Iterator[str]:
    """Run `uvicorn benchmarks.serve:<name>` on a free port; yield its base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", f"benchmarks.serve:{name}",
        "--host", "127.0.0.1", "--port", str(port),
        "--loop", "uvloop", "--http", "httptools", "--workers", "1",
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(pinned(SERVER_CORE, command))
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


def measure(duration: int, rounds: int, connections: int) -> Results:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk).")
    results: Results = {endpoint: dict.fromkeys(CONTENDERS, 0.0) for endpoint in ENDPOINTS}
    with serving("bare") as bare, serving("lilya") as lilya, serving("starlette") as starlette:
        bases = {"bare": bare, "lilya": lilya, "starlette": starlette}
        for _ in range(rounds):
            for endpoint, path in ENDPOINTS.items():
                for name in CONTENDERS:
                    rps = load(bases[name] + path, duration, connections)
                    results[endpoint][name] = max(results[endpoint][name], rps)
    return results


def render(results: Results) -> str:
    lines = [
        "| endpoint | bare req/s | lilya req/s | Starlette req/s | lilya / bare "
        "| lilya / Starlette |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for endpoint, best in results.items():
        lines.append(
            f"| {endpoint} | {best['bare']:,.0f} | {best['lilya']:,.0f} "
            f"| {best['starlette']:,.0f} | {best['lilya'] / best['bare']:.2f} "
            f"| {best['lilya'] / best['starlette']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    arguments = parser.parse_args()
    print(render(measure(arguments.duration, arguments.rounds, arguments.connections)))


if __name__ == "__main__":
    main()
