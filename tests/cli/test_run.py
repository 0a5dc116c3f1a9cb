from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lilya.cli.directives.operations.run import Position, get_position
from tests.cli.conftest import FIXTURE_APP, SIMPLE_APP, Invoke, ProjectFactory
from tests.cli.fixtures.project import main as fixture_main


def test_sync_directive_runs_with_its_arguments(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "--directive", "greet", "--name", "Ann")
    assert result.exit_code == 0, result.output
    assert "hello Ann" in result.output


def test_directive_runs_inside_the_app_lifespan(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "-n", "greet", "--name", "Ann", "--times", "2")
    assert result.output.count("hello Ann") == 2
    assert "events during run: startup" in result.output
    assert fixture_main.EVENTS == ["startup", "shutdown"]


def test_async_directive_with_positional_arguments(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "-n", "count", "a", "b", "c")
    assert result.exit_code == 0, result.output
    assert "3 arguments" in result.output


def test_unknown_directive_suggests_a_close_name(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "-n", "gret")
    assert result.exit_code == 1
    assert "Unknown directive 'gret'. Did you mean 'greet'?" in result.output
    assert "Traceback" not in result.output


def test_unknown_directive_lists_available_ones(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "-n", "zzzzzz")
    assert result.exit_code == 1
    assert "Available: count, greet" in result.output


