"""Starting ptpython with the shell's namespace."""

from __future__ import annotations

import importlib
import os
import typing

from lilya.cli.directives.operations.shell.utils import import_objects

__all__ = ["get_ptpython", "vi_mode"]


def vi_mode() -> typing.Any:
    """True when the user asked for vi key bindings (EDITOR mentions vi)."""
    editor = os.environ.get("EDITOR", "")
    return "vi" in os.path.basename(editor)


def get_ptpython(app: typing.Any, options: typing.Any = None) -> typing.Any:
    """A callable that starts ptpython with `app` and Lilya's common names loaded."""

    def run_ptpython() -> None:
        repl = importlib.import_module("ptpython.repl")
        repl.embed(globals=import_objects(app), vi_mode=vi_mode())

    return run_ptpython
