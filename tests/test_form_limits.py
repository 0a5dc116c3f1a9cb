"""Form limits come from the call, else the app's settings, else safe defaults."""

from __future__ import annotations

from typing import Any

from lilya._formparsers import FormLimits, form_limits
from lilya.apps import Lilya
from lilya.conf import settings as global_settings
from lilya.conf.global_settings import Settings
from lilya.requests import Request
from lilya.routing import Path


class SmallForms(Settings):
    form_max_fields: int = 2
    form_max_files: int = 1
    form_max_part_size: int = 10
    form_max_body_size: int = 64


async def count(request: Request) -> dict[str, int]:
    async with request.form() as form:
        return {"items": len(list(form.multi_items()))}


async def count_generous(request: Request) -> dict[str, int]:
    # max_part_size too: it bounds each urlencoded field as well as each multipart part.
    async with request.form(max_fields=100, max_part_size=1000, max_body_size=10_000) as form:
        return {"items": len(list(form.multi_items()))}


def make_client(factory: Any, settings: type[Settings] | None = SmallForms) -> Any:
    routes = [
        Path("/", count, methods=["POST"]),
        Path("/generous", count_generous, methods=["POST"]),
    ]
    return factory(Lilya(routes=routes, settings_module=settings))


def test_app_settings_limit_fields(test_client_factory: Any) -> None:
    client = make_client(test_client_factory)
    assert client.post("/", data={"a": "1", "b": "2"}).json() == {"items": 2}
    response = client.post("/", data={"a": "1", "b": "2", "c": "3"})
    assert response.status_code == 400
    assert "Too many fields" in response.text


def test_app_settings_limit_files(test_client_factory: Any) -> None:
    client = make_client(test_client_factory)
    files = [("f", ("a.txt", b"a")), ("g", ("b.txt", b"b"))]
    response = client.post("/", files=files)
    assert response.status_code == 400
    assert "Too many files" in response.text


def test_app_settings_limit_part_size(test_client_factory: Any) -> None:
    client = make_client(test_client_factory)
    response = client.post("/", data={"a": "x" * 11}, files={"f": ("a.txt", b"a")})
    assert response.status_code == 413
    assert "larger than the limit" in response.text


def test_app_settings_limit_urlencoded_body(test_client_factory: Any) -> None:
    client = make_client(test_client_factory)
    assert client.post("/", data={"a": "x" * 100}).status_code == 413


def test_call_arguments_win_over_settings(test_client_factory: Any) -> None:
    client = make_client(test_client_factory)
    data = {f"k{i}": "v" * 20 for i in range(5)}
    assert client.post("/generous", data=data).json() == {"items": 5}


def test_defaults_without_settings(test_client_factory: Any) -> None:
    client = make_client(test_client_factory, settings=None)
    data = {f"k{i}": "v" for i in range(500)}
    assert client.post("/", data=data).json() == {"items": 500}
    assert client.post("/", data={f"k{i}": "v" for i in range(1001)}).status_code == 400


def test_global_settings_limits_apply_and_changes_are_seen(test_client_factory: Any) -> None:
    # An app without settings_module reads the lazy global settings on every form.
    client = make_client(test_client_factory, settings=None)
    data = {"a": "1", "b": "2", "c": "3"}
    try:
        global_settings.configure(SmallForms)
        assert client.post("/", data=data).status_code == 400
        global_settings.form_max_fields = 3
        assert client.post("/", data=data).json() == {"items": 3}
    finally:
        global_settings.reset()
    assert client.post("/", data=data).json() == {"items": 3}


def test_limits_with_the_same_values_are_made_once() -> None:
    first = form_limits(5, 6, 7, 8)
    assert first == FormLimits(max_fields=5, max_files=6, max_part_size=7, max_body_size=8)
    assert form_limits(5, 6, 7, 8) is first
    assert form_limits(5, 6, 7, 9) is not first


def test_app_settings_limit_urlencoded_field_size(test_client_factory: Any) -> None:
    client = make_client(test_client_factory)
    response = client.post("/", data={"a": "x" * 20})
    assert response.status_code == 413
    assert "larger than the limit" in response.text
