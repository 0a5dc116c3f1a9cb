from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

from lilya.context import Context
from lilya.requests import Request
from lilya.routing import Path, Router, WebSocketPath
from lilya.websockets import WebSocket

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


def _count_signature_reads(monkeypatch: Any) -> list[object]:
    import lilya.routing._handlers as handlers

    reads: list[object] = []
    read = handlers._signature

    def counting(handler: Any) -> Any:
        reads.append(handler)
        return read(handler)

    monkeypatch.setattr(handlers, "_signature", counting)
    return reads


def test_http_route_reads_its_handler_signature_once(monkeypatch: Any) -> None:
    reads = _count_signature_reads(monkeypatch)

    async def handler(request: Request) -> str:
        return "ok"

    Path("/", handler)
    assert reads == [handler]


def test_websocket_route_reads_its_handler_signature_once(monkeypatch: Any) -> None:
    """The route's analysis is the one its session app binds with (it was made twice)."""
    reads = _count_signature_reads(monkeypatch)

    async def handler(websocket: WebSocket) -> None:
        await websocket.close()

    WebSocketPath("/ws", handler)
    assert reads == [handler]
