"""lilya.testclient without httpx: the error names the extra to install."""

from __future__ import annotations

import subprocess
import sys

HIDE_HTTPX = "import sys; sys.modules['httpx'] = None; import lilya.testclient"


def test_a_missing_httpx_names_the_extra_to_install() -> None:
    outcome = subprocess.run(
        [sys.executable, "-c", HIDE_HTTPX], capture_output=True, text=True, timeout=60
    )
    assert outcome.returncode == 1
    last_line = outcome.stderr.strip().splitlines()[-1]
    assert last_line.startswith("lilya.exceptions.MissingDependency: The test client needs httpx")
    assert "[test]" in last_line
