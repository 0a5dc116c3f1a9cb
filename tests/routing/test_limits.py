from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import UNLIMITED, Include, Path

ClientFactory = Callable[..., Any]


async def body_length(request: Request) -> PlainText:
    return PlainText(str(len(await request.body())))


def post(client: Any, path: str, size: int) -> tuple[int, str]:
    response = client.post(path, content=b"x" * size)
    return response.status_code, response.text


def chunks(count: int, size: int) -> Iterator[bytes]:
    for _ in range(count):
        yield b"x" * size


def test_app_limit_refuses_a_larger_body_with_413(test_client_factory: ClientFactory) -> None:
    app = Lilya(routes=[Path("/", body_length, methods=["POST"])], max_body_size=10)
    client = test_client_factory(app)
    assert post(client, "/", 10) == (200, "10")
    assert post(client, "/", 11)[0] == 413


def test_path_with_a_higher_limit_accepts_what_the_app_limit_refuses(
    test_client_factory: ClientFactory,
) -> None:
    app = Lilya(
        routes=[
            Path("/small", body_length, methods=["POST"]),
            Path("/large", body_length, methods=["POST"], max_body_size=100),
        ],
        max_body_size=10,
    )
    client = test_client_factory(app)
    assert post(client, "/small", 50)[0] == 413
    assert post(client, "/large", 50) == (200, "50")


def test_include_with_a_lower_limit_refuses_with_413(test_client_factory: ClientFactory) -> None:
    app = Lilya(
        routes=[
            Include("/api", routes=[Path("/", body_length, methods=["POST"])], max_body_size=10),
            Path("/", body_length, methods=["POST"]),
        ]
    )
    client = test_client_factory(app)
    assert post(client, "/api/", 50)[0] == 413
    assert post(client, "/", 50) == (200, "50")


def test_include_limit_refuses_a_chunked_body_past_it(test_client_factory: ClientFactory) -> None:
    """No Content-Length: the running total of the chunks is checked."""
    app = Lilya(
        routes=[
            Include("/api", routes=[Path("/", body_length, methods=["POST"])], max_body_size=10)
        ]
    )
    client = test_client_factory(app)
    assert client.post("/api/", content=chunks(2, 5)).text == "10"
    assert client.post("/api/", content=chunks(3, 5)).status_code == 413


def test_innermost_limit_wins_over_include_and_app(test_client_factory: ClientFactory) -> None:
    inner = Path("/", body_length, methods=["POST"], max_body_size=30)
    app = Lilya(routes=[Include("/api", routes=[inner], max_body_size=5)], max_body_size=1)
    client = test_client_factory(app)
    assert post(client, "/api/", 30) == (200, "30")
    assert post(client, "/api/", 31)[0] == 413


def test_unlimited_path_accepts_any_body_under_a_limited_app(
    test_client_factory: ClientFactory,
) -> None:
    route = Path("/", body_length, methods=["POST"], max_body_size=UNLIMITED)
    client = test_client_factory(Lilya(routes=[route], max_body_size=1))
    assert post(client, "/", 1000) == (200, "1000")


def test_zero_limit_accepts_only_an_empty_body(test_client_factory: ClientFactory) -> None:
    route = Path("/", body_length, methods=["POST"], max_body_size=0)
    client = test_client_factory(Lilya(routes=[route]))
    assert post(client, "/", 0) == (200, "0")
    assert post(client, "/", 1)[0] == 413


def test_child_lilya_limit_applies_below_its_mount(test_client_factory: ClientFactory) -> None:
    child = ChildLilya(routes=[Path("/", body_length, methods=["POST"])], max_body_size=10)
    client = test_client_factory(Lilya(routes=[Include("/child", app=child)], max_body_size=100))
    assert post(client, "/child/", 50)[0] == 413


@pytest.mark.parametrize("value", [-1, 1.5, "10", True])
@pytest.mark.parametrize(
    "build",
    [
        lambda size: Lilya(max_body_size=size),
        lambda size: Include("/x", routes=[], max_body_size=size),
        lambda size: Path("/", body_length, max_body_size=size),
    ],
)
def test_invalid_max_body_size_is_refused_when_built(
    build: Callable[[Any], Any], value: Any
) -> None:
    with pytest.raises(ImproperlyConfigured, match="max_body_size"):
        build(value)


def test_lilya_routing_exports_unlimited_and_its_type() -> None:
    """The limit module is internal; users reach the sentinel and its type from lilya.routing."""
    import lilya.routing

    assert isinstance(lilya.routing.UNLIMITED, lilya.routing.NoBodyLimit)
