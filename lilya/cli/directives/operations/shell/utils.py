"""What the shell pre-imports and the banner it prints."""

from __future__ import annotations

import importlib
from typing import Any

import click

__all__ = ["DEFAULT_IMPORTS", "import_objects", "welcome_message"]

# module -> names brought into the shell's namespace
DEFAULT_IMPORTS: dict[str, tuple[str, ...]] = {
    "lilya.apps": ("Lilya", "ChildLilya"),
    "lilya.conf": ("settings",),
    "lilya.routing": ("Path", "WebSocketPath", "Include", "Host", "Router"),
    "lilya.requests": ("Request",),
    "lilya.responses": (
        "Response",
        "JSONResponse",
        "HTMLResponse",
        "PlainText",
        "RedirectResponse",
        "StreamingResponse",
        "FileResponse",
    ),
    "lilya.status": (),
    "lilya.exceptions": ("HTTPException", "ImproperlyConfigured"),
    "lilya.testclient": ("TestClient",),
}


def import_objects(app: Any) -> dict[Any, Any]:
    """The shell's namespace: `app`, `settings` (the app's) and Lilya's common names. A name
    whose module cannot be imported (an extra not installed) is left out."""
    namespace: dict[str, Any] = {}
    for module_path, names in DEFAULT_IMPORTS.items():
        try:
            module = importlib.import_module(module_path)
        except ImportError:
            continue
        if not names:
            namespace[module_path.rpartition(".")[2]] = module
        for name in names:
            if hasattr(module, name):
                namespace[name] = getattr(module, name)
    namespace["app"] = app
    app_settings = getattr(app, "settings", None)
    if app_settings is not None:
        namespace["settings"] = app_settings
    return namespace


def welcome_message(app: Any) -> None:
    """Print which app is loaded and what is already imported."""
    from lilya import __version__

    name = type(app).__name__ if app is not None else "no application"
    names = ", ".join(sorted(import_objects(app)))
    click.secho(f"Lilya {__version__} interactive shell, {name} loaded.", fg="green")
    click.echo(f"Available: {names}")
