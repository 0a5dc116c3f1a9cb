"""lilya.compat.reverse as Lilya 0.7.5 has it: a URLPath, resolved against settings.app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.compat import reverse
from lilya.conf import settings
from lilya.datastructures import URL, URLPath
from lilya.routing import Include, Path


async def handler() -> str:
    return "ok"


def build_app() -> Lilya:
    return Lilya(
        routes=[
            Path("/x", handler, name="x"),
            Include("/sub", routes=[Path("/y/{id:int}", handler, name="y")]),
        ]
    )


@pytest.fixture
def settings_app() -> Iterator[Lilya]:
    app = build_app()
    previous = settings.app
    settings.app = app
    try:
        yield app
    finally:
        settings.app = previous


def test_reverse_returns_a_url_path() -> None:
    path = reverse("x", app=build_app())
    assert isinstance(path, URLPath)
    assert path == "/x"


def test_reverse_result_can_be_made_absolute() -> None:
    path = reverse("y", app=build_app(), path_params={"id": 5})
    assert path.make_absolute_url("http://example.org") == URL("http://example.org/sub/y/5")


def test_reverse_without_app_uses_the_settings_app(settings_app: Lilya) -> None:
    assert reverse("y", path_params={"id": 5}) == "/sub/y/5"


def test_reverse_without_app_or_settings_app_says_what_is_missing() -> None:
    previous = settings.app
    settings.app = None
    try:
        with pytest.raises(TypeError, match=r"settings\.app"):
            reverse("x")
    finally:
        settings.app = previous


def test_reverse_takes_a_request_as_app(test_client_factory: Any) -> None:
    from lilya.requests import Request

    async def show(request: Request) -> str:
        return str(reverse("x", app=request))

    app = Lilya(routes=[Path("/x", handler, name="x"), Path("/show", show)])
    assert test_client_factory(app).get("/show").json() == "/x"


def test_md5_hexdigest_as_in_lilya() -> None:
    """lilya.compat.md5_hexdigest(data, *, usedforsecurity=True) exists in Lilya 0.7.5."""
    from lilya.compat import md5_hexdigest

    assert md5_hexdigest(b"abc") == "900150983cd24fb0d6963f7d28e17f72"
    assert md5_hexdigest(b"abc", usedforsecurity=False) == "900150983cd24fb0d6963f7d28e17f72"
