"""`lilya runserver`: the development server (uvicorn) for the discovered app."""

from __future__ import annotations

import os
from typing import Any

import click

from lilya.cli.cli import settings_option
from lilya.cli.env import DirectiveEnv, pass_directive_env
from lilya.cli.exceptions import DirectiveError

__all__ = ["DEBUG_APP_VARIABLE", "debug_app", "runserver"]

# Where --debug with --reload/--workers tells the re-imported app which app to load.
DEBUG_APP_VARIABLE = "LILYA_RUNSERVER_DEBUG_APP"
_DEBUG_FACTORY = f"{__name__}:debug_app"


def debug_app() -> Any:
    """uvicorn factory for --debug with --reload or --workers: each process imports the app
    (or calls its factory, for "module:attr()" paths) and turns its debug on."""
    from lilya.routing._loading import import_string

    path = os.environ[DEBUG_APP_VARIABLE]
    is_factory = path.endswith("()")
    app = import_string(path.removesuffix("()"))
    if is_factory:
        app = app()
    app.debug = True
    return app


@click.command(name="runserver")
@click.option("--host", default="localhost", show_default=True, help="Address to bind.")
@click.option(
    "-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port."
)
@click.option(
    "-r/-R",
    "--reload/--no-reload",
    default=None,
    help="Restart on code changes; on by default, as in Lilya, unless --workers is given or the "
    "app has no import path.",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="Number of worker processes (needs the app's import path).",
)
@click.option("--debug", is_flag=True, default=False, help="Run the app in debug mode.")
@click.option(
    "--log-level",
    "log_level",
    default="debug",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug", "trace"]),
    help="uvicorn's log level.",
)
@click.option(
    "--lifespan",
    default="on",
    show_default=True,
    type=click.Choice(["auto", "on", "off"]),
    help="Run the app's startup and shutdown events.",
)
@settings_option
@pass_directive_env()
def runserver(
    env: DirectiveEnv,
    port: int,
    reload: bool | None,
    host: str,
    debug: bool,
    log_level: str,
    lifespan: str,
    settings: str | None = None,
    workers: int | None = None,
) -> None:
    """Start the development server (uvicorn) for the application.

    The app comes from --app <module:attribute>, LILYA_DEFAULT_APP or discovery. Meant for
    development; deploy behind a process manager (see `lilya createdeployment`).

    As Lilya's, it listens on localhost:8000, logs at debug level and reloads on code
    changes unless told otherwise (--no-reload).

    How to run: `lilya --app myproject.main:app runserver -p 8000`
    """
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise DirectiveError(
            "runserver needs uvicorn: install the `cli` extra of lilya-toolkit "
            "(pip install -e '.[cli]' in a checkout of lilya)."
        ) from None
    if reload is None:
        reload = workers is None and env.path is not None
    if debug:
        env.app.debug = True
    lifespan_mode: Any = lifespan  # one of click's choices
    target: Any = env.app
    factory = False
    if reload or (workers is not None and workers > 1):
        if env.path is None:
            raise DirectiveError("--reload and --workers need the app as 'module:attribute'.")
        target, factory = env.path, env.is_factory
        if debug:
            # Worker processes import the app afresh: hand them the path and let a factory
            # switch debug on there.
            os.environ[DEBUG_APP_VARIABLE] = env.path + ("()" if env.is_factory else "")
            target, factory = _DEBUG_FACTORY, True
    click.echo(f"Lilya is serving {env.path or 'the application'} on http://{host}:{port}")
    uvicorn.run(
        target,
        host=host,
        port=port,
        reload=reload,
        workers=workers,
        log_level=log_level,
        lifespan=lifespan_mode,
        factory=factory,
    )
