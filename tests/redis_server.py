"""A real redis-server for tests: started on a free loopback port, stopped at the end."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.servers import free_port, stop, wait_until_serving

REDIS_SERVER = shutil.which("redis-server")


def redis_available() -> bool:
    """Whether both redis-server and redis-py are installed."""
    try:
        import redis.asyncio  # noqa: F401
    except ModuleNotFoundError:
        return False
    return REDIS_SERVER is not None


def skip_without_redis() -> None:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (scripts/install installs it with apt-get)")
    try:
        import redis.asyncio  # noqa: F401
    except ModuleNotFoundError:
        pytest.skip("redis-py is not installed (the `redis` extra of lilya-toolkit)")


@contextmanager
def running_redis(port: int | None = None) -> Iterator[str]:
    """A redis-server with no persistence on `port` (a free one by default); yields its URL."""
    skip_without_redis()
    assert REDIS_SERVER is not None
    port = port or free_port()
    with tempfile.TemporaryDirectory() as workdir:
        command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", workdir, "--loglevel", "warning"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(port, process)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop(process)
