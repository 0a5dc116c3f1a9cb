"""`lilya createdeployment NAME`: Dockerfile, nginx, supervisor and gunicorn configurations."""

from __future__ import annotations

from pathlib import Path

import click

from lilya.cli.directives.operations._scaffold import (
    check_folder,
    check_name,
    deployment_context,
    ensure_absent,
    render_tree,
    verbosity_option,
)

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
    """Write deployment files for the project NAME into a new folder, by default ./deployment.

    Run it from the project root: the app is served as NAME.main:app, or NAME.app:app for a
    project created without --with-structure.
    """
    # NAME is the project being deployed: unlike createproject, it may well be importable.
    check_name(name, "project")
    folder = check_folder(deployment_folder_name)
    target = Path.cwd() / folder
    ensure_absent(target)
    context = deployment_context(Path.cwd(), name, folder)
    render_tree("deployment", target, context, verbosity)
    if verbosity >= 1:
        click.echo(f"Deployment for {name} generated successfully!")
