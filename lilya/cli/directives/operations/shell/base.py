"""`lilya shell`: an interactive console with the app, its settings and Lilya's common names,
run between the app's startup and shutdown."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

import anyio
import anyio.from_thread
import anyio.to_thread
import click

from lilya.cli.directives.operations.shell.enums import ShellOption
from lilya.cli.directives.operations.shell.ipython import get_ipython
from lilya.cli.directives.operations.shell.ptpython import get_ptpython
from lilya.cli.directives.operations.shell.utils import import_objects, welcome_message
from lilya.cli.env import DirectiveEnv, lifespan_of, pass_directive_env

__all__ = ["get_shell", "handle_lifespan_events", "run_shell", "shell"]

LifespanFactory = Callable[[Any], AbstractAsyncContextManager[Any]]

_KERNEL_MODULES = {ShellOption.IPYTHON: "IPython", ShellOption.PTPYTHON: "ptpython"}


def handle_lifespan_events(
    on_startup: Sequence[Callable[..., Any]] | None = None,
    on_shutdown: Sequence[Callable[..., Any]] | None = None,
    lifespan: Any | None = None,
) -> Any:
    """A lifespan factory (app -> async context manager) running these events or `lifespan`."""
    from lilya.routing._lifespan import LifespanHandler

    return LifespanHandler(on_startup, on_shutdown, lifespan).context


def python_console(app: Any, options: Any = None) -> Callable[[], None]:
    """The standard interactive console, with tab completion where readline exists."""

    def run_python() -> None:
        import code

        namespace = import_objects(app)
        try:
            import readline
            import rlcompleter

            readline.set_completer(rlcompleter.Completer(namespace).complete)
            readline.parse_and_bind("tab: complete")
        except ImportError:  # pragma: no cover - platforms without readline
            pass
        code.interact(banner="", local=namespace, exitmsg="")

    return run_python


def get_shell(app: Any, kernel: str) -> tuple[ShellOption, Callable[[], None]]:
    """The shell to start: `kernel` when it is installed, else the standard console."""
    option = ShellOption(kernel)
    module = _KERNEL_MODULES.get(option)
    if module is not None and importlib.util.find_spec(module) is None:
        click.secho(f"{module} is not installed; starting the standard Python shell.", fg="yellow")
        option = ShellOption.PYTHON
    if option is ShellOption.IPYTHON:
        return option, get_ipython(app)
    if option is ShellOption.PTPYTHON:
        return option, get_ptpython(app)
    return option, python_console(app)


async def run_shell(app: Any, lifespan: Any, kernel: str) -> None:
    """Run the shell (in a worker thread, so the loop keeps serving background tasks) inside
    the app's lifespan."""
    _, start = get_shell(app, kernel)
    async with lifespan(app):
        welcome_message(app)
        await anyio.to_thread.run_sync(start)


@click.command(name="shell")
@click.option(
    "--kernel",
    default=ShellOption.IPYTHON.value,
    show_default=True,
    type=click.Choice([option.value for option in ShellOption]),
    help="Which shell to start; falls back to the standard Python shell when not installed.",
)
@pass_directive_env()
def shell(env: DirectiveEnv, kernel: str) -> None:
    """Start an interactive shell with the app, its settings and Lilya's common names loaded.

    The app's startup handlers run before the shell opens and its shutdown handlers after it
    closes.

    How to run: `lilya --app myproject.main:app shell --kernel ptpython`
    """
    _, start = get_shell(env.app, kernel)
    lifespan = lifespan_of(env.app)
    # The shell keeps the main thread (signals, terminal); the app's lifespan runs in an event
    # loop beside it for the shell's whole life.
    with (
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(lifespan(env.app)),
    ):
        welcome_message(env.app)
        start()
