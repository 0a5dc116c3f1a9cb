from __future__ import annotations

from tests.cli.conftest import FIXTURE_APP, SIMPLE_APP, Invoke, ProjectFactory


def test_lists_builtin_directives_with_their_help(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "list")
    assert result.exit_code == 0, result.output
    for name in ("list", "run", "runserver", "shell", "show_urls"):
        assert name in result.output
    assert "Start the development server" in result.output


def test_lists_the_projects_own_directives(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "list")
    assert "greet" in result.output
    assert "Greets someone by name." in result.output
    assert "Counts its arguments." in result.output


def test_without_an_app_lists_builtins_and_says_why(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({})
    result = invoke("list")
    assert result.exit_code == 0
    assert "runserver" in result.output
    assert "No application found" in result.output


def test_broken_custom_directive_is_listed_with_its_error(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({"main.py": SIMPLE_APP, "directives/operations/broken.py": "1/0\n"})
    result = invoke("list")
    assert result.exit_code == 0
    assert "broken" in result.output
    assert "ZeroDivisionError" in result.output


def test_directives_is_an_alias_of_list(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "directives")
    assert result.exit_code == 0
    assert "greet" in result.output


def test_list_help(invoke: Invoke) -> None:
    result = invoke("list", "--help")
    assert result.exit_code == 0
    assert "List every directive" in result.output
