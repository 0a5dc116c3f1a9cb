"""The README program served by real servers on loopback: uvicorn (asyncio), hypercorn (trio)
and granian (its Rust HTTP core driving asyncio)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_serving(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"server exited early:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listened on port {port} within {timeout}s")


def serve(command: list[str], port: int) -> Iterator[str]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            process.kill()
            process.wait()


@pytest.fixture(params=["uvicorn-asyncio", "hypercorn-trio", "granian-asyncio"])
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    port = free_port()
    if request.param == "uvicorn-asyncio":
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "examples.app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--loop",
            "asyncio",
            "--log-level",
            "warning",
        ]
    elif request.param == "granian-asyncio":
        command = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--loop",
            "asyncio",
            "--log-level",
            "warning",
            "examples.app:app",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "hypercorn",
            "examples.app:app",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "trio",
            "--log-level",
            "warning",
        ]
    yield from serve(command, port)


def test_readme_program_over_a_real_server(server_url: str) -> None:
    with httpx.Client(base_url=server_url, timeout=10) as client:
        assert client.get("/").json() == {"message": "Welcome to Lilya"}
        assert client.get("/lilya").json() == {"message": "Welcome to Lilya, lilya"}
        assert client.get("/in-request/ana").json() == {"message": "Welcome to Lilya, ana"}


def test_example_extras_over_a_real_server(server_url: str) -> None:
    with httpx.Client(base_url=server_url, timeout=10) as client:
        assert client.get("/items/42").json() == {"item_id": 42, "type": "int"}
        assert client.post("/echo", json={"a": [1, 2]}).json() == {"received": {"a": [1, 2]}}
        assert client.get("/api/v1/health").text == "ok"
        bad = client.post(
            "/echo", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert bad.status_code == 400
        assert client.get("/no/such/page").status_code == 404
        assert client.delete("/").status_code == 405
