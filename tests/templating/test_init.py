"""lilya.templating without jinja2 installed: a clear MissingDependency."""

from __future__ import annotations

import importlib
import sys

import pytest

from lilya.exceptions import MissingDependency


def test_import_without_jinja2_names_the_extra_of_this_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The message names lilya-toolkit's `templates` extra (not `lilya[templates]`, which
    would fetch another project from the package index)."""
    for name in [n for n in sys.modules if n == "jinja2" or n.startswith("jinja2.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in [n for n in sys.modules if n.startswith("lilya.templating")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingDependency, match=r"`templates` extra of lilya-toolkit"):
        importlib.import_module("lilya.templating")


def test_missing_dependency_is_an_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n.startswith("lilya.templating")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(ImportError):
        importlib.import_module("lilya.templating.jinja")


def test_import_with_jinja2_exports_the_template_class() -> None:
    templating = importlib.import_module("lilya.templating")
    assert templating.__all__ == ["Jinja2Template"]
    assert templating.Jinja2Template.__name__ == "Jinja2Template"
