"""Responses: ASGI apps that send a status, headers and a body, then run background work.

One module per kind: `base` (Response and the header helpers), `plain`, `html` (pages, error
pages, templates), `json`, `redirect`, `streaming` and `file`.
"""

from lilya.responses.base import (
    AsyncContentStream,
    Content,
    ContentStream,
    Response,
    SyncContentStream,
)
from lilya.responses.file import File, FileResponse
from lilya.responses.html import HTML, Error, HTMLResponse, TemplateResponse
from lilya.responses.json import JSON, JSONResponse, Ok, make_response
from lilya.responses.plain import PlainText
from lilya.responses.redirect import Redirect, RedirectResponse
from lilya.responses.streaming import Streaming, StreamingResponse

__all__ = [
    "HTML",
    "JSON",
    "AsyncContentStream",
    "Content",
    "ContentStream",
    "Error",
    "File",
    "FileResponse",
    "HTMLResponse",
    "JSONResponse",
    "Ok",
    "PlainText",
    "Redirect",
    "RedirectResponse",
    "Response",
    "Streaming",
    "StreamingResponse",
    "SyncContentStream",
    "TemplateResponse",
    "make_response",
]
