"""`lilya list`: every directive, built-in and the project's own, with its help."""

from __future__ import annotations

import os
import sys

import click
from rich.console import Console
from rich.table import Table

from lilya.cli.directives import find_custom_directives, load_custom_directive
from lilya.cli.env import DirectiveEnv, pass_directive_env
from lilya.cli.exceptions import DirectiveError

__all__ = ["list"]


def _builtin_rows(ctx: click.Context) -> dict[str, str]:
    group = ctx.parent.command if ctx.parent is not None else None
    rows: dict[str, str] = {}
    if isinstance(group, click.Group):
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is not None:
                rows[name] = command.get_short_help_str(limit=80)
    return rows


def _short_path(location: str) -> str:
    relative = os.path.relpath(location)
    return location if relative.startswith("..") else relative


@click.command(name="list")
@pass_directive_env(required=False)
def list(env: DirectiveEnv) -> None:
    """List every directive: Lilya's own and the project's (found next to the app).

    How to run: `lilya list` (or `lilya --app myproject.main:app list`).
    """
    ctx = click.get_current_context()
    console = Console() if sys.stdout.isatty() else Console(width=160)
    table = Table(title="Lilya directives", title_justify="left", show_lines=False)
    table.add_column("Directive", style="cyan", no_wrap=True)
    table.add_column("Source", style="magenta")
    table.add_column("Help")
    for name, help_text in _builtin_rows(ctx).items():
        table.add_row(name, "lilya", help_text)
    custom = find_custom_directives(env.command_path) if env.app is not None else {}
    for name, directive in custom.items():
        try:
            help_text = load_custom_directive(directive).help
        except DirectiveError as exc:
            help_text = f"[red]{exc.detail}[/red]"
        table.add_row(name, _short_path(directive.location), help_text)
    console.print(table)
    if env.app is None:
        console.print(
            "No application found, so only Lilya's own directives are listed; pass --app "
            "'module:attribute' to include the project's directives."
        )
