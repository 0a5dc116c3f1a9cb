"""Render a template tree from lilya/cli/templates into a new folder.

Templates are plain files; `{{ key }}` in a file or in a path is replaced by the value of `key`
(the project or app name...). Python sources are stored as `.py-tpl` so that tools never take
them for real modules; they are written out as `.py`. No template engine is needed, so the
`cli` extra stays click, rich and uvicorn.
"""

from __future__ import annotations

import importlib.util
import keyword
import re
from collections.abc import Mapping
from pathlib import Path

import click

from lilya.cli.exceptions import DirectiveError

__all__ = ["TEMPLATES", "check_name", "class_name", "render_tree", "verbosity_option"]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_TEMPLATE_SUFFIX = ".py-tpl"

verbosity_option = click.option(
    "-v",
    "--verbosity",
    default=1,
    show_default=True,
    type=click.IntRange(0, 3),
    help="0: silent, 1: a summary, 2 or more: every file created.",
)


def check_name(name: str, what: str) -> None:
    """Refuse names that cannot be imported as written or would shadow another module."""
    if not name.isidentifier():
        raise DirectiveError(
            f"{name!r} is not a valid {what} name: use letters, digits and underscores, "
            "not starting with a digit."
        )
    if keyword.iskeyword(name):
        raise DirectiveError(f"{name!r} is a Python keyword and cannot name a {what}.")
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # pragma: no cover - a broken installed package
        found = True
    if found:
        raise DirectiveError(
            f"{name!r} conflicts with an existing Python module; choose another {what} name."
        )


def class_name(name: str) -> str:
    """ "my_shop" -> "MyShop", for classes named after a project or app."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _fill(text: str, context: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in context:
            raise KeyError(f"The template uses {{{{ {key} }}}}, which has no value.")
        return context[key]

    return _PLACEHOLDER.sub(value, text)


def render_tree(
    kind: str, target: Path, context: Mapping[str, str], verbosity: int = 1
) -> list[Path]:
    """Copy templates/<kind> into `target` (which must not exist); the files written."""
    source = TEMPLATES / kind
    if target.exists():
        raise DirectiveError(f"{target} already exists; nothing was written.")
    written: list[Path] = []
    for template in sorted(path for path in source.rglob("*") if path.is_file()):
        relative = _fill(template.relative_to(source).as_posix(), context)
        # Dot files are stored as "dot-name" so packaging tools never treat them as their own.
        relative = re.sub(r"(^|/)dot-", r"\1.", relative)
        if relative.endswith(_TEMPLATE_SUFFIX):
            relative = relative[: -len(_TEMPLATE_SUFFIX)] + ".py"
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(_fill(template.read_text("utf-8"), context), "utf-8")
        written.append(destination)
    if verbosity >= 2:
        for path in written:
            click.echo(f"  created {path}")
    return written
