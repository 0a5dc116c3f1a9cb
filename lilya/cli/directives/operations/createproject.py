"""`lilya createproject NAME`: a new project, ready to run and to test.

The layouts are Lilya 0.7.5's: by default NAME/app.py with its tests, a Makefile and
requirements files; with --with-structure main.py, serve.py, urls.py, apps/, configs/ (settings
per environment) and tests/ in the NAME package.
"""

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
from lilya.crypto import get_random_secret_key

__all__ = ["create_project"]


@click.command(name="createproject")
@click.argument("name")
@click.option(
    "--with-structure/--simple",
    "with_structure",
    default=False,
    show_default=True,
    help="The full layout (main, urls, apps, settings per environment, tests) instead of a "
    "single app.py module.",
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
      make run                               (or:)
      lilya --app NAME.app:app runserver     (the default layout)
      lilya --app NAME.main:app runserver    (--with-structure)
    """
    check_name(name, "project")
    target = Path.cwd() / name
    ensure_absent(target)
    check_unshadowed(name, "project")
    kind = "project" if with_structure else "simple"
    folder = _deployment_folder(kind, name, deployment_folder_name) if with_deployment else ""
    context = {"name": name, "secret_key": get_random_secret_key()}
    render_tree(kind, target, context, verbosity)
    if with_deployment:
        context = deployment_context(target, name, folder)
        render_tree("deployment", target / folder, context, verbosity)
    if verbosity >= 1:
        click.echo(f"Project {name} generated successfully!")


def _deployment_folder(kind: str, name: str, folder: str) -> str:
    """Checked before anything is written, so a bad folder never leaves half a project."""
    folder = check_folder(folder)
    if folder.split("/")[0] in template_names(kind, {"name": name, "secret_key": ""}):
        raise DirectiveError(
            f"--deployment-folder-name {folder!r} clashes with a file of the new project."
        )
    return folder
