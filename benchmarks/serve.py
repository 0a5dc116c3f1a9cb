"""The three contenders as importable ASGI apps, for a server: `uvicorn benchmarks.serve:lilya`.

Each is built on first access, so serving lilya never imports Starlette.
"""

from __future__ import annotations

from typing import Any

from benchmarks.apps import BUILDERS


def __getattr__(name: str) -> Any:
    if name not in BUILDERS:
        raise AttributeError(name)
    app = BUILDERS[name]("main")
    globals()[name] = app
    return app
