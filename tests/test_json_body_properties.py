"""Property tests for JSON bodies: any JSON value round trips, any other body is a 4xx."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path
from tests.security.hostile import send_request

pytestmark = pytest.mark.filterwarnings("ignore")
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


async def echo(request: Request) -> Any:
    return {"value": await request.json()}


APP = Lilya(routes=[Path("/", echo, methods=["POST"])])


def post(backend: str, body: bytes) -> Any:
    async def run() -> Any:
        return await send_request(
            APP, headers=[("content-type", "application/json")], chunks=[body]
        )

    return anyio.run(run, backend=backend)


@fixture_ok
@given(json_values)
def test_any_json_value_round_trips_through_request_json(anyio_backend: str, value: Any) -> None:
    sent = post(anyio_backend, json.dumps(value).encode())

    assert sent.status == 200
    assert json.loads(sent.body) == {"value": value}


@fixture_ok
@given(st.binary(max_size=200))
def test_any_body_gives_200_or_400_never_500(anyio_backend: str, body: bytes) -> None:
    sent = post(anyio_backend, body)

    assert sent.status in (200, 400)


@fixture_ok
@given(st.integers(min_value=2000, max_value=200_000), st.sampled_from(["[", '{"a":']))
def test_deeply_nested_json_is_a_400(anyio_backend: str, depth: int, opener: str) -> None:
    sent = post(anyio_backend, (opener * depth).encode())

    assert sent.status == 400
