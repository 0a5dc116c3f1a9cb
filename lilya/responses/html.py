"""HTML responses: pages, error pages and rendered templates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lilya import status
from lilya.background import Task
from lilya.enums import MediaType
from lilya.responses.base import Encoders, Response
from lilya.types import Message, Receive, Scope, Send

__all__ = ["HTML", "Error", "HTMLResponse", "TemplateResponse"]


class HTMLResponse(Response):
    """An HTML page (`text/html; charset=utf-8`)."""

    media_type = MediaType.HTML.value


class Error(HTMLResponse):
    """An HTML error page, 500 unless another status is given."""

    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR

    def __init__(
        self,
        content: Any = None,
        status_code: int = status.HTTP_500_INTERNAL_SERVER_ERROR,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | Any | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        super().__init__(content, status_code, headers, cookies, media_type, background, encoders)


class TemplateResponse(HTMLResponse):
    """A rendered template: `template.render(context)` becomes the HTML body.

    When the server (the test client) announces the `http.response.debug` extension, the
    template and context are sent to it first so tests can inspect them.
    """

    def __init__(
        self,
        template: Any,
        status_code: int = status.HTTP_200_OK,
        context: dict[str, Any] | None = None,
        background: Task | None = None,
        headers: dict[str, Any] | None = None,
        media_type: MediaType | str = MediaType.HTML,
        encoders: Encoders | None = None,
    ) -> None:
        self.template = template
        self.context = context or {}
        super().__init__(
            content=template.render(self.context),
            status_code=status_code,
            headers=headers,
            media_type=media_type,
            background=background,
            encoders=encoders,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        extensions = scope.get("extensions") or {}
        if "http.response.debug" in extensions:
            debug: Message = {
                "type": "http.response.debug",
                "info": {"template": self.template, "context": self.context},
            }
            await send(debug)
        await super().__call__(scope, receive, send)


HTML = HTMLResponse
