"""BaseTemplateRenderer: the engine-independent response building."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.requests import Request
from lilya.templating.base import BaseTemplateRenderer


class Template:
    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: dict[str, Any]) -> str:
        return f"{self.name}:{sorted(context)}"


class Engine:
    def get_template(self, name: str) -> Template:
        return Template(name)


@pytest.fixture
def request_() -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": []})


def test_prepare_response_renders_with_request_in_context(request_: Request) -> None:
    response = BaseTemplateRenderer(Engine()).prepare_response(request_, "page", {"a": 1})
    assert response.body == b"page:['a', 'request']"
    assert response.context["request"] is request_
    assert response.media_type == "text/html"


def test_prepare_response_accepts_no_context(request_: Request) -> None:
    response = BaseTemplateRenderer(Engine()).prepare_response(request_, "page", None)
    assert response.context == {"request": request_}


def test_prepare_response_keeps_a_given_request_entry(request_: Request) -> None:
    response = BaseTemplateRenderer(Engine()).prepare_response(request_, "p", {"request": "mine"})
    assert response.context["request"] == "mine"


def test_get_template_asks_the_engine() -> None:
    assert BaseTemplateRenderer(Engine()).get_template("x").name == "x"


def test_calling_the_base_renderer_is_not_implemented() -> None:
    with pytest.raises(NotImplementedError):
        BaseTemplateRenderer(Engine())()
