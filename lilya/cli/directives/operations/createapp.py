"""`lilya createapp NAME`: a new app package, laid out as Lilya 0.7.5 lays it out: v1/
(controllers, schemas, urls), tests.py and a directives/operations folder."""

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

__all__ = ["apps_folder", "create_app"]


def apps_folder(cwd: Path) -> Path:
    """Where a new app goes: the project's apps package when `cwd` is a project made by
    `createproject` (its root, holding pyproject.toml and PACKAGE/apps/, or the package
    itself, holding apps/), else `cwd` itself (already inside apps/, or no project at all)."""
    if cwd.name != "apps":
        if _is_package(cwd / "apps"):
            return cwd / "apps"
        if (cwd / "pyproject.toml").is_file():
            found = sorted(child / "apps" for child in cwd.iterdir() if _is_package(child / "apps"))
            if len(found) == 1:
                return found[0]
    return cwd


def _is_package(folder: Path) -> bool:
    return (folder / "__init__.py").is_file()


@click.command(name="createapp")
@click.argument("name")
@verbosity_option
def create_app(name: str, verbosity: int) -> None:
    """Create the app NAME as a package: in the project's apps/ when run inside a project
    made by createproject (its tests then run with the project's), else in this folder."""
    check_name(name, "app")
    target = apps_folder(Path.cwd()) / name
    ensure_absent(target)
    check_unshadowed(name, "app")
    render_tree("app", target, {"name": name, "class_name": class_name(name)}, verbosity)
    if verbosity >= 1:
        click.echo(f"App {name} generated successfully!")
