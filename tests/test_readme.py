"""Every command in README.md, run exactly as written.

Python blocks are executed. Each bash block runs once, line by line in one shell (so a `cd`
carries over, as for a reader typing them), in a fresh folder; each line's exit status and
output are checked by its own test. Lines that need the network, start a long-running server
or an interactive shell, or run this very test suite are skipped, each with its reason.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)

# command prefix -> why it is not run here
SKIPPED = {
    "scripts/demo": "serves the example app until stopped, after installing into .venv",
    "scripts/test": "runs this very test suite (and reinstalls the test tools)",
    "pip install": "installs packages from the package index (network)",
    "uvicorn main:app": "a server that runs until stopped, on the fixed port 8000",
    "hypercorn --worker-class trio main:app": "a server that runs until stopped, on port 8000",
    "lilya --app myshop.main:app runserver": "a server that runs until stopped, on port 8000",
    "lilya shell": "an interactive shell waiting for input",
}
# command prefix -> (exit status, text in its output) when not a plain success
EXPECTED = {
    # NAME stands for a directive of the reader's own; a new project has none yet.
    "lilya run --directive NAME": (1, "Unknown directive 'NAME'"),
}


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    index: int


def blocks(language: str) -> list[Block]:
    found = [
        Block(match.group(1), match.group(2), index)
        for index, match in enumerate(FENCE.finditer(README.read_text("utf-8")))
    ]
    return [block for block in found if block.language == language]


def commands(block: Block) -> list[str]:
    return [line for line in block.code.splitlines() if line.strip() and not line.startswith("#")]


def reason_to_skip(command: str) -> str | None:
    return next((why for prefix, why in SKIPPED.items() if command.startswith(prefix)), None)


def expectation(command: str) -> tuple[int, str]:
    return next((want for prefix, want in EXPECTED.items() if command.startswith(prefix)), (0, ""))


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LILYA_SETTINGS_MODULE")}
    env.pop("LILYA_DEFAULT_APP", None)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@dataclass(frozen=True)
class Outcome:
    status: int
    output: str


@cache
def run_block(index: int, workdir: Path) -> dict[int, Outcome]:
    """Run the block's commands in order in one bash; line number -> its outcome."""
    block = next(block for block in blocks("bash") if block.index == index)
    logs = workdir.parent / "logs"
    workdir.mkdir(parents=True)
    logs.mkdir()
    script = [f"cd {str(workdir)!r}"]
    runnable = [n for n, command in enumerate(commands(block)) if reason_to_skip(command) is None]
    for n in runnable:
        # The braces keep each command in the shell itself, so `cd` carries over; the
        # newline before "}" ends a trailing comment.
        out, status = str(logs / f"out_{n}.txt"), str(logs / f"status_{n}.txt")
        script.append(f"{{ {commands(block)[n]}\n}} > {out!r} 2>&1; echo $? > {status!r}")
    subprocess.run(["bash", "-c", "\n".join(script)], env=environment(), timeout=300, check=False)
    return {
        n: Outcome(
            int((logs / f"status_{n}.txt").read_text()),
            (logs / f"out_{n}.txt").read_text(errors="replace"),
        )
        for n in runnable
    }


def command_cases() -> list[object]:
    cases: list[object] = []
    for block in blocks("bash"):
        for n, command in enumerate(commands(block)):
            reason = reason_to_skip(command)
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            cases.append(pytest.param(block.index, n, command, marks=marks, id=command))
    return cases


@pytest.fixture(scope="module")
def readme_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("readme") / "work"


@pytest.mark.parametrize(("index", "line", "command"), command_cases())
def test_readme_command(readme_folder: Path, index: int, line: int, command: str) -> None:
    outcome = run_block(index, readme_folder / f"block_{index}" / "here")
    status, text = expectation(command)
    assert outcome[line].status == status, outcome[line].output
    assert text in outcome[line].output


@pytest.mark.parametrize("block", blocks("python"), ids=lambda block: f"block {block.index}")
def test_readme_python_block_runs(block: Block, tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(block.code, f"README.md block {block.index}", "exec"), namespace)
    assert namespace.get("app") is not None


def test_the_quick_start_app_answers_as_the_readme_says(test_client_factory: object) -> None:
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(blocks("python")[0].code, namespace)
    client = test_client_factory(namespace["app"])  # type: ignore[operator]
    assert client.get("/").json() == {"message": "Welcome to Lilya"}
    assert client.get("/ada").json() == {"message": "Welcome to Lilya, ada"}
    assert client.get("/in-request/ada").json() == {"message": "Welcome to Lilya, ada"}


def test_every_skipped_command_is_still_in_the_readme() -> None:
    """A stale skip entry would hide a renamed command from this test."""
    written = [command for block in blocks("bash") for command in commands(block)]
    for prefix in [*SKIPPED, *EXPECTED]:
        assert any(command.startswith(prefix) for command in written), prefix
