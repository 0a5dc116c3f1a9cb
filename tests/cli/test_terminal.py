"""lilya.cli.terminal: Print, Terminal and OutputColour as Lilya 0.7.5's docs use them."""

from __future__ import annotations

import io
from enum import Enum

import pytest

from lilya.cli.terminal import OutputColour, Print, Terminal


def test_output_colour_is_a_str_enum_with_the_roles_first() -> None:
    assert issubclass(OutputColour, str)
    assert issubclass(OutputColour, Enum)
    assert [(m.name, m.value) for m in list(OutputColour)[:8]] == [
        ("SUCCESS", "green"),
        ("INFO", "cyan"),
        ("WARNING", "yellow"),
        ("ERROR", "red"),
        ("WHITE", "white"),
        ("MAGENTA", "magenta"),
        ("BLUE", "blue"),
        ("BLACK", "black"),
    ]


def test_output_colour_has_every_rich_colour_name() -> None:
    from rich.color import ANSI_COLOR_NAMES

    assert {member.value for member in OutputColour} == set(ANSI_COLOR_NAMES)
    assert len(OutputColour) == 235
    assert OutputColour.RED is OutputColour.ERROR
    assert OutputColour.BRIGHT_CYAN.value == "bright_cyan"


@pytest.mark.parametrize(
    ("method", "colour"),
    [
        ("write_success", "green"),
        ("write_info", "cyan"),
        ("write_warning", "yellow"),
        ("write_error", "red"),
        ("write_plain", "white"),
    ],
)
def test_terminal_methods_return_the_styled_text(method: str, colour: str) -> None:
    assert getattr(Terminal(), method)("hello") == f"[{colour}]hello[/{colour}]"


def test_terminal_write_plain_takes_a_colour() -> None:
    assert Terminal().write_plain("hi", colour=OutputColour.ERROR) == "[red]hi[/red]"


@pytest.mark.parametrize("kind", [Print, Terminal])
def test_message_wraps_text_in_the_colour(kind: type[Print] | type[Terminal]) -> None:
    assert kind().message("m", OutputColour.INFO) == "[cyan]m[/cyan]"
    assert kind().message("m", "magenta") == "[magenta]m[/magenta]"


@pytest.mark.parametrize(
    "method", ["write_success", "write_info", "write_warning", "write_error", "write_plain"]
)
def test_print_methods_print_the_message(method: str) -> None:
    out = io.StringIO()
    printer = Print(file=out, force_terminal=False)
    assert getattr(printer, method)("done") is None
    assert out.getvalue() == "done\n"


def test_print_methods_print_in_colour_on_a_terminal() -> None:
    out = io.StringIO()
    Print(file=out, force_terminal=True, color_system="standard").write_error("bad")
    assert out.getvalue() == "\x1b[31mbad\x1b[0m\n"


@pytest.mark.parametrize("kind", [Print, Terminal])
def test_write_prints_the_message_as_it_is(kind: type[Print] | type[Terminal]) -> None:
    out = io.StringIO()
    assert kind(file=out, force_terminal=False).write("plain [green]text[/green]") is None
    assert out.getvalue() == "plain text\n"


def test_without_rich_the_import_error_names_the_cli_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib
    import sys

    monkeypatch.setitem(sys.modules, "rich.console", None)
    monkeypatch.delitem(sys.modules, "lilya.cli.terminal")
    with pytest.raises(ImportError, match=r"needs rich: install the `cli` extra"):
        importlib.import_module("lilya.cli.terminal")
