"""Render a template tree from lilya/cli/templates into a new folder.

Templates are plain files; `{{ key }}` in a file or in a path is replaced by the value of `key`
(the project or app name...). Python sources are stored as `.py-tpl` so that tools never take
them for real modules; they are written out as `.py`. No template engine is needed.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import keyword
import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePath

import click
from rich.console import Console
from rich.text import Text

from lilya.cli.exceptions import DirectiveError

__all__ = [
    "TEMPLATES",
    "check_folder",
    "check_name",
    "check_unshadowed",
    "class_name",
    "DISTRIBUTION",
    "deployment_context",
    "distribution_requirement",
    "ensure_absent",
    "render_tree",
    "template_names",
    "verbosity_option",
]

# The name lilya is installed under (the import package is `lilya`; "lilya" on the package
# index is another project, so scaffolded projects must never ask for that name).
DISTRIBUTION = "lilya-toolkit"
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
    """Refuse names that cannot be imported as written (NAME becomes a package or module)."""
    if not name.isidentifier():
        raise DirectiveError(
            f"{name!r} is not a valid {what} name: use letters, digits and underscores, "
            "not starting with a digit."
        )
    if keyword.iskeyword(name):
        raise DirectiveError(f"{name!r} is a Python keyword and cannot name a {what}.")


def check_unshadowed(name: str, what: str) -> None:
    """Refuse the name of a module that already exists: the new package would hide it (or it
    would hide the new package), e.g. a project called "os" or "lilya"."""
    if _importable(name):
        raise DirectiveError(
            f"{name!r} conflicts with an existing Python module; choose another {what} name."
        )


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # pragma: no cover - a broken installed package
        return True


def check_folder(folder: str) -> str:
    """A folder given on the command line, as a relative posix path that stays inside the
    current folder (it is also written into the Dockerfile and supervisor paths)."""
    path = PurePath(folder)
    if not folder.strip() or path.is_absolute() or ".." in path.parts or not path.parts:
        raise DirectiveError(
            f"{folder!r} is not a usable folder name: give a relative path such as 'deployment'."
        )
    return path.as_posix()


def ensure_absent(target: Path) -> None:
    """Scaffolding never writes into an existing folder, so nothing of the user's is lost."""
    if target.exists():
        raise DirectiveError(f"{target} already exists; nothing was written.")


def class_name(name: str) -> str:
    """ "my_shop" -> "MyShop", for classes named after a project or app."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def deployment_context(root: Path, name: str, folder: str) -> dict[str, str]:
    """Values for the deployment templates, matched to the project found in `root`: the app
    is NAME.main:app (--with-structure) or NAME.app:app (the default layout), and the
    production settings are set only where the structured layout's configs exist."""
    app_module = f"{name}.main"
    if not (root / name / "main.py").is_file() and (root / name / "app.py").is_file():
        app_module = f"{name}.app"
    settings = f"{name}.configs.settings.AppSettings"
    if (root / name / "configs" / "settings.py").is_file():
        settings_line = f"ENV LILYA_SETTINGS_MODULE={settings}"
    else:
        settings_line = f"# ENV LILYA_SETTINGS_MODULE={settings}  (your production settings)"
    return {
        "name": name,
        "folder": folder,
        "app_path": f"{app_module}:app",
        "settings_line": settings_line,
        "lilya_requirement": distribution_requirement(),
    }


def distribution_requirement() -> str:
    """A pip requirement that installs this very lilya elsewhere (a Docker image), when the
    running one came from a version-control URL: "lilya-toolkit[cli] @ git+URL@commit".
    Empty when it was installed from a local checkout or a file, which no other machine can
    reach."""
    try:
        raw = importlib.metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return ""
    try:
        origin = json.loads(raw or "{}")
    except ValueError:
        return ""
    vcs = origin.get("vcs_info") if isinstance(origin, dict) else None
    url = origin.get("url") if isinstance(origin, dict) else None
    if not isinstance(vcs, dict) or not isinstance(url, str) or vcs.get("vcs") != "git":
        return ""
    commit = vcs.get("commit_id")
    pinned = f"{url}@{commit}" if isinstance(commit, str) and commit else url
    return f"{DISTRIBUTION}[cli] @ git+{pinned}"


def _fill(text: str, context: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in context:
            raise KeyError(f"The template uses {{{{ {key} }}}}, which has no value.")
        return context[key]

    return _PLACEHOLDER.sub(value, text)


def _output_path(relative: str, context: Mapping[str, str]) -> str:
    relative = _fill(relative, context)
    # Dot files are stored as "dot-name" so packaging tools never treat them as their own.
    relative = re.sub(r"(^|/)dot-", r"\1.", relative)
    if relative.endswith(_TEMPLATE_SUFFIX):
        relative = relative[: -len(_TEMPLATE_SUFFIX)] + ".py"
    return relative


def _templates(kind: str) -> list[Path]:
    return sorted(path for path in (TEMPLATES / kind).rglob("*") if path.is_file())


def template_names(kind: str, context: Mapping[str, str]) -> set[str]:
    """The top-level files and folders templates/<kind> writes, to foresee collisions."""
    source = TEMPLATES / kind
    return {
        _output_path(path.relative_to(source).as_posix(), context).split("/")[0]
        for path in _templates(kind)
    }


def render_tree(
    kind: str, target: Path, context: Mapping[str, str], verbosity: int = 1
) -> list[Path]:
    """Copy templates/<kind> into `target` (which must not exist); the files written."""
    ensure_absent(target)
    source = TEMPLATES / kind
    written: list[Path] = []
    for template in _templates(kind):
        destination = target / _output_path(template.relative_to(source).as_posix(), context)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(_fill(template.read_text("utf-8"), context), "utf-8")
        written.append(destination)
    if verbosity >= 2:
        _list_files(written)
    return written


def _list_files(paths: list[Path]) -> None:
    console = Console(highlight=False)
    for path in paths:
        shown = Path(os.path.relpath(path)).as_posix()
        console.print(Text.assemble(("Creating ", "green"), shown), soft_wrap=True)
