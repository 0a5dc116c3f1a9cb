"""A project's own directives: modules in an `operations/` folder (by convention
`directives/operations/`) under the current folder or the app's package, each defining a
BaseDirective subclass (by convention named `Directive`). The file name is the directive's
name."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from lilya.cli.base import BaseDirective
from lilya.cli.exceptions import DirectiveError

__all__ = ["CustomDirective", "find_custom_directives", "load_custom_directive"]

_SKIPPED = frozenset({"node_modules", "site-packages", "venv", "env", "__pycache__"})
# lilya's own operations (createproject...) are not a project's directives, even when the
# current folder holds lilya's source.
_LILYA_PACKAGE = Path(__file__).resolve().parents[2]
_MAX_DEPTH = 8


@dataclass(frozen=True)
class CustomDirective:
    """Where a project's directive lives."""

    name: str
    location: str


def find_custom_directives(command_path: str | None) -> dict[str, CustomDirective]:
    """Every `operations/<name>.py` below the current folder, as Lilya 0.7.5 looks for them
    (by convention in a `directives/operations` folder), then below `command_path` (the app's
    package) when that lies elsewhere; the first one found with a name wins. Hidden folders
    and virtual environments are not searched."""
    found: dict[str, CustomDirective] = {}
    if not command_path or not os.path.isdir(command_path):
        return found
    cwd = Path.cwd()
    roots = [cwd]
    package = Path(command_path).resolve()
    if not package.is_relative_to(cwd.resolve()):
        roots.append(package)
    for root in roots:
        _collect(root, found)
    return found


def _collect(root: Path, found: dict[str, CustomDirective]) -> None:
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        depth = len(here.relative_to(root).parts)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in _SKIPPED
            and depth < _MAX_DEPTH
            and (here / name).resolve() != _LILYA_PACKAGE
        )
        if here.name != "operations" or here == root:
            continue
        for file in sorted(files):
            if file.endswith(".py") and not file.startswith("_"):
                name = file[:-3]
                found.setdefault(name, CustomDirective(name, str(here / file)))


def _module_name(location: Path) -> str | None:
    """The dotted name under which `location` is importable from sys.path, if any."""
    for entry in sys.path:
        base = Path(entry or os.getcwd()).resolve()
        try:
            parts = location.resolve().with_suffix("").relative_to(base).parts
        except ValueError:
            continue
        if parts and all(part.isidentifier() for part in parts):
            return ".".join(parts)
    return None


def _import_directive_module(directive: CustomDirective) -> ModuleType:
    location = Path(directive.location)
    try:
        name = _module_name(location)
        if name is not None:
            return importlib.import_module(name)
        spec = importlib.util.spec_from_file_location(f"lilya_directive_{directive.name}", location)
        if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
            raise DirectiveError(f"Cannot load directive {directive.name!r} from {location}.")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    except DirectiveError:
        raise
    except Exception as exc:
        raise DirectiveError(
            f"Directive {directive.name!r} ({location}) failed to import: "
            f"{type(exc).__name__}: {exc}"
        ) from None


def load_custom_directive(directive: CustomDirective) -> BaseDirective:
    """An instance of the directive class defined in the directive's module."""
    module = _import_directive_module(directive)
    candidate = getattr(module, "Directive", None)
    if not (isinstance(candidate, type) and issubclass(candidate, BaseDirective)):
        candidate = next(
            (
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, BaseDirective)
                and value.__module__ == module.__name__
            ),
            None,
        )
    if candidate is None:
        raise DirectiveError(
            f"{directive.location} defines no BaseDirective subclass (name it 'Directive')."
        )
    try:
        return candidate()
    except TypeError as exc:
        raise DirectiveError(f"Directive {directive.name!r} cannot be created: {exc}") from None
