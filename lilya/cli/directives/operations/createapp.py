"""`lilya createapp NAME`: a new app package (controllers, urls, tests, directives)."""

from __future__ import annotations

from pathlib import Path

import click

from lilya.cli.directives.operations._scaffold import (
    check_name,
    check_unshadowed,
    class_name,
    ensure_absent,
    render_tree,
    verbosity_option,
)

__all__ = ["create_app"]


@click.command(name="createapp")
@click.argument("name")
@verbosity_option
def create_app(name: str, verbosity: int) -> None:
    """Create the app NAME as a package in the current folder (e.g. inside your apps/)."""
    check_name(name, "app")
    target = Path.cwd() / name
    ensure_absent(target)
    check_unshadowed(name, "app")
    written = render_tree("app", target, {"name": name, "class_name": class_name(name)}, verbosity)
    if verbosity >= 1:
        click.echo(f"App {name} created ({len(written)} files) in {target}.")
