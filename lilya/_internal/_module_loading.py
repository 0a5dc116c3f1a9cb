"""`import_string`, which Lilya's users import from `lilya._internal._module_loading`."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["import_string"]


def import_string(dotted_path: str) -> Any:
    """The attribute a "package.module.attribute" path names, with Lilya 0.7.5's errors: an
    ImportError for a path without a dot or a missing attribute, ModuleNotFoundError for a
    missing module. lilya's own loaders (`Include(namespace=...)`, settings paths) say more."""
    module_path, dot, attribute = dotted_path.rpartition(".")
    if not dot or not module_path:
        raise ImportError(f"{dotted_path} doesn't look like a module path")
    module = importlib.import_module(module_path)
    try:
        return getattr(module, attribute)
    except AttributeError as exc:
        raise ImportError(
            f'Module "{module_path}" does not define a "{attribute}" attribute/class'
        ) from exc
