"""`lilya directives` (also `lilya list`): the names of every directive, the project's own and
Lilya's, printed as Lilya 0.7.5 prints them."""

from __future__ import annotations

import builtins

import click

from lilya.cli.directives import find_custom_directives
from lilya.cli.env import DirectiveEnv, pass_directive_env

__all__ = ["list"]

# Commands of the group that are not directives in Lilya's listing.
_NOT_LISTED = frozenset({"directives", "list", "run", "shell"})


def _builtin_names(ctx: click.Context) -> builtins.list[str]:
    group = ctx.parent.command if ctx.parent is not None else None
    if not isinstance(group, click.Group):
        return []
    return sorted(name for name in group.list_commands(ctx) if name not in _NOT_LISTED)


@click.command(name="list")
@pass_directive_env(required=False)
def list(env: DirectiveEnv) -> None:
    """List every directive: the project's own (found next to the app) and Lilya's.

    How to run: `lilya directives` (or `lilya --app myproject.main:app directives`).
    """
    ctx = click.get_current_context()
    lines = [
        "",
        "Type '<directive> <subcommand> --help' for help on a specific subcommand.",
        "",
        "Available directives:",
        "",
    ]
    custom = sorted(find_custom_directives(env.command_path)) if env.app is not None else []
    if custom:
        lines.append("[application]")
        lines.extend(f"    {name}" for name in custom)
        lines.append("")
    lines.append("[lilya]")
    lines.extend(f"    {name}" for name in _builtin_names(ctx))
    click.echo("\n".join(lines))
