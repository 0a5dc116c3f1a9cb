"""The `lilya` click group. Directive modules are imported only when their command runs (or
when help lists them), so `lilya createproject` never pays for uvicorn or the app."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from typing import Any

import click

from lilya import __version__
from lilya.cli.env import CliState
from lilya.cli.exceptions import DirectiveError
from lilya.exceptions import EnvironmentError, ImproperlyConfigured

__all__ = ["lilya"]

_OPS = "lilya.cli.directives.operations"

# name -> "module:attribute" of a click.Command
REGISTRY: dict[str, str] = {
    "createproject": f"{_OPS}.createproject:create_project",
    "createapp": f"{_OPS}.createapp:create_app",
    "createdeployment": f"{_OPS}.createdeployment:create_deployment",
    "list": f"{_OPS}.list:list",
    "run": f"{_OPS}.run:run",
    "runserver": f"{_OPS}.runserver:runserver",
    "shell": f"{_OPS}.shell:shell",
    "show_urls": f"{_OPS}.show_urls:show_urls",
}
# Other spellings accepted on the command line (Lilya 0.7.5 called `list` "directives").
ALIASES: dict[str, str] = {"directives": "list", "show-urls": "show_urls"}


class DirectiveFailed(click.ClickException):
    """A DirectiveError (or configuration error) shown as `Error: ...` with its exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it per class


def load_command(target: str) -> click.Command | None:
    """Import "module:attribute"; None when the module itself does not exist."""
    module_path, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name == module_path:
            return None
        raise
    command = getattr(module, attribute, None)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command (got {type(command).__name__}).")
    return command


class LazyDirectiveGroup(click.Group):
    """A click group whose commands come from a name -> "module:attribute" registry."""

    def __init__(
        self,
        *args: Any,
        registry: Mapping[str, str] | None = None,
        aliases: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.registry = dict(REGISTRY if registry is None else registry)
        self.aliases = dict(ALIASES if aliases is None else aliases)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.registry))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        name = self.aliases.get(cmd_name, cmd_name)
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        target = self.registry.get(name)
        if target is not None:
            return load_command(target)
        return _project_directive(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DirectiveError as exc:
            raise DirectiveFailed(exc.detail or str(exc), exc.returncode) from None
        except (ImproperlyConfigured, EnvironmentError) as exc:
            raise DirectiveFailed(_message(exc)) from None


def _project_directive(ctx: click.Context, name: str) -> click.Command | None:
    """`lilya NAME`: the project's own directive NAME, when the app can be found and has one
    (looking needs the app; a name that is no directive stays "No such command")."""
    if name.startswith("-") or not name.isidentifier():
        return None
    from lilya.cli.directives import find_custom_directives
    from lilya.cli.directives.operations.run import project_directive_command

    # Commands are resolved before the group's callback runs: the state is made here from
    # the --app option, and the callback keeps it (the app is then loaded once).
    if not isinstance(ctx.obj, CliState):
        ctx.obj = CliState(app_path=ctx.params.get("app"))
    state = ctx.obj
    try:
        command_path = state.directive_env().command_path
    except DirectiveError:
        return None
    if name not in find_custom_directives(command_path):
        return None
    return project_directive_command(name)


def _message(exc: BaseException) -> str:
    detail = getattr(exc, "detail", None)
    return str(detail) if detail else str(exc) or type(exc).__name__


def _apply_settings(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Point LILYA_SETTINGS_MODULE at `value` before any app is imported, checking it."""
    if not value:
        return value
    from lilya.conf import ENVIRONMENT_VARIABLE, load_settings_class

    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        load_settings_class(value, source=f"--{param.name}")
    except ImproperlyConfigured as exc:
        raise click.BadParameter(_message(exc), ctx=ctx, param=param) from None
    os.environ[ENVIRONMENT_VARIABLE] = value
    return value


settings_option = click.option(
    "--settings",
    "settings",
    default=None,
    metavar="MODULE.CLASS",
    expose_value=True,
    is_eager=True,
    callback=_apply_settings,
    help="Settings class to use ('package.module.ClassName'); sets LILYA_SETTINGS_MODULE.",
)


@click.group(
    cls=LazyDirectiveGroup,
    name="lilya",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--app",
    "app",
    default=None,
    metavar="MODULE:ATTR",
    help="The application, as 'module:attribute'. Default: $LILYA_DEFAULT_APP, else a "
    "scan of this folder and its sub-folders for main.py, app.py or application.py.",
)
@settings_option
@click.version_option(__version__, prog_name="lilya")
@click.pass_context
def lilya(ctx: click.Context, app: str | None, settings: str | None) -> None:
    """Lilya's command line: run the development server, inspect an application, scaffold
    projects and run a project's own directives.

    \b
    Examples:
      lilya createproject myproject
      lilya --app myproject.main:app runserver
      lilya show_urls
      lilya run --directive createsuperuser --email a@b.c
    """
    if not isinstance(ctx.obj, CliState):
        ctx.obj = CliState(app_path=app)
