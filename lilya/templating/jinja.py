"""Jinja2 templates rendered to TemplateResponses, with `url_for` available inside templates.

jinja2 is an optional dependency (the `templates` extra of lilya-toolkit); importing this module
without it raises MissingDependency saying so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya import status
from lilya.background import Task
from lilya.exceptions import ImproperlyConfigured, MissingDependency, TemplateNotFound
from lilya.requests import Request
from lilya.responses import TemplateResponse
from lilya.templating.base import BaseTemplateRenderer

try:
    import jinja2
    from jinja2 import Environment, FileSystemLoader
    from jinja2 import Template as JinjaTemplate
    from jinja2 import TemplateNotFound as JinjaTemplateNotFound
except ImportError as exc:  # pragma: no cover - exercised by a test that hides jinja2
    raise MissingDependency(
        "Jinja2Template needs jinja2, which is not installed. "
        'Install the `templates` extra of lilya-toolkit (`pip install -e ".[templates]"` in a '
        "checkout of lilya) or `pip install jinja2`."
    ) from exc

__all__ = ["ContextProcessor", "Jinja2Template", "TemplateRenderer"]

ContextProcessor = Callable[[Request], Mapping[str, Any]]
TemplateDirectory = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


class _NotARequestError(TypeError, AssertionError):
    """A template response asked for without the request first: an AssertionError, as in
    Lilya 0.7.5 (whose check is an assert), that survives `python -O`."""


class TemplateRenderer(BaseTemplateRenderer["Jinja2Template"]):
    """Renders a Jinja2Template's templates, applying its context processors first."""

    def __call__(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        status_code: int = status.HTTP_200_OK,
        headers: dict[str, Any] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
    ) -> TemplateResponse:
        if not isinstance(request, Request):
            raise _NotARequestError(
                "The first argument of a template response must be the Request, "
                f"got {type(request).__name__}."
            )
        full_context = dict(context or {})
        for processor in self.template.context_processors:
            full_context.update(processor(request))
        return self.prepare_response(
            request, name, full_context, status_code, headers, media_type, background
        )


@jinja2.pass_context
def _url_for(context: Mapping[str, Any], name: str, /, **path_params: Any) -> Any:
    """`url_for("route", param=...)` in a template: the absolute URL of a named route."""
    request: Request = context["request"]
    return request.url_for(name, **path_params)


class Jinja2Template:
    """Jinja2 templates from `directory` (one or several) or from a ready-made `env`.

    A new environment autoescapes by default; `**options` go to `jinja2.Environment`.
    `context_processors` are callables taking the request and returning extra context.
    `url_for` is added to the environment's globals unless it already defines one.
    """

    def __init__(
        self,
        directory: TemplateDirectory | None = None,
        *,
        env: Environment | None = None,
        context_processors: Sequence[ContextProcessor] | None = None,
        **options: Any,
    ) -> None:
        if (directory is None) == (env is None):
            raise ImproperlyConfigured(
                "Jinja2Template needs either a template `directory` or a Jinja2 `env`, "
                "not both and not neither."
            )
        self.context_processors: list[ContextProcessor] = list(context_processors or ())
        if env is None:
            options.setdefault("loader", FileSystemLoader(directory))  # type: ignore[arg-type]
            options.setdefault("autoescape", True)
            env = Environment(**options)
        env.globals.setdefault("url_for", _url_for)
        self.env = env

    def get_template(self, name: str) -> JinjaTemplate:
        """The template called `name`; lilya's TemplateNotFound (naming it) if there is none."""
        try:
            return self.env.get_template(name)
        except JinjaTemplateNotFound as exc:
            raise TemplateNotFound(name=name) from exc

    def get_template_response(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        status_code: int = status.HTTP_200_OK,
        headers: dict[str, Any] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
    ) -> TemplateResponse:
        """Render template `name` for `request`; the context always holds `request`."""
        renderer = TemplateRenderer(self)
        return renderer(request, name, context, status_code, headers, media_type, background)

    # Starlette's spelling, for code moving over.
    TemplateResponse = get_template_response
