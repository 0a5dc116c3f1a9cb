from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from tests.cli.conftest import FIXTURE_APP, SIMPLE_APP, Invoke, ProjectFactory
from tests.cli.fixtures.project import main as fixture_main
from tests.servers import free_port, running_server

REPO = Path(__file__).resolve().parents[2]


def test_runserver_serves_the_app_on_loopback() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("LILYA_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "lilya", "--app", FIXTURE_APP, "runserver"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += ["--no-reload"]
    with running_server(command, port, cwd=REPO, env=env) as url:
        response = httpx.get(f"{url}/", timeout=2)
        assert response.status_code == 200
        assert response.text == "home page"
        user = httpx.get(f"{url}/users/7", timeout=2)
        assert user.json() == {"user_id": 7}


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """What runserver hands to uvicorn (uvicorn itself is exercised by the test above)."""
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_defaults_are_lilyas_localhost_8000_debug_log_and_reload(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    """Lilya 0.7.5's runserver: host localhost, port 8000, log level debug, reloading."""
    result = invoke("--app", FIXTURE_APP, "runserver")
    assert result.exit_code == 0, result.output
    [(app, options)] = uvicorn_calls
    assert app == FIXTURE_APP
    assert options["host"] == "localhost"
    assert options["port"] == 8000
    assert options["reload"] is True
    assert options["lifespan"] == "on"
    assert options["log_level"] == "debug"
    assert "http://localhost:8000" in result.output


def test_no_reload_serves_the_app_object(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = invoke("--app", FIXTURE_APP, "runserver", "--no-reload")
    assert result.exit_code == 0, result.output
    [(app, options)] = uvicorn_calls
    assert app is fixture_main.app
    assert options["reload"] is False


def test_workers_turn_the_default_reload_off(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    invoke("--app", FIXTURE_APP, "runserver", "--workers", "2")
    [(_, options)] = uvicorn_calls
    assert (options["reload"], options["workers"]) == (False, 2)


def test_options_reach_uvicorn(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    invoke(
        "--app",
        FIXTURE_APP,
        "runserver",
        "--host",
        "0.0.0.0",
        "-p",
        "9001",
        "--log-level",
        "debug",
        "--lifespan",
        "off",
    )
    [(_, options)] = uvicorn_calls
    assert (options["host"], options["port"]) == ("0.0.0.0", 9001)
    assert (options["log_level"], options["lifespan"]) == ("debug", "off")


def test_reload_passes_the_import_string(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    invoke("--app", FIXTURE_APP, "runserver", "--reload")
    [(app, options)] = uvicorn_calls
    assert app == FIXTURE_APP
    assert options["reload"] is True
    assert options["factory"] is False


def test_workers_pass_the_import_string(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    invoke("--app", FIXTURE_APP, "runserver", "--workers", "2")
    [(app, options)] = uvicorn_calls
    assert app == FIXTURE_APP
    assert options["workers"] == 2


def test_factory_apps_are_reloaded_as_factories(
    invoke: Invoke,
    make_project: ProjectFactory,
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
) -> None:
    make_project(
        {"main.py": "from lilya.apps import Lilya\n\ndef get_app():\n    return Lilya()\n"}
    )
    invoke("runserver", "--reload")
    [(app, options)] = uvicorn_calls
    assert app == "main:get_app"
    assert options["factory"] is True


def test_debug_turns_on_the_apps_debug(
    invoke: Invoke,
    make_project: ProjectFactory,
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
) -> None:
    make_project({"main.py": SIMPLE_APP})
    invoke("runserver", "--debug", "--no-reload")
    [(app, _)] = uvicorn_calls
    assert app.debug is True


def test_settings_option_sets_the_settings_variable(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    settings = "lilya.conf.global_settings.Settings"
    result = invoke("--app", FIXTURE_APP, "runserver", "--settings", settings)
    assert result.exit_code == 0, result.output
    assert os.environ["LILYA_SETTINGS_MODULE"] == settings


def test_bad_settings_is_a_clear_error(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = invoke("--app", FIXTURE_APP, "runserver", "--settings", "nowhere_xyz.Settings")
    assert result.exit_code == 2
    assert "Invalid value for '--settings'" in result.output
    assert "cannot import module 'nowhere_xyz'" in result.output
    assert uvicorn_calls == []


@pytest.mark.parametrize("port", ["-1", "70000", "http"])
def test_bad_port_is_refused(
    invoke: Invoke, uvicorn_calls: list[tuple[Any, dict[str, Any]]], port: str
) -> None:
    result = invoke("--app", FIXTURE_APP, "runserver", "--port", port)
    assert result.exit_code == 2
    assert uvicorn_calls == []


def test_no_app_is_a_clear_error(
    invoke: Invoke, make_project: ProjectFactory, uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    make_project({})
    result = invoke("runserver")
    assert result.exit_code == 1
    assert "No Lilya application found" in result.output
    assert uvicorn_calls == []


def test_missing_uvicorn_is_a_clear_error(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = invoke("--app", FIXTURE_APP, "runserver")
    assert result.exit_code == 1
    assert "runserver needs uvicorn" in result.output


def test_runserver_help(invoke: Invoke) -> None:
    result = invoke("runserver", "--help")
    assert result.exit_code == 0
    for option in ("--host", "--port", "--reload", "--workers", "--settings", "--lifespan"):
        assert option in result.output


@pytest.mark.parametrize("extra", [[], ["--reload"], ["--workers", "2"]])
def test_debug_reaches_reloaded_and_worker_processes(
    invoke: Invoke,
    make_project: ProjectFactory,
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
) -> None:
    from lilya.cli.directives.operations.runserver import DEBUG_APP_VARIABLE, debug_app

    monkeypatch.delenv(DEBUG_APP_VARIABLE, raising=False)
    make_project({"main.py": SIMPLE_APP})
    result = invoke("runserver", "--debug", *extra)
    assert result.exit_code == 0, result.output
    [(target, options)] = uvicorn_calls
    assert target == "lilya.cli.directives.operations.runserver:debug_app"
    assert options["factory"] is True
    assert os.environ[DEBUG_APP_VARIABLE] == "main:app"
    app = debug_app()  # what each uvicorn process does
    assert app.debug is True
    assert app.routes[0].path == "/hello"


def test_debug_with_reload_keeps_an_app_factory(
    invoke: Invoke,
    make_project: ProjectFactory,
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lilya.cli.directives.operations.runserver import DEBUG_APP_VARIABLE, debug_app

    monkeypatch.delenv(DEBUG_APP_VARIABLE, raising=False)
    make_project(
        {"main.py": "from lilya.apps import Lilya\n\ndef get_app():\n    return Lilya()\n"}
    )
    invoke("runserver", "--debug", "--reload")
    assert os.environ[DEBUG_APP_VARIABLE] == "main:get_app()"
    assert debug_app().debug is True
