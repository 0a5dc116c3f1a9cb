from __future__ import annotations

import pkgutil
import sys
from pathlib import Path

import lilya

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - pytest brings tomli on 3.10
    import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def layered_modules() -> set[str]:
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in contract["layers"] for name in layer.split(":")}


def test_every_module_of_the_package_has_a_layer() -> None:
    """The layers contract only checks the modules it names: a module left out could import
    anything. Every top-level module and package of lilya is named (the entry point aside)."""
    modules = {
        f"lilya.{info.name}"
        for info in pkgutil.iter_modules(lilya.__path__)
        if info.name != "__main__"
    }
    assert modules - layered_modules() == set()
