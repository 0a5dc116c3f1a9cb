"""BaseDirective: what a project's own `lilya run --directive NAME` commands subclass."""

from __future__ import annotations

import argparse
import os
from abc import ABC, abstractmethod
from typing import Any, NoReturn

from lilya.cli.exceptions import DirectiveError
from lilya.compat import is_async_callable

__all__ = ["BaseDirective", "DirectiveParser"]


class DirectiveParser(argparse.ArgumentParser):
    """An argparse parser whose errors become DirectiveError (exit code 2) instead of exiting
    the process from deep inside an event loop."""

    def error(self, message: str) -> NoReturn:
        raise DirectiveError(f"{self.prog}: {message}\n{self.format_usage().rstrip()}", 2)


class BaseDirective(ABC):
    """A custom directive: set `help`, declare arguments in `add_arguments` and do the work
    in `handle` (sync or async). A truthy return value of `handle` is printed."""

    help: str = ""

    def get_version(self) -> str:
        """The installed lilya version."""
        import lilya

        return lilya.__version__

    def add_arguments(self, parser: Any) -> Any:
        """Declare the directive's arguments on an argparse parser (none by default)."""
        return None

    def create_parser(self, name: str, subdirective: str, **kwargs: Any) -> DirectiveParser:
        """The parser for this directive, named "<program> <directive>" in its usage line."""
        parser = DirectiveParser(
            prog=f"{os.path.basename(name)} {subdirective}".strip(),
            description=self.help or None,
            **kwargs,
        )
        self.add_arguments(parser)
        return parser

    async def execute_from_command(self, argv: Any, program_name: str, position: int = 5) -> None:
        """Parse `argv[position + 1:]` (argv[position] is the directive's name) and run."""
        argv = list(argv)
        if position >= len(argv):
            raise DirectiveError(f"No directive name at position {position} of {argv!r}.")
        parser = self.create_parser(program_name, argv[position])
        options = vars(parser.parse_args(argv[position + 1 :]))
        args = options.pop("args", ())
        await self.run(*args, **options)

    async def run(self, *args: Any, **options: Any) -> Any:
        """Call `handle`, awaiting it when it is async, and print what it returns."""
        if is_async_callable(self.handle):
            output = await self.handle(*args, **options)
        else:
            output = self.handle(*args, **options)
        if output:
            print(output)
        return output

    @abstractmethod
    def handle(self, *args: Any, **options: Any) -> Any:
        """The directive's work."""
