"""Starting IPython with the shell's namespace."""

from __future__ import annotations

import importlib
import typing

from lilya.cli.directives.operations.shell.utils import import_objects

__all__ = ["get_ipython", "get_ipython_arguments"]


def get_ipython_arguments(options: typing.Any = None) -> typing.Any:
    """Command-line arguments for IPython, from IPYTHON_ARGUMENTS (split like a shell)."""
    import os
    import shlex

    raw = os.environ.get("IPYTHON_ARGUMENTS", "")
    return shlex.split(raw) if raw else []


def get_ipython(app: typing.Any, options: typing.Any = None) -> typing.Any:
    """A callable that starts IPython with `app` and Lilya's common names loaded."""

    def run_ipython() -> None:
        ipython = importlib.import_module("IPython")
        ipython.start_ipython(argv=get_ipython_arguments(options), user_ns=import_objects(app))

    return run_ipython
