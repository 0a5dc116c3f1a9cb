"""The engine-independent half of templating: turning a named template into a response."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from lilya import status
from lilya.background import Task
from lilya.enums import MediaType
from lilya.middleware.csrf import CSRF_SCOPE_KEY
from lilya.responses import TemplateResponse

if TYPE_CHECKING:
    from lilya.requests import Request

__all__ = ["BaseTemplateRenderer", "TemplateEngine"]


class TemplateEngine(Protocol):
    """What a renderer needs from an engine wrapper: templates looked up by name."""

    def get_template(self, name: str) -> Any: ...


T = TypeVar("T", bound=TemplateEngine)


class BaseTemplateRenderer(Generic[T]):
    """Builds TemplateResponses from an engine; subclasses decide how they are called."""

    def __init__(self, template: T) -> None:
        self.template = template

    def get_template(self, name: str) -> Any:
        """The engine's template called `name`."""
        return self.template.get_template(name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("Template renderers must implement __call__.")

    def prepare_response(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None,
        status_code: int = status.HTTP_200_OK,
        headers: dict[str, Any] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
    ) -> TemplateResponse:
        """Render `name` with a copy of `context` that always holds the `request`, and the
        request's `csrf_token` when CSRFMiddleware gave it one (for `<input type="hidden"
        name="csrf_token" value="{{ csrf_token }}">` in a form)."""
        full_context = dict(context or {})
        full_context.setdefault("request", request)
        token = request.scope.get(CSRF_SCOPE_KEY)
        if token is not None:
            full_context.setdefault("csrf_token", token)
        template = self.get_template(name)
        return TemplateResponse(
            template=template,
            context=full_context,
            status_code=status_code,
            headers=headers,
            media_type=media_type or MediaType.HTML,
            background=background,
        )
