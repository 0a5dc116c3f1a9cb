"""The README program served by real servers on loopback: uvicorn (asyncio), hypercorn (trio)
and granian (its Rust HTTP core driving asyncio)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.servers import free_port, serve


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
