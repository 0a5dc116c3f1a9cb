"""Settings: `lilya.conf.settings` loads the class named by LILYA_SETTINGS_MODULE on first use.

The variable holds "package.module.ClassName"; unset, the defaults of
`lilya.conf.global_settings.Settings` apply. A wrong path raises ImproperlyConfigured naming
the variable.

While an app built with `settings_module=` handles a request (or its lifespan), `settings`
resolves to that app's settings instead: the app sets `active_settings`, a context variable,
so concurrent requests to apps with different settings each see their own.
"""

from __future__ import annotations

import importlib
import os
from contextvars import ContextVar
from typing import Any

from lilya.conf.functional import LazyObject, empty
from lilya.conf.global_settings import Settings
from lilya.exceptions import ImproperlyConfigured

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "active_settings",
    "LilyaLazySettings",
    "Settings",
    "SettingsImportError",
    "SettingsModuleNotFoundError",
    "SettingsPathError",
    "load_settings_class",
    "reload_settings",
    "settings",
]

ENVIRONMENT_VARIABLE = "LILYA_SETTINGS_MODULE"
_DEFAULT = "lilya.conf.global_settings.Settings"

# The settings of the app serving the current request, when it was given its own.
active_settings: ContextVar[Any] = ContextVar("lilya.active_settings", default=None)


class SettingsPathError(ImproperlyConfigured):
    """A settings path that names no usable Settings class. Its message is for the person
    who wrote the path, so it reads without the HTTP status an HTTPException prints."""

    def __str__(self) -> str:
        return str(self.detail)


class SettingsImportError(SettingsPathError, ImportError):
    """The module of a settings path has no such class: also an ImportError, as Lilya 0.7.5
    raises there, so `except ImportError` keeps working."""


class SettingsModuleNotFoundError(SettingsImportError, ModuleNotFoundError):
    """The module of a settings path cannot be found: also a ModuleNotFoundError, as in
    Lilya 0.7.5."""


def load_settings_class(dotted_path: str, *, source: str = ENVIRONMENT_VARIABLE) -> type[Settings]:
    """Import a Settings subclass from "package.module.ClassName" (or "package.module:Class")."""
    module_path, _, class_name = (
        dotted_path.partition(":") if ":" in dotted_path else dotted_path.rpartition(".")
    )
    if not module_path or not class_name:
        raise SettingsPathError(
            f"{source}={dotted_path!r} is not a 'package.module.ClassName' path."
        )
    try:
        module = importlib.import_module(module_path)
    except ImportError as exc:
        error = (
            SettingsModuleNotFoundError
            if isinstance(exc, ModuleNotFoundError)
            else SettingsImportError
        )
        raise error(
            f"{source}={dotted_path!r}: cannot import module {module_path!r} ({exc})."
        ) from exc
    if not hasattr(module, class_name):
        raise SettingsImportError(
            f"{source}={dotted_path!r}: module {module_path!r} has no {class_name!r}."
        )
    cls = getattr(module, class_name)
    if not isinstance(cls, type) or not issubclass(cls, Settings):
        raise SettingsPathError(
            f"{source}={dotted_path!r}: {class_name!r} is not a subclass of "
            "lilya.conf.global_settings.Settings."
        )
    return cls


def reload_settings() -> type[Settings]:
    """The settings class currently named by the environment."""
    return load_settings_class(os.environ.get(ENVIRONMENT_VARIABLE) or _DEFAULT)


class LilyaLazySettings(LazyObject):
    """The settings named by LILYA_SETTINGS_MODULE, loaded on first use (see LazyObject)."""

    def _setup(self) -> None:
        self._wrapped = reload_settings()()

    def _target(self) -> Any:
        current = active_settings.get()
        if current is not None:
            return current
        return super()._target()

    def configure(self, override_settings: type[Settings] | Settings) -> None:
        """Use these settings instead of the environment's."""
        instance = override_settings() if isinstance(override_settings, type) else override_settings
        self._wrapped = instance

    def reset(self) -> None:
        """Forget the loaded settings; the next access reads the environment again."""
        self._wrapped = empty

    @property
    def configured(self) -> bool:
        return self._wrapped is not empty

    def __repr__(self) -> str:
        if self._wrapped is empty:
            return "<LilyaLazySettings [Unevaluated]>"
        return f'<LilyaLazySettings "{type(self._wrapped).__name__}">'


settings: Any = LilyaLazySettings()
