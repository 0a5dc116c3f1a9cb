from __future__ import annotations

from tests.cli.conftest import FIXTURE_APP, SIMPLE_APP, Invoke, ProjectFactory


def test_lists_builtin_directives_as_lilya_does(invoke: Invoke) -> None:
    """Lilya 0.7.5 lists createapp, createdeployment, createproject, runserver and show_urls
    under [lilya], after a line on how to get help."""
    result = invoke("--app", FIXTURE_APP, "list")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "\nType '<directive> <subcommand> --help' for help on a specific subcommand.\n"
        "\nAvailable directives:\n\n"
    )
    assert result.output.endswith(
        "[lilya]\n    createapp\n    createdeployment\n    createproject\n"
        "    runserver\n    show_urls\n"
    )


def test_lists_the_projects_own_directives_first(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "list")
    application = result.output.split("[application]\n", 1)[1].split("\n\n", 1)[0]
    names = [line.strip() for line in application.splitlines()]
    assert "greet" in names
    assert names == sorted(names)


def test_without_an_app_lists_only_lilyas(invoke: Invoke, make_project: ProjectFactory) -> None:
    make_project({})
    result = invoke("list")
    assert result.exit_code == 0
    assert "[application]" not in result.output
    assert "    runserver\n" in result.output


def test_broken_custom_directive_is_listed_by_name(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({"main.py": SIMPLE_APP, "directives/operations/broken.py": "1/0\n"})
    result = invoke("list")
    assert result.exit_code == 0
    assert "[application]\n    broken\n" in result.output


def test_directives_is_an_alias_of_list(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "directives")
    assert result.exit_code == 0
    assert "greet" in result.output


def test_list_help(invoke: Invoke) -> None:
    result = invoke("list", "--help")
    assert result.exit_code == 0
    assert "List every directive" in result.output
