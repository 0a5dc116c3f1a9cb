"""`lilya createdeployment NAME`: Dockerfile, nginx, supervisor and gunicorn configurations."""

from __future__ import annotations

from pathlib import Path

import click

from lilya.cli.directives.operations._scaffold import check_name, render_tree, verbosity_option

__all__ = ["create_deployment"]


@click.command(name="createdeployment")
@click.argument("name")
@click.option(
    "--deployment-folder-name",
    default="deployment",
    show_default=True,
    help="Folder to create in the current one.",
)
@verbosity_option
def create_deployment(name: str, verbosity: int, deployment_folder_name: str) -> None:
    """Write deployment files for the project NAME (served as NAME.main:app) into a new
    folder, by default ./deployment."""
    check_name(name, "project")
    target = Path.cwd() / deployment_folder_name
    context = {"name": name, "folder": deployment_folder_name}
    written = render_tree("deployment", target, context, verbosity)
    if verbosity >= 1:
        click.echo(f"Deployment files for {name} ({len(written)}) in {target}.")
