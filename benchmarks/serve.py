"""The contenders as importable ASGI apps, for a server: `uvicorn benchmarks.serve:lilya`.

Each is built on first access, so serving lilya never imports Starlette or a peer.
"""

from __future__ import annotations

from typing import Any

from benchmarks.apps import BUILDERS
from benchmarks.peers import PEER_BUILDERS


def __getattr__(name: str) -> Any:
    builder = BUILDERS.get(name) or PEER_BUILDERS.get(name)
    if builder is None:
        raise AttributeError(name)
    app = builder("main")
    globals()[name] = app
    return app
