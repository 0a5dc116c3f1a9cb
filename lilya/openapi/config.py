"""Serving the OpenAPI document and an offline docs page (Swagger UI shipped with lilya).

`Lilya(openapi=OpenAPIConfig(...))` (or `openapi=True`) adds three routes, left out of the
document: the document itself (default `/openapi.json`), the docs page (default `/docs`) and
the page's assets below it. The document is built on its first request and kept.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from lilya.exceptions import NotFound
from lilya.openapi.document import build_document
from lilya.requests import Request
from lilya.responses import HTMLResponse, Response
from lilya.routing import BasePath, Path

__all__ = ["OpenAPIConfig"]

# The vendored Swagger UI files (swagger-ui-dist, Apache-2.0: see static/LICENSE, NOTICE).
_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "init.js": "text/javascript; charset=utf-8",
    "LICENSE": "text/plain; charset=utf-8",
}


@dataclass
class OpenAPIConfig:
    """Where and how an app serves its OpenAPI document and docs page.

    `docs_url=None` serves the document alone; `tags`/`servers` are copied into the document.
    """

    title: str = "Lilya"
    version: str = "0.1.0"
    description: str | None = None
    openapi_url: str = "/openapi.json"
    docs_url: str | None = "/docs"
    tags: Sequence[dict[str, Any]] | None = None
    servers: Sequence[dict[str, Any]] | None = None
    _document: bytes | None = field(default=None, init=False, repr=False)

    def document(self, routes: Sequence[BasePath]) -> dict[str, Any]:
        """The document of these routes (built anew; the served one is built once)."""
        return build_document(
            routes,
            title=self.title,
            version=self.version,
            description=self.description,
            tags=self.tags,
            servers=self.servers,
        )

    def routes(self, app: Any) -> list[BasePath]:
        """The routes serving the document, the docs page and its assets for `app`."""

        async def openapi_document(request: Request) -> Response:
            if self._document is None:
                self._document = json.dumps(self.document(app.routes)).encode()
            return Response(self._document, media_type="application/json")

        found: list[BasePath] = [
            Path(self.openapi_url, openapi_document, include_in_schema=False, name="openapi")
        ]
        docs_url = self.docs_url
        if docs_url is not None:
            openapi_url = self.openapi_url

            async def docs_page(request: Request) -> Response:
                root = request.scope.get("root_path", "")
                return HTMLResponse(_page(self.title, root + docs_url, root + openapi_url))

            async def docs_asset(request: Request) -> Response:
                name = request.path_params["asset"]
                if name not in _ASSETS:
                    raise NotFound()
                headers = {"Cache-Control": "public, max-age=86400"}
                return Response(_asset(name), media_type=_ASSETS[name], headers=headers)

            found.append(Path(docs_url, docs_page, include_in_schema=False, name="docs"))
            found.append(
                Path(
                    docs_url.rstrip("/") + "/assets/{asset}",
                    docs_asset,
                    include_in_schema=False,
                    name="docs_asset",
                )
            )
        return found


@lru_cache(maxsize=len(_ASSETS))
def _asset(name: str) -> bytes:
    return resources.files("lilya.openapi").joinpath("static").joinpath(name).read_bytes()


def _page(title: str, docs_url: str, openapi_url: str) -> str:
    assets = html.escape(docs_url.rstrip("/") + "/assets", quote=True)
    return (
        "<!doctype html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{html.escape(title)}</title>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<link rel='stylesheet' href='{assets}/swagger-ui.css'>\n</head>\n<body>\n"
        f"<div id='swagger-ui' data-url='{html.escape(openapi_url, quote=True)}'></div>\n"
        f"<script src='{assets}/swagger-ui-bundle.js'></script>\n"
        f"<script src='{assets}/init.js'></script>\n</body>\n</html>\n"
    )
