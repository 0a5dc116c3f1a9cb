"""`lilya createproject NAME`: a new project, ready to run and to test."""

from __future__ import annotations

from pathlib import Path

import click

from lilya.cli.directives.operations._scaffold import check_name, render_tree, verbosity_option

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
    context = {"name": name, "folder": deployment_folder_name}
    written = render_tree("project" if with_structure else "simple", target, context, verbosity)
    if with_deployment:
        written += render_tree("deployment", target / deployment_folder_name, context, verbosity)
    if verbosity >= 1:
        layout = "full" if with_structure else "simple"
        click.echo(f"Project {name} created ({layout} layout, {len(written)} files) in {target}.")
