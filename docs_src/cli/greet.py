# myproject/directives/operations/greet.py: run it with `lilya run --directive greet --name ada`.
from __future__ import annotations

import argparse
from typing import Any

from lilya.cli.base import BaseDirective


class Directive(BaseDirective):
    help = "Greet someone from the command line."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--name", default="world", help="who to greet")

    async def handle(self, *args: Any, **options: Any) -> str:
        # Runs inside the application's lifespan: startup has run, connections are open.
        return f"Hello, {options['name']}!"
