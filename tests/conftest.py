"""Every test that takes `anyio_backend` (or `test_client_factory`) runs on asyncio and trio."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def test_client_factory(anyio_backend: str) -> Callable[..., Any]:
    """Build a TestClient bound to the backend under test: test_client_factory(app, **kw)."""
    from lilya.testclient import TestClient

    return functools.partial(TestClient, backend=anyio_backend)