def test_unknown_directive_without_directives_folder(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({"main.py": SIMPLE_APP})
    result = invoke("run", "--directive", "anything")
    assert result.exit_code == 1
    assert "No directives/operations folder was found" in result.output


def test_bad_directive_arguments_exit_2_with_usage(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "-n", "greet")
    assert result.exit_code == 2
    assert "the following arguments are required: --name" in result.output
    assert "usage: lilya run greet" in result.output


def test_directive_name_is_required(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run")
    assert result.exit_code == 2
    assert "Missing option '-n' / '--directive'" in result.output


def test_run_without_an_app_is_a_clear_error(invoke: Invoke, make_project: ProjectFactory) -> None:
    make_project({})
    result = invoke("run", "-n", "greet")
    assert result.exit_code == 1
    assert "No Lilya application found" in result.output


def test_directive_discovered_in_a_scanned_project(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project(
        {
            "shop/__init__.py": "",
            "shop/main.py": SIMPLE_APP,
            "shop/apps/orders/directives/operations/close_orders.py": """
            from lilya.cli import BaseDirective

            class CloseOrders(BaseDirective):
                help = "Closes orders."

                def handle(self, *args, **options):
                    return "orders closed"
            """,
        }
    )
    result = invoke("run", "-n", "close_orders")
    assert result.exit_code == 0, result.output
    assert "orders closed" in result.output


def test_directive_loaded_by_file_when_not_importable(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project(
        {
            "main.py": SIMPLE_APP,
            "my-tools/directives/operations/ping.py": """
            from lilya.cli import BaseDirective

            class Directive(BaseDirective):
                def handle(self, *args, **options):
                    return "pong"
            """,
        }
    )
    result = invoke("run", "-n", "ping")
    assert result.exit_code == 0, result.output
    assert "pong" in result.output


def test_directive_module_without_directive_class(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({"main.py": SIMPLE_APP, "directives/operations/empty.py": "x = 1\n"})
    result = invoke("run", "-n", "empty")
    assert result.exit_code == 1
    assert "defines no BaseDirective subclass" in result.output


def test_directive_module_failing_to_import(invoke: Invoke, make_project: ProjectFactory) -> None:
    make_project({"main.py": SIMPLE_APP, "directives/operations/bad.py": "1/0\n"})
    result = invoke("run", "-n", "bad")
    assert result.exit_code == 1
    assert "Directive 'bad'" in result.output
    assert "ZeroDivisionError" in result.output


def test_directive_that_cannot_be_instantiated(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project(
        {
            "main.py": SIMPLE_APP,
            "directives/operations/needy.py": """
            from lilya.cli import BaseDirective

            class Directive(BaseDirective):
                def __init__(self, required):
                    pass

                def handle(self, *args, **options):
                    return None
            """,
        }
    )
    result = invoke("run", "-n", "needy")
    assert result.exit_code == 1
    assert "Directive 'needy' cannot be created" in result.output


def test_private_modules_are_not_directives(invoke: Invoke, make_project: ProjectFactory) -> None:
    make_project({"main.py": SIMPLE_APP, "directives/operations/_helpers.py": "x = 1\n"})
    result = invoke("run", "-n", "_helpers")
    assert result.exit_code == 1
    assert "Unknown directive" in result.output


def test_run_help(invoke: Invoke) -> None:
    result = invoke("run", "--help")
    assert result.exit_code == 0
    assert "--directive" in result.output


def test_get_position_depends_on_the_app_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["lilya", "--app", "m:app", "run", "x"])
    assert get_position() == Position.DEFAULT
    monkeypatch.setattr(sys, "argv", ["lilya", "run", "x"])
    assert get_position() == Position.BACK


def test_directive_help_after_double_dash(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "run", "-n", "greet", "--", "--help")
    assert result.exit_code == 0
    assert "usage: lilya run greet" in result.output
    assert "Greets someone by name." in result.output


def test_directive_help_after_the_directive_name(invoke: Invoke) -> None:
    """`lilya run --directive NAME --help` (the documented form) shows the directive's help,
    not run's."""
    result = invoke("--app", FIXTURE_APP, "run", "--directive", "greet", "--help")
    assert result.exit_code == 0, result.output
    assert "usage: lilya run greet" in result.output
    assert "Greets someone by name." in result.output


def test_directive_help_does_not_start_the_app(invoke: Invoke) -> None:
    fixture_main.EVENTS.clear()
    assert invoke("--app", FIXTURE_APP, "run", "-n", "greet", "-h").exit_code == 0
    assert fixture_main.EVENTS == []


def test_a_project_directive_is_a_command_of_its_own(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "greet", "--name", "Ann")
    assert result.exit_code == 0, result.output
    assert "hello Ann" in result.output


def test_a_project_directive_has_its_own_help(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "greet", "--help")
    assert result.exit_code == 0, result.output
    assert "Greets someone by name." in result.output


@pytest.mark.parametrize("name", ["nosuchdirective", "no-such", "-x"])
def test_a_name_that_is_no_directive_is_no_such_command(invoke: Invoke, name: str) -> None:
    result = invoke("--app", FIXTURE_APP, name)
    assert result.exit_code == 2
    assert "No such" in result.output


def test_a_name_without_an_app_is_no_such_command(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({})
    result = invoke("greet")
    assert result.exit_code == 2
    assert "No such command 'greet'" in result.output


_PING = """
from lilya.cli import BaseDirective

class Directive(BaseDirective):
    def handle(self, *args, **options):
        print("pong from", __name__)
"""


def test_directives_anywhere_under_the_current_folder_are_found(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    """Lilya 0.7.5 searches the folder the command runs in, not only the app's package, and
    takes any `operations` folder."""
    make_project(
        {
            "shop/__init__.py": "",
            "shop/main.py": SIMPLE_APP,
            "tools/__init__.py": "",
            "tools/directives/__init__.py": "",
            "tools/directives/operations/__init__.py": "",
            "tools/directives/operations/ping.py": _PING,
            "jobs/operations/nightly.py": _PING,
        }
    )
    result = invoke("--app", "shop.main:app", "run", "-n", "ping")
    assert result.exit_code == 0, result.output
    assert "pong from tools.directives.operations.ping" in result.output
    listing = invoke("--app", "shop.main:app", "directives").output
    assert "[application]\n    nightly\n    ping\n" in listing


def test_lilyas_own_operations_are_not_the_projects(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a folder holding lilya's source, createproject and the like are not listed as
    the project's directives."""
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = invoke("--app", FIXTURE_APP, "directives")
    application = result.output.split("[application]\n", 1)[1].split("\n\n", 1)[0]
    assert "createproject" not in application
