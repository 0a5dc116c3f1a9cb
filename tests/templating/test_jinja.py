"""Jinja2Template: rendering through the test client, context, url_for, processors, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from lilya.apps import Lilya
from lilya.background import Task
from lilya.exceptions import ImproperlyConfigured, TemplateNotFound
from lilya.requests import Request
from lilya.responses import TemplateResponse
from lilya.routing import Path as Route
from lilya.templating import Jinja2Template
from lilya.templating.jinja import TemplateRenderer


@pytest.fixture
def template_dir(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<p>Hello {{ name }}</p>")
    (tmp_path / "link.html").write_text("<a href=\"{{ url_for('user', user_id=7) }}\">u</a>")
    (tmp_path / "escape.html").write_text("{{ value }}")
    (tmp_path / "method.html").write_text("{{ request.method }} {{ greeting }}")
    return tmp_path


def serve(templates: Jinja2Template, name: str, **kwargs: Any) -> Lilya:
    """An app whose "/" renders `name` with kwargs passed to get_template_response."""

    async def page(request: Request) -> TemplateResponse:
        return templates.get_template_response(request, name, **kwargs)

    async def user(request: Request, user_id: int) -> str:  # pragma: no cover - reversed only
        return str(user_id)

    return Lilya(routes=[Route("/", page), Route("/users/{user_id:int}", user, name="user")])


def test_renders_template_with_context(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    app = serve(templates, "index.html", context={"name": "Ada"})
    response = test_client_factory(app).get("/")
    assert response.status_code == 200
    assert response.text == "<p>Hello Ada</p>"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_test_client_sees_template_and_context(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    response = test_client_factory(serve(templates, "index.html", context={"name": "Ada"})).get("/")
    assert response.template.name == "index.html"
    assert response.context["name"] == "Ada"
    assert isinstance(response.context["request"], Request)


def test_context_always_has_the_request(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    response = test_client_factory(serve(templates, "method.html")).get("/")
    assert response.text == "GET "
    assert set(response.context) == {"request"}


def test_callers_context_is_not_modified(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    context = {"name": "Ada"}
    templates = Jinja2Template(directory=template_dir)
    test_client_factory(serve(templates, "index.html", context=context)).get("/")
    assert context == {"name": "Ada"}


def test_status_headers_and_media_type_are_used(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    app = serve(
        templates,
        "index.html",
        context={"name": "x"},
        status_code=201,
        headers={"x-page": "1"},
        media_type="text/plain",
    )
    response = test_client_factory(app).get("/")
    assert response.status_code == 201
    assert response.headers["x-page"] == "1"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_background_task_runs_after_rendering(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    ran: list[str] = []
    templates = Jinja2Template(directory=template_dir)
    app = serve(templates, "index.html", background=Task(ran.append, "done"))
    test_client_factory(app).get("/")
    assert ran == ["done"]


def test_url_for_gives_absolute_url_of_named_route(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    response = test_client_factory(serve(templates, "link.html")).get("/")
    assert response.text == '<a href="http://testserver/users/7">u</a>'


def test_autoescapes_by_default(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    app = serve(templates, "escape.html", context={"value": "<script>"})
    assert test_client_factory(app).get("/").text == "&lt;script&gt;"


def test_environment_options_are_passed_to_jinja(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir, autoescape=False)
    app = serve(templates, "escape.html", context={"value": "<b>"})
    assert test_client_factory(app).get("/").text == "<b>"


def test_several_directories_are_searched_in_order(
    test_client_factory: Callable[..., Any], template_dir: Path, tmp_path_factory: Any
) -> None:
    other = tmp_path_factory.mktemp("other")
    (other / "index.html").write_text("shadowed")
    (other / "extra.html").write_text("extra")
    templates = Jinja2Template(directory=[template_dir, other])
    assert templates.get_template("index.html").render(name="a") == "<p>Hello a</p>"
    assert templates.get_template("extra.html").render() == "extra"


def test_context_processors_add_to_the_context(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    def greeting(request: Request) -> dict[str, Any]:
        return {"greeting": f"hi from {request.url.path}"}

    templates = Jinja2Template(directory=template_dir, context_processors=[greeting])
    response = test_client_factory(serve(templates, "method.html")).get("/")
    assert response.text == "GET hi from /"
    assert response.context["greeting"] == "hi from /"


def test_custom_env_is_used_and_gets_url_for(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"t.html": "{{ url_for('user', user_id=1) }}"})
    )
    templates = Jinja2Template(env=env)
    assert templates.env is env
    assert test_client_factory(serve(templates, "t.html")).get("/").text == (
        "http://testserver/users/1"
    )


def test_custom_env_keeps_its_own_url_for(
    test_client_factory: Callable[..., Any],
) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ url_for('x') }}"}))
    env.globals["url_for"] = lambda name: f"custom:{name}"
    templates = Jinja2Template(env=env)
    assert test_client_factory(serve(templates, "t.html")).get("/").text == "custom:x"


def test_missing_template_raises_template_not_found_naming_it(template_dir: Path) -> None:
    templates = Jinja2Template(directory=template_dir)
    with pytest.raises(TemplateNotFound, match=r"missing\.html"):
        templates.get_template("missing.html")


def test_missing_template_in_a_handler_is_a_500(
    test_client_factory: Callable[..., Any], template_dir: Path
) -> None:
    templates = Jinja2Template(directory=template_dir)
    client = test_client_factory(serve(templates, "missing.html"), raise_server_exceptions=False)
    assert client.get("/").status_code == 500


def test_needs_directory_or_env() -> None:
    with pytest.raises(ImproperlyConfigured, match="directory"):
        Jinja2Template()


def test_refuses_both_directory_and_env(template_dir: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="not both"):
        Jinja2Template(directory=template_dir, env=jinja2.Environment())


def test_template_response_is_an_alias(template_dir: Path) -> None:
    assert Jinja2Template.TemplateResponse is Jinja2Template.get_template_response


def test_first_argument_must_be_a_request(template_dir: Path) -> None:
    templates = Jinja2Template(directory=template_dir)
    with pytest.raises(TypeError, match="must be the Request"):
        templates.get_template_response("index.html", "index.html")  # type: ignore[arg-type]
    # Lilya 0.7.5 asserts it, so code catching AssertionError keeps working.
    with pytest.raises(AssertionError):
        templates.get_template_response("index.html", {})  # type: ignore[arg-type]


def test_renderer_accepts_keyword_arguments(template_dir: Path) -> None:
    templates = Jinja2Template(directory=template_dir)
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": []})
    response = TemplateRenderer(templates)(
        request=request, name="index.html", context={"name": "kw"}, status_code=202
    )
    assert response.status_code == 202
    assert response.body == b"<p>Hello kw</p>"
