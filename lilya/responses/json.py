"""JSON responses: any encodable value as compact UTF-8 JSON through lilya.encoders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lilya import status
from lilya.background import Task
from lilya.encoders import json_encode
from lilya.enums import MediaType
from lilya.responses.base import Encoders, Response

__all__ = ["JSON", "JSONResponse", "Ok", "make_response"]


class JSONResponse(Response):
    """`content` encoded as compact UTF-8 JSON through lilya.encoders (None gives `null`)."""

    media_type = MediaType.JSON.value

    def __init__(
        self,
        content: Any,
        status_code: int = status.HTTP_200_OK,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Encoders | None = None,
    ) -> None:
        # Positional: measurably cheaper than keywords on a path every JSON response takes.
        super().__init__(content, status_code, headers, None, media_type, background, encoders)

    def make_response(self, content: Any) -> bytes:
        return json_encode(content, self.encoders)


class Ok(JSONResponse):
    """A 200 JSON response: what handlers returning plain values send."""


def make_response(
    content: Any,
    response_class: type[Response] = JSONResponse,
    status_code: int = status.HTTP_200_OK,
    headers: Mapping[str, str] | None = None,
    background: Task | None = None,
    encoders: Encoders | None = None,
) -> Response:
    """Build a JSON response (or `response_class`) for any encodable `content`."""
    return response_class(
        content=content,
        status_code=status_code,
        headers=headers,
        media_type=MediaType.JSON,
        background=background,
        encoders=encoders,
    )


JSON = JSONResponse
