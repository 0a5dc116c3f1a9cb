"""Finding the application a directive works on.

Order: `--app module:attr`, else the LILYA_DEFAULT_APP variable, else a scan of the current
folder and its direct sub-folders for main.py, app.py or application.py exposing a Lilya (or
ChildLilya) instance or a function that returns one. The scan reads each file before importing
it and imports only those that import lilya, so unrelated scripts never run. Every failure is
a DirectiveError that says what was tried, so the command prints a message, not a traceback.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import os
import sys
import traceback
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypeGuard, TypeVar

from lilya.cli.exceptions import DirectiveError
from lilya.exceptions import ImproperlyConfigured

__all__ = [
    "DISCOVERY_FILES",
    "DISCOVERY_FUNCTIONS",
    "LILYA_DEFAULT_APP",
    "CliState",
    "DirectiveEnv",
    "import_app",
    "lifespan_of",
    "pass_directive_env",
]

LILYA_DEFAULT_APP = "LILYA_DEFAULT_APP"
DISCOVERY_FILES = ("main.py", "app.py", "application.py")
DISCOVERY_FUNCTIONS = (
    "get_application",
    "get_app",
    "create_application",
    "create_app",
    "application_factory",
    "app_factory",
)
# Folders never worth importing from while scanning.
SKIPPED_FOLDERS = frozenset(
    {"node_modules", "site-packages", "venv", "env", "build", "dist", "__pycache__"}
)

F = TypeVar("F", bound=Callable[..., Any])


def _is_lilya(value: Any) -> bool:
    from lilya.apps import Lilya  # ChildLilya is a subclass

    return isinstance(value, Lilya)


def _describe_failure(exc: BaseException) -> str:
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith("<frozen")
    ]
    # A SyntaxError names its own file and line.
    where = (
        f" ({frames[-1].filename}, line {frames[-1].lineno})"
        if frames and not isinstance(exc, SyntaxError)
        else ""
    )
    return f"{type(exc).__name__}: {exc}{where}"


class _ConfigurationFailure(DirectiveError):
    """Importing the app failed on a configuration error (settings, routes): that is what the
    user must fix, not a missing application."""


def _import_module(module_path: str, source: str) -> ModuleType:
    try:
        return importlib.import_module(module_path)
    except ImproperlyConfigured as exc:
        raise _ConfigurationFailure(f"{exc} (while importing {module_path!r})") from None
    except ModuleNotFoundError as exc:
        if exc.name and (module_path == exc.name or module_path.startswith(exc.name + ".")):
            raise DirectiveError(
                f"{source}: cannot import module {module_path!r}: no such module "
                f"(looked in {os.getcwd()} and on sys.path)."
            ) from None
        raise DirectiveError(
            f"{source}: importing {module_path!r} failed: {_describe_failure(exc)}"
        ) from None
    except Exception as exc:
        raise DirectiveError(
            f"{source}: importing {module_path!r} failed: {_describe_failure(exc)}"
        ) from None


def _is_factory(value: Any) -> TypeGuard[Callable[..., Any]]:
    """A plain function callable without arguments (never a coroutine function)."""
    if not inspect.isfunction(value) or inspect.iscoroutinefunction(value):
        return False
    try:
        inspect.signature(value).bind()
    except TypeError:
        return False
    return True


def _call_factory(factory: Callable[..., Any], label: str) -> Any:
    try:
        return factory()
    except Exception as exc:
        raise DirectiveError(f"Calling {label}() failed: {_describe_failure(exc)}") from None


def _package_root(module: ModuleType) -> str:
    """The folder of the module's top-level package (or of the module itself)."""
    top = sys.modules.get(module.__name__.partition(".")[0], module)
    paths = list(getattr(top, "__path__", []) or [])
    if paths:
        return str(paths[0])
    file = getattr(top, "__file__", None) or getattr(module, "__file__", None)
    return os.path.dirname(os.path.abspath(file)) if file else os.getcwd()


@dataclass
class DirectiveEnv:
    """The application a directive works on, with the "module:attr" path it was loaded from
    (uvicorn needs it for --reload and --workers) and the folder searched for the project's
    own directives."""

    path: str | None = None
    app: Any = None
    command_path: str | None = None
    is_factory: bool = False

    def load_from_env(self, path: str | None = None, cwd: str | Path | None = None) -> DirectiveEnv:
        """Find the app: `path`, else LILYA_DEFAULT_APP, else a scan of `cwd` (default: the
        current folder), which is put on sys.path first."""
        folder = Path(cwd if cwd is not None else os.getcwd()).resolve()
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
        if path:
            return import_app(path, source="--app")
        from_env = os.environ.get(LILYA_DEFAULT_APP, "").strip()
        if from_env:
            return import_app(from_env, source=LILYA_DEFAULT_APP)
        return discover_app(folder)


def import_app(path: str, source: str = "--app") -> DirectiveEnv:
    """Load the app named by "module:attr" (attr may be dotted, or a function returning the
    app); "module" alone means the app the module exposes."""
    module_path, sep, attr = path.strip().partition(":")
    if not module_path or (sep and not attr):
        raise DirectiveError(f"{source}: {path!r} is not of the form 'module:attribute'.")
    module = _import_module(module_path, source)
    if not sep:
        found = _app_in_module(module)
        if found is None:
            raise DirectiveError(
                f"{source}: module {module_path!r} exposes no Lilya application; "
                "name it explicitly as 'module:attribute'."
            )
        return found
    value: Any = module
    for part in attr.split("."):
        try:
            value = getattr(value, part)
        except AttributeError:
            raise DirectiveError(
                f"{source}: module {module_path!r} has no attribute {attr!r}."
            ) from None
    is_factory = False
    if not _is_lilya(value) and _is_factory(value):
        value = _call_factory(value, f"{module_path}:{attr}")
        is_factory = True
    if not _is_lilya(value):
        raise DirectiveError(
            f"{source}: {path!r} is a {type(value).__name__}, not a Lilya application."
        )
    return DirectiveEnv(
        path=f"{module_path}:{attr}",
        app=value,
        command_path=_package_root(module),
        is_factory=is_factory,
    )


