from __future__ import annotations

import code
import importlib.machinery
import sys
import types
from typing import Any

import pytest

from lilya.cli.directives.operations.shell import base as shell_base
from lilya.cli.directives.operations.shell.base import (
    get_shell,
    handle_lifespan_events,
    run_shell,
)
from lilya.cli.directives.operations.shell.enums import ShellOption
from lilya.cli.directives.operations.shell.ipython import get_ipython_arguments
from lilya.cli.directives.operations.shell.ptpython import vi_mode
from lilya.cli.directives.operations.shell.utils import import_objects, welcome_message
from tests.cli.conftest import FIXTURE_APP, Invoke, ProjectFactory
from tests.cli.fixtures.project import main as fixture_main


def fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attributes: Any) -> None:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    for key, value in attributes.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_python_shell_has_app_settings_and_lilya_names(invoke: Invoke) -> None:
    commands = "print(type(app).__name__, settings is app.settings)\nprint(Path, JSONResponse)\n"
    result = invoke("--app", FIXTURE_APP, "shell", "--kernel", "python", input=commands)
    assert result.exit_code == 0, result.output
    assert "Lilya True" in result.output
    assert "lilya.routing" in result.output
    assert "JSONResponse" in result.output


def test_shell_runs_inside_the_app_lifespan(invoke: Invoke) -> None:
    commands = "from tests.cli.fixtures.project.main import EVENTS\nprint('seen', EVENTS)\n"
    result = invoke("--app", FIXTURE_APP, "shell", "--kernel", "python", input=commands)
    assert "seen ['startup']" in result.output
    assert fixture_main.EVENTS == ["startup", "shutdown"]


def test_shell_prints_a_welcome_banner(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "shell", "--kernel", "python", input="")
    assert "interactive shell, Lilya loaded" in result.output


def test_missing_ipython_falls_back_to_python(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "IPython", None)
    monkeypatch.setattr(shell_base.importlib.util, "find_spec", lambda name: None)
    result = invoke("--app", FIXTURE_APP, "shell", input="print('in python', 6 * 7)\n")
    assert "IPython is not installed; starting the standard Python shell" in result.output
    assert "in python 42" in result.output


def test_ipython_kernel_gets_the_namespace(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, Any] = {}
    fake_module(monkeypatch, "IPython", start_ipython=lambda **kw: started.update(kw))
    monkeypatch.setenv("IPYTHON_ARGUMENTS", "--no-banner --quick")
    result = invoke("--app", FIXTURE_APP, "shell", "--kernel", "ipython")
    assert result.exit_code == 0, result.output
    assert started["user_ns"]["app"] is fixture_main.app
    assert started["argv"] == ["--no-banner", "--quick"]


def test_ptpython_kernel_gets_the_namespace(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded: dict[str, Any] = {}
    fake_module(monkeypatch, "ptpython")
    fake_module(monkeypatch, "ptpython.repl", embed=lambda **kw: embedded.update(kw))
    monkeypatch.setenv("EDITOR", "/usr/bin/vim")
    result = invoke("--app", FIXTURE_APP, "shell", "--kernel", "ptpython")
    assert result.exit_code == 0, result.output
    assert embedded["globals"]["app"] is fixture_main.app
    assert embedded["vi_mode"] is True


def test_vi_mode_follows_the_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "nano")
    assert vi_mode() is False
    monkeypatch.delenv("EDITOR")
    assert vi_mode() is False


def test_ipython_arguments_default_to_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IPYTHON_ARGUMENTS", raising=False)
    assert get_ipython_arguments() == []


def test_get_shell_for_python_option() -> None:
    option, start = get_shell(None, "python")
    assert option is ShellOption.PYTHON
    assert callable(start)


def test_unknown_kernel_is_refused(invoke: Invoke) -> None:
    result = invoke("--app", FIXTURE_APP, "shell", "--kernel", "bpython")
    assert result.exit_code == 2
    assert "Invalid value for '--kernel'" in result.output


def test_shell_without_an_app_is_a_clear_error(
    invoke: Invoke, make_project: ProjectFactory
) -> None:
    make_project({})
    result = invoke("shell", "--kernel", "python")
    assert result.exit_code == 1
    assert "No Lilya application found" in result.output


def test_import_objects_without_settings() -> None:
    namespace = import_objects(None)
    assert namespace["app"] is None
    assert "Lilya" in namespace
    assert namespace["status"].HTTP_200_OK == 200


def test_import_objects_skips_modules_that_cannot_be_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "lilya.testclient", None)
    assert "TestClient" not in import_objects(None)


def test_welcome_message_without_app(capsys: pytest.CaptureFixture[str]) -> None:
    welcome_message(None)
    assert "no application loaded" in capsys.readouterr().out


@pytest.mark.anyio
async def test_handle_lifespan_events_runs_the_handlers(anyio_backend: str) -> None:
    events: list[str] = []
    factory = handle_lifespan_events([lambda: events.append("up")], [lambda: events.append("down")])
    async with factory(None):
        assert events == ["up"]
    assert events == ["up", "down"]


@pytest.mark.anyio
async def test_run_shell_runs_the_console_inside_the_lifespan(
    anyio_backend: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[Any] = []

    def interact(**kwargs: Any) -> None:
        seen.append((list(fixture_main.EVENTS), kwargs["local"]["app"]))

    monkeypatch.setattr(code, "interact", interact)
    app = fixture_main.app
    await run_shell(app, handle_lifespan_events(app.on_startup, app.on_shutdown), "python")
    assert seen == [(["startup"], app)]
    assert fixture_main.EVENTS == ["startup", "shutdown"]


def test_shell_help(invoke: Invoke) -> None:
    result = invoke("shell", "--help")
    assert result.exit_code == 0
    assert "--kernel" in result.output
