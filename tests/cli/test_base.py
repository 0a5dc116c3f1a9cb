from __future__ import annotations

from typing import Any

import pytest

import lilya
from lilya.cli import BaseDirective
from lilya.cli.base import DirectiveParser
from lilya.cli.exceptions import DirectiveError


class Echo(BaseDirective):
    help = "Echoes its name."

    def add_arguments(self, parser: Any) -> Any:
        parser.add_argument("--name", default="world")
        parser.add_argument("args", nargs="*")

    def handle(self, *args: Any, **options: Any) -> Any:
        return f"hello {options['name']} {list(args)}"


class AsyncEcho(BaseDirective):
    async def handle(self, *args: Any, **options: Any) -> Any:
        return "async result"


class Quiet(BaseDirective):
    def handle(self, *args: Any, **options: Any) -> Any:
        return None


@pytest.mark.anyio
async def test_run_calls_sync_handle_and_prints_its_result(
    anyio_backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = await Echo().run(name="bob")
    assert result == "hello bob []"
    assert capsys.readouterr().out == "hello bob []\n"


@pytest.mark.anyio
async def test_run_awaits_async_handle(
    anyio_backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await AsyncEcho().run() == "async result"
    assert "async result" in capsys.readouterr().out


@pytest.mark.anyio
async def test_empty_result_prints_nothing(
    anyio_backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await Quiet().run()
    assert capsys.readouterr().out == ""


@pytest.mark.anyio
async def test_execute_from_command_parses_arguments_after_the_name(
    anyio_backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["lilya", "--app", "x:app", "run", "echo", "--name", "ann", "a", "b"]
    await Echo().execute_from_command(argv, "lilya", position=4)
    assert capsys.readouterr().out == "hello ann ['a', 'b']\n"


@pytest.mark.anyio
async def test_bad_arguments_raise_directive_error_with_usage(anyio_backend: str) -> None:
    with pytest.raises(DirectiveError) as info:
        await Echo().execute_from_command(["p", "echo", "--nope"], "lilya", position=1)
    assert info.value.returncode == 2
    assert "unrecognized arguments: --nope" in info.value.detail
    assert "usage: lilya echo" in info.value.detail


@pytest.mark.anyio
async def test_missing_directive_name_position_is_an_error(anyio_backend: str) -> None:
    with pytest.raises(DirectiveError, match="No directive name at position 3"):
        await Echo().execute_from_command(["lilya", "run"], "lilya", position=3)


def test_create_parser_uses_help_as_description() -> None:
    parser = Echo().create_parser("/usr/bin/lilya", "echo")
    assert isinstance(parser, DirectiveParser)
    assert parser.prog == "lilya echo"
    assert parser.description == "Echoes its name."


def test_default_add_arguments_adds_nothing() -> None:
    parser = Quiet().create_parser("lilya", "quiet")
    assert vars(parser.parse_args([])) == {}


def test_handle_is_required() -> None:
    class Incomplete(BaseDirective):
        pass

    with pytest.raises(TypeError):
        Incomplete()  # type: ignore[abstract]


def test_get_version_is_lilyas() -> None:
    assert Quiet().get_version() == lilya.__version__


def test_directive_error_keeps_detail_and_returncode() -> None:
    error = DirectiveError("it broke", returncode=3, hint="x")
    assert str(error) == "it broke"
    assert error.detail == "it broke"
    assert error.returncode == 3
    assert error.extra == {"hint": "x"}