def _app_in_module(module: ModuleType) -> DirectiveEnv | None:
    members = vars(module)
    names = sorted(members, key=lambda n: (n not in ("app", "application"), n))
    for name in names:
        if _is_lilya(members[name]):
            return DirectiveEnv(
                path=f"{module.__name__}:{name}",
                app=members[name],
                command_path=_package_root(module),
            )
    for name in DISCOVERY_FUNCTIONS:
        factory = members.get(name)
        if _is_factory(factory):
            value = _call_factory(factory, f"{module.__name__}:{name}")
            if _is_lilya(value):
                return DirectiveEnv(
                    path=f"{module.__name__}:{name}",
                    app=value,
                    command_path=_package_root(module),
                    is_factory=True,
                )
    return None


def _candidate_folders(cwd: Path) -> list[Path]:
    folders = [cwd]
    try:
        entries = sorted(cwd.iterdir())
    except OSError:
        entries = []
    folders.extend(
        entry
        for entry in entries
        if entry.is_dir()
        and entry.name.isidentifier()
        and entry.name not in SKIPPED_FOLDERS
        and not entry.name.startswith((".", "_"))
    )
    return folders


def _shadowing_module(name: str, cwd: Path) -> str | None:
    """A message when `name` resolves to a module outside `cwd` (a folder called "site" or
    "test" loses to the standard library), else None."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    places = list(spec.submodule_search_locations or [])
    if not places and spec.has_location and spec.origin:
        places = [spec.origin]
    if any(Path(place).resolve().is_relative_to(cwd) for place in places):
        return None
    return _shadow_text(name)


def _shadow_text(name: str) -> str:
    return (
        f"{name!r} is also the name of an installed module, which Python imports instead of "
        f"the folder here: rename the folder or pass --app."
    )


def _imports_lilya(file: Path) -> bool:
    """Whether the module imports lilya anywhere, read without running it. A file that cannot
    be parsed counts as yes: importing it reports what is wrong with it."""
    try:
        tree = ast.parse(file.read_bytes(), filename=str(file))
    except (SyntaxError, ValueError, OSError):
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(name == "lilya" or name.startswith("lilya.") for name in names):
            return True
    return False


def discover_app(cwd: Path) -> DirectiveEnv:
    """Scan `cwd` and its direct sub-folders for the discovery files."""
    failures: list[str] = []
    tried: list[str] = []
    skipped: list[str] = []
    for folder in _candidate_folders(cwd):
        for filename in DISCOVERY_FILES:
            file = folder / filename
            if not file.is_file():
                continue
            parts = file.relative_to(cwd).with_suffix("").parts
            module_path = ".".join(parts)
            tried.append(str(file.relative_to(cwd)))
            if not _imports_lilya(file):
                skipped.append(str(file.relative_to(cwd)))
                continue
            shadow = _shadowing_module(parts[0], cwd)
            if shadow is not None:
                failures.append(shadow)
                continue
            try:
                module = _import_module(module_path, "discovery")
            except _ConfigurationFailure:
                raise
            except DirectiveError as exc:
                failures.append(exc.detail)
                continue
            found = _app_in_module(module)
            if found is not None:
                return found
    hint = (
        "Pass --app 'module:attribute' or set LILYA_DEFAULT_APP "
        f"(searched {cwd} and its sub-folders for {', '.join(DISCOVERY_FILES)})."
    )
    if skipped:
        failures.append(f"Not imported, as they do not import lilya: {', '.join(skipped)}.")
    if failures:
        raise DirectiveError("No Lilya application found. " + " ".join(failures) + " " + hint)
    if tried:
        raise DirectiveError(f"No Lilya application found in {', '.join(tried)}. " + hint)
    raise DirectiveError("No Lilya application found. " + hint)


@asynccontextmanager
async def _no_lifespan(app: Any) -> AsyncIterator[None]:
    yield


def lifespan_of(app: Any) -> Callable[[Any], AbstractAsyncContextManager[Any]]:
    """The app's lifespan (startup/shutdown handlers or lifespan context) as a factory."""
    handler = getattr(getattr(app, "router", None), "lifespan_handler", None)
    context = getattr(handler, "context", None)
    if context is None:
        return _no_lifespan
    return context  # type: ignore[no-any-return]


@dataclass
class CliState:
    """What the `lilya` group hands to its directives (click's ctx.obj): the --app option and
    the DirectiveEnv, loaded on first use so scaffolding directives never need an app."""

    app_path: str | None = None
    _env: DirectiveEnv | None = field(default=None, repr=False)

    def directive_env(self) -> DirectiveEnv:
        if self._env is None:
            self._env = DirectiveEnv().load_from_env(path=self.app_path)
        return self._env


def pass_directive_env(required: bool = True) -> Callable[[F], F]:
    """Decorate a click callback so it receives the DirectiveEnv as first argument. With
    `required=False` an app that cannot be found gives an empty DirectiveEnv instead."""

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            import click

            context = click.get_current_context(silent=True)
            state = context.find_object(CliState) if context is not None else None
            state = state if state is not None else CliState()
            try:
                env = state.directive_env()
            except DirectiveError:
                if required:
                    raise
                env = DirectiveEnv()
            return func(env, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
