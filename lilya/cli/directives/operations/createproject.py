"""`lilya createproject NAME`: a new project, ready to run and to test."""

from __future__ import annotations

from pathlib import Path

import click

from lilya.cli.directives.operations._scaffold import (
    check_folder,
    check_name,
    check_unshadowed,
    deployment_context,
    ensure_absent,
    render_tree,
    template_names,
    verbosity_option,
)
from lilya.cli.exceptions import DirectiveError

__all__ = ["create_project"]


@click.command(name="createproject")
@click.argument("name")
@click.option(
    "--with-structure/--simple",
    "with_structure",
    default=True,
    show_default=True,
    help="The full layout (apps, urls, settings per environment, tests) or a single module.",
)
@click.option(
    "--with-deployment",
    is_flag=True,
    default=False,
    help="Also write Dockerfile, nginx, supervisor and gunicorn configurations.",
)
@click.option(
    "--deployment-folder-name",
    default="deployment",
    show_default=True,
    help="Folder (inside the project) for the deployment files.",
)
@verbosity_option
def create_project(
    name: str,
    verbosity: int,
    with_deployment: bool,
    deployment_folder_name: str,
    with_structure: bool,
) -> None:
    """Create the project NAME in a new folder NAME under the current one.

    \b
    Then:
      cd NAME && pytest
      lilya --app NAME.main:app runserver    (full layout)
      lilya runserver                        (--simple)
    """
    check_name(name, "project")
    target = Path.cwd() / name
    ensure_absent(target)
    check_unshadowed(name, "project")
    kind = "project" if with_structure else "simple"
    folder = _deployment_folder(kind, name, deployment_folder_name) if with_deployment else ""
    written = render_tree(kind, target, {"name": name}, verbosity)
    if with_deployment:
        context = deployment_context(target, name, folder)
        written += render_tree("deployment", target / folder, context, verbosity)
    if verbosity >= 1:
        layout = "full" if with_structure else "simple"
        click.echo(f"Project {name} created ({layout} layout, {len(written)} files) in {target}.")


def _deployment_folder(kind: str, name: str, folder: str) -> str:
    """Checked before anything is written, so a bad folder never leaves half a project."""
    folder = check_folder(folder)
    if folder.split("/")[0] in template_names(kind, {"name": name}):
        raise DirectiveError(
            f"--deployment-folder-name {folder!r} clashes with a file of the new project."
        )
    return folder
