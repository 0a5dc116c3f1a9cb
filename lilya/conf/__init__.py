"""Settings: `lilya.conf.settings` loads the class named by LILYA_SETTINGS_MODULE on first use.

The variable holds "package.module.ClassName"; unset, the defaults of
`lilya.conf.global_settings.Settings` apply. A wrong path raises ImproperlyConfigured naming
the variable.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from lilya.conf.functional import LazyObject, empty
from lilya.conf.global_settings import Settings
from lilya.exceptions import ImproperlyConfigured

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "LilyaLazySettings",
    "Settings",
    "load_settings_class",
    "reload_settings",
    "settings",
]

ENVIRONMENT_VARIABLE = "LILYA_SETTINGS_MODULE"
_DEFAULT = "lilya.conf.global_settings.Settings"


def load_settings_class(dotted_path: str, *, source: str = ENVIRONMENT_VARIABLE) -> type[Settings]:
    """Import a Settings subclass from "package.module.ClassName" (or "package.module:Class")."""
    module_path, _, class_name = (
        dotted_path.partition(":") if ":" in dotted_path else dotted_path.rpartition(".")
    )
    if not module_path or not class_name:
        raise ImproperlyConfigured(
            f"{source}={dotted_path!r} is not a 'package.module.ClassName' path."
        )
    try:
        module = importlib.import_module(module_path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"{source}={dotted_path!r}: cannot import module {module_path!r} ({exc})."
        ) from exc
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type) or not issubclass(cls, Settings):
        raise ImproperlyConfigured(
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
