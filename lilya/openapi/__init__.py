"""OpenAPI 3.1 documents built from an application's routes, and an offline docs page.

Enable it with `Lilya(openapi=OpenAPIConfig(title=..., version=...))` or `openapi=True`.
"""

from __future__ import annotations

from lilya.openapi.config import OpenAPIConfig
from lilya.openapi.document import build_document
from lilya.openapi.operations import OperationInfo, ResponseInfo, operation

__all__ = ["OpenAPIConfig", "OperationInfo", "ResponseInfo", "build_document", "operation"]
