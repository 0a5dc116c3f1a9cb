"""Importing the application module loads only what serving a plain request needs: the form
parser, temporary files, HTTP-date formatting, UUIDs, decimals, paths, the debug page's HTML
escaping, MD5 and the random boundaries of multi-range answers are loaded by the first request
(or value) that uses them (each is a measurable share of lilya's import time; see
benchmarks/startup.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

LOADED_ON_FIRST_USE = [
    "python_multipart",
    "tempfile",
    "email.utils",
    "uuid",
    "decimal",
    "pathlib",
    "html",
    "hashlib",
    "secrets",
]


def modules_loaded_after(code: str) -> set[str]:
    program = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


@pytest.mark.parametrize("module", LOADED_ON_FIRST_USE)
def test_importing_the_app_module_does_not_load(module: str) -> None:
    assert module not in modules_loaded_after("import lilya.apps")


def test_the_first_form_loads_the_parser_and_serves_it() -> None:
    code = (
        "from lilya.apps import Lilya\n"
        "from lilya.routing import Path\n"
        "from lilya.testclient import TestClient\n"
        "async def echo(request):\n"
        "    form = await request.form()\n"
        "    return {'name': form['name'], 'file': form['file'].filename}\n"
        "client = TestClient(Lilya(routes=[Path('/', echo, methods=['POST'])]))\n"
        "response = client.post('/', data={'name': 'x'}, files={'file': ('a.txt', b'hi')})\n"
        "assert response.json() == {'name': 'x', 'file': 'a.txt'}, response.text\n"
    )
    loaded = modules_loaded_after(code)
    assert {"python_multipart", "tempfile"} <= loaded


def test_uuid_parameters_and_values_work_once_loaded_on_demand() -> None:
    code = (
        "from lilya.apps import Lilya\n"
        "from lilya.routing import Path\n"
        "from lilya.testclient import TestClient\n"
        "def item(item_id):\n"
        "    return {'id': item_id, 'type': type(item_id).__name__}\n"
        "client = TestClient(Lilya(routes=[Path('/{item_id:uuid}', item)]))\n"
        "uid = '0b6a3f6e-8a1b-4c2d-9e3f-1a2b3c4d5e6f'\n"
        "assert client.get('/' + uid).json() == {'id': uid, 'type': 'UUID'}\n"
    )
    assert "uuid" in modules_loaded_after(code)
