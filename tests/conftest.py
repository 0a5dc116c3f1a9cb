"""Every test that takes `anyio_backend` (or `test_client_factory`) runs on asyncio and trio."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a small, derandomized budget for the everyday run and CI (the same examples
# every time, so a red run is reproducible and never a roll of the dice), a large random one
# for scripts/fuzz (HYPOTHESIS_PROFILE=fuzz). A test's own @settings(max_examples=...) still wins.
settings.register_profile("quick", max_examples=30, deadline=None, derandomize=True)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def test_client_factory(anyio_backend: str) -> Callable[..., Any]:
    """Build a TestClient bound to the backend under test: test_client_factory(app, **kw)."""
    from lilya.testclient import TestClient

    return functools.partial(TestClient, backend=anyio_backend)
