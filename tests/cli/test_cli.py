from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import lilya.__main__ as lilya_main
from lilya.cli.cli import REGISTRY, LazyDirectiveGroup, load_command
from lilya.cli.exceptions import DirectiveError
from lilya.exceptions import ImproperlyConfigured
from tests.cli.conftest import FIXTURE_APP, Invoke

REPO = Path(__file__).resolve().parents[2]
OWN = ("list", "run", "runserver", "shell", "show_urls")


def test_group_help_lists_the_directives(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in OWN:
        assert name in result.output
    assert "--app" in result.output


def test_short_help_option(invoke: Invoke) -> None:
    assert invoke("-h").exit_code == 0


@pytest.mark.parametrize("name", OWN)
def test_every_directive_has_help(invoke: Invoke, name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    assert f"Usage: lilya {name}" in result.output


def test_version_option(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert "lilya, version" in result.output


def test_unknown_command_exits_2(invoke: Invoke) -> None:
    result = invoke("nosuchcommand")
    assert result.exit_code == 2
    assert "No such command 'nosuchcommand'" in result.output


def test_registry_names_the_scaffolding_directives() -> None:
    ops = "lilya.cli.directives.operations"
    assert REGISTRY["createproject"] == f"{ops}.createproject:create_project"
    assert REGISTRY["createapp"] == f"{ops}.createapp:create_app"
    assert REGISTRY["createdeployment"] == f"{ops}.createdeployment:create_deployment"


def test_registered_module_that_does_not_exist_is_no_command() -> None:
    assert load_command("lilya.cli.directives.operations.not_there:thing") is None


def test_registered_attribute_that_is_not_a_command_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="is not a click command"):
        load_command("lilya.cli.directives.operations.run:get_position")


def test_broken_directive_module_is_not_hidden() -> None:
    with pytest.raises(ModuleNotFoundError):
        load_command("lilya.cli.directives.no_package.x:y")


def test_group_runs_its_own_commands_and_registry_entries() -> None:
    @click.command()
    def hello() -> None:
        click.echo("hello")

    group = LazyDirectiveGroup(
        name="g",
        commands={"hello": hello},
        registry={"runs": "lilya.cli.directives.operations.run:run"},
        aliases={"hi": "hello"},
    )
    runner = CliRunner()
    assert runner.invoke(group, ["hi"]).output == "hello\n"
    assert "runs" in runner.invoke(group, ["--help"]).output


def test_directive_errors_become_messages_with_their_exit_code() -> None:
    @click.command()
    def fails() -> None:
        raise DirectiveError("cannot do that", returncode=4)

    group = LazyDirectiveGroup(name="g", commands={"fails": fails}, registry={})
    result = CliRunner().invoke(group, ["fails"])
    assert result.exit_code == 4
    assert result.output == "Error: cannot do that\n"


def test_configuration_errors_become_messages() -> None:
    @click.command()
    def misconfigured() -> None:
        raise ImproperlyConfigured(detail="LILYA_SETTINGS_MODULE is wrong")

    group = LazyDirectiveGroup(name="g", commands={"m": misconfigured}, registry={})
    result = CliRunner().invoke(group, ["m"])
    assert result.exit_code == 1
    assert result.output == "Error: LILYA_SETTINGS_MODULE is wrong\n"


def test_global_settings_option_is_checked(invoke: Invoke) -> None:
    result = invoke("--settings", "not a path", "--app", FIXTURE_APP, "show_urls")
    assert result.exit_code == 2
    assert "is not a 'package.module.ClassName' path" in result.output


def test_importing_the_cli_is_cheap() -> None:
    code = (
        "import sys, lilya.cli.cli; "
        "print(sorted(m for m in ('uvicorn', 'rich', 'lilya.apps') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_python_dash_m_lilya_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lilya", "--app", "nowhere_xyz:app", "show_urls"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: --app: cannot import module 'nowhere_xyz': no such module "
        f"(looked in {REPO} and on sys.path)."
    )


def test_run_cli_without_click_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "lilya.cli.cli")
    monkeypatch.setitem(sys.modules, "click", None)
    with pytest.raises(SystemExit) as info:
        lilya_main.run_cli()
    assert info.value.code == 1
    assert "`cli` extra of lilya-toolkit" in capsys.readouterr().err


def test_run_cli_reraises_other_missing_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "lilya.cli.cli")
    monkeypatch.setitem(sys.modules, "lilya.cli.env", None)
    with pytest.raises(ModuleNotFoundError):
        lilya_main.run_cli()


def test_run_cli_invokes_the_group(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["lilya", "--help"])
    with pytest.raises(SystemExit) as info:
        lilya_main.run_cli()
    assert info.value.code == 0
