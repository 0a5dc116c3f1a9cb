"""`python -m lilya` and the `lilya` console script."""

from __future__ import annotations

import sys


def run_cli() -> None:
    """Run the `lilya` command (needs the `cli` extra: click, rich and uvicorn)."""
    try:
        from lilya.cli.cli import lilya
    except ModuleNotFoundError as exc:
        if exc.name not in ("click", "rich"):
            raise
        sys.stderr.write(
            f"The lilya command needs {exc.name!r}: install the `cli` extra of lilya-toolkit "
            "(pip install -e '.[cli]' in a checkout).\n"
        )
        raise SystemExit(1) from None
    lilya(prog_name="lilya")


if __name__ == "__main__":
    run_cli()
