"""Helpers for the `lilya` command tests: a CliRunner, throw-away projects on disk, and a
clean sys.path / sys.modules / environment after each test (discovery imports modules named
main, app, application...)."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lilya.cli.cli import lilya
from tests.cli.fixtures.project import main as fixture_main

FIXTURE_APP = "tests.cli.fixtures.project.main:app"

ProjectFactory = Callable[[dict[str, str]], Path]
Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def _isolate_imports_and_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("LILYA_DEFAULT_APP", "LILYA_SETTINGS_MODULE"):
        monkeypatch.delenv(name, raising=False)
    saved_path = list(sys.path)
    fixture_main.EVENTS.clear()
    yield
    sys.path[:] = saved_path
    os.environ.pop("LILYA_SETTINGS_MODULE", None)


def _forget_modules_under(root: Path) -> None:
    """Drop the modules a test imported from its throw-away project (main, app, ...)."""
    prefix = str(root)
    for name, module in list(sys.modules.items()):
        try:
            places = [getattr(module, "__file__", None) or "", *getattr(module, "__path__", [])]
        except KeyError:  # a namespace package whose parent was just dropped
            places = [prefix]
        if any(str(place).startswith(prefix) for place in places):
            sys.modules.pop(name, None)


@pytest.fixture
def make_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProjectFactory]:
    """Write {relative path: source} under a fresh folder and make it the current folder."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project_root"
        for relative, source in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(source), encoding="utf-8")
        root.mkdir(exist_ok=True)
        monkeypatch.chdir(root)
        monkeypatch.syspath_prepend(str(root))
        return root

    yield make
    _forget_modules_under(tmp_path)


@pytest.fixture
def invoke() -> Invoke:
    """Run `lilya ARGS...` in-process; output holds stdout and stderr."""

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(lilya, list(args), input=input, catch_exceptions=False)

    return run


SIMPLE_APP = """\
from lilya.apps import Lilya
from lilya.responses import PlainText
from lilya.routing import Path


async def hello():
    return PlainText("hi")


app = Lilya(routes=[Path("/hello", hello, name="hello")])
"""
