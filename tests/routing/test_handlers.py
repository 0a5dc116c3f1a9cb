from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

from lilya.context import Context
from lilya.requests import Request
from lilya.routing import Path, Router

ClientFactory = Callable[..., Any]


def test_context_injection_needs_no_import_of_lilya_context_by_routing() -> None:
    """Routing recognises a Context by its class: importing lilya.routing alone neither imports
    lilya.context nor stops a handler annotated with it from receiving one."""
    program = textwrap.dedent(
        """
        import sys
        from lilya.routing import Path, Router
        assert "lilya.context" not in sys.modules, "routing imported lilya.context"
        from lilya.context import Context
        from lilya.testclient import TestClient

        def handler(context: Context) -> dict:
            return {"path": context.request.url.path}

        with TestClient(Router([Path("/here", handler)])) as client:
            print(client.get("/here").json()["path"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/here"


class TaggedContext(Context):
    tag = "tagged"


def test_handler_annotated_with_a_context_subclass_receives_that_subclass(
    test_client_factory: ClientFactory,
) -> None:
    def handler(context: TaggedContext) -> dict[str, str]:
        return {"class": type(context).__name__, "tag": context.tag}

    client = test_client_factory(Router([Path("/", handler)]))
    assert client.get("/").json() == {"class": "TaggedContext", "tag": "tagged"}


def test_context_is_recognised_when_another_annotation_cannot_be_resolved(
    test_client_factory: ClientFactory,
) -> None:
    def handler(request: Request, context: Context, extra: NotImportable = None) -> str:  # type: ignore[name-defined]  # noqa: F821
        return type(context).__name__

    client = test_client_factory(Router([Path("/", handler)]))
    assert client.get("/").json() == "Context"
