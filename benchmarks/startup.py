"""Start-up costs: importing the application module (lilya.apps against Starlette's) and
running `lilya --help`, each in a fresh interpreter with its bytecode compiled, best of several
runs.

    python -m benchmarks.startup [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# "import time: self [us] | cumulative | imported package", one line per module.
_IMPORT_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


@dataclass(frozen=True)
class StartupResult:
    lilya_import_us: int
    starlette_import_us: int | None  # None when Starlette is not installed
    help_seconds: float


def compiled_environment(cache: str) -> dict[str, str]:
    """The environment for a fresh interpreter that reads and writes bytecode in `cache`.

    Installed packages come with their bytecode, a source checkout gets it on its first
    import; with PYTHONDONTWRITEBYTECODE set, lilya's modules would be compiled on every run
    while Starlette's come compiled: a warm-up run in a shared cache directory (outside the
    source tree) measures both as installed.
    """
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = cache
    return environment


def import_microseconds(module: str, runs: int, cache: str) -> int:
    """Best cumulative µs of `import module` in a fresh interpreter (python -X importtime),
    after a warm-up run that compiles the bytecode."""
    command = [sys.executable, "-X", "importtime", "-c", f"import {module}"]
    environment = compiled_environment(cache)
    subprocess.run(command, capture_output=True, check=True, env=environment)
    best = 0
    for _ in range(runs):
        process = subprocess.run(
            command, capture_output=True, text=True, check=True, env=environment
        )
        cumulative = next(
            int(found.group(2))
            for line in reversed(process.stderr.splitlines())
            if (found := _IMPORT_LINE.match(line)) and found.group(4) == module
        )
        best = cumulative if best == 0 else min(best, cumulative)
    return best


def help_seconds(runs: int, cache: str) -> float:
    """Best wall time of `lilya --help` (the installed command, else `python -m lilya`)."""
    script = Path(sys.executable).with_name("lilya")
    found = str(script) if script.exists() else shutil.which("lilya")
    command = [found, "--help"] if found else [sys.executable, "-m", "lilya", "--help"]
    environment = compiled_environment(cache)
    subprocess.run(command, capture_output=True, check=True, env=environment)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=environment)
        best = min(best, time.perf_counter() - started)
    return best


def measure(runs: int = 5) -> StartupResult:
    with tempfile.TemporaryDirectory(prefix="lilya-bench-bytecode-") as cache:
        try:
            starlette: int | None = import_microseconds("starlette.applications", runs, cache)
        except subprocess.CalledProcessError:
            starlette = None
        lilya = import_microseconds("lilya.apps", runs, cache)
        return StartupResult(lilya, starlette, help_seconds(runs, cache))


def render(result: StartupResult) -> str:
    starlette = "n/a" if result.starlette_import_us is None else f"{result.starlette_import_us:,}"
    return "\n".join(
        [
            "| measured | lilya | Starlette |",
            "|---|---:|---:|",
            f"| import of the app module, cumulative µs | {result.lilya_import_us:,} | "
            f"{starlette} |",
            f"| `lilya --help`, wall seconds | {result.help_seconds:.3f} | n/a |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    print(render(measure(parser.parse_args().runs)))


if __name__ == "__main__":
    main()
