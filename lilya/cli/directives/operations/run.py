"""`lilya run --directive NAME [ARGS]`: a project's own directive, inside the app's lifespan."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from difflib import get_close_matches
from enum import Enum
from typing import Any

import anyio
import click

from lilya.cli.base import BaseDirective
from lilya.cli.directives import find_custom_directives, load_custom_directive
from lilya.cli.env import (
    LILYA_DEFAULT_APP,
    CliState,
    DirectiveEnv,
    lifespan_of,
    pass_directive_env,
)
from lilya.cli.exceptions import DirectiveError

__all__ = [
    "Position",
    "execute_lifespan",
    "get_position",
    "project_directive_command",
    "run",
    "run_directive",
]

PROGRAM_NAME = "lilya run"


class Position(int, Enum):
    """Where the directive's name sits in sys.argv: `lilya --app X run NAME` (DEFAULT) or
    `lilya run NAME` (BACK), as in Lilya."""

    DEFAULT = 5
    BACK = 3


def get_position() -> int:
    """Position of the directive name in sys.argv for the way lilya was called."""
    if "--app" in sys.argv or os.environ.get(LILYA_DEFAULT_APP) is not None:
        return Position.DEFAULT
    return Position.BACK


async def execute_lifespan(
    app: Any,
    lifespan: Callable[[Any], AbstractAsyncContextManager[Any]],
    directive: BaseDirective,
    program_name: str,
    position: int,
    argv: list[str] | None = None,
) -> None:
    """Run the directive between the app's startup and shutdown."""
    async with lifespan(app):
        await directive.execute_from_command(
            sys.argv[:] if argv is None else argv, program_name, position
        )


def run_directive(env: DirectiveEnv, directive: str, directive_args: tuple[str, ...]) -> None:
    """Find the project's directive NAME and run it with its arguments; `--help` among them
    prints the directive's own help without starting the app."""
    available = find_custom_directives(env.command_path)
    found = available.get(directive)
    if found is None:
        message = f"Unknown directive {directive!r}."
        close = get_close_matches(directive, available, n=1)
        if close:
            message += f" Did you mean {close[0]!r}?"
        elif available:
            message += f" Available: {', '.join(sorted(available))}."
        else:
            message += f" No directives/operations folder was found under {env.command_path}."
        raise DirectiveError(message)
    instance = load_custom_directive(found)
    if _asks_for_help(directive_args):
        click.echo(instance.create_parser(PROGRAM_NAME, directive).format_help(), nl=False)
        return
    argv = [PROGRAM_NAME, directive, *directive_args]
    anyio.run(execute_lifespan, env.app, lifespan_of(env.app), instance, PROGRAM_NAME, 1, argv)


def _asks_for_help(args: tuple[str, ...]) -> bool:
    before_separator = args[: args.index("--")] if "--" in args else args
    return any(arg in ("-h", "--help") for arg in before_separator) or args[:2] in (
        ("--", "-h"),
        ("--", "--help"),
    )


def project_directive_command(name: str) -> click.Command:
    """`lilya NAME ARGS`: the project's directive NAME as a command of its own."""

    @click.command(
        name=name,
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
        help=f"The project's own directive {name!r} (`lilya {name} --help` for its help).",
    )
    @click.argument("directive_args", nargs=-1, type=click.UNPROCESSED)
    @pass_directive_env()
    def command(env: DirectiveEnv, directive_args: tuple[str, ...]) -> None:
        run_directive(env, name, directive_args)

    return command


@click.command(
    name="run",
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.option(
    "-n",
    "--directive",
    "directive",
    default=None,
    help="Name of the custom directive (its file name in a directives/operations folder).",
)
@click.option(
    "-h",
    "--help",
    "show_help",
    is_flag=True,
    help="Show this message; after --directive NAME, the directive's own help.",
)
@click.argument("directive_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def run(ctx: click.Context, directive: str | None, show_help: bool, directive_args: Any) -> None:
    """Run one of the project's own directives inside the app's lifespan.

    How to run: `lilya --app <module:app> run --directive <NAME> <ARGS>`, or `lilya NAME ARGS`.

        Example: `lilya --app myproject.main:app run --directive createsuperuser --email a@b.c`

    A directive's own help: `lilya run --directive NAME --help` or `lilya NAME --help`.
    """
    if directive is None:
        if show_help:
            click.echo(ctx.get_help())
            return
        raise click.UsageError("Missing option '-n' / '--directive'.", ctx)
    args = ("--help", *directive_args) if show_help else tuple(directive_args)
    state = ctx.find_object(CliState) or CliState()
    run_directive(state.directive_env(), directive, args)
