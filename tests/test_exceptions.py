"""lilya.exceptions as a user's type checker sees it, and HTTPException's status code."""

from __future__ import annotations

from pathlib import Path

import pytest

from lilya.exceptions import HTTPException, NotFound

PASS_IT_ON = """
from __future__ import annotations

from lilya.exceptions import HTTPException


def status_of(code: int) -> int:
    return code


def pass_it_on(exc: HTTPException) -> int:
    return status_of(exc.status_code)
"""

HANDLER_FOR_A_SUBCLASS = """
from __future__ import annotations

from lilya.apps import Lilya
from lilya.exceptions import HTTPException, NotFound
from lilya.requests import Request
from lilya.responses import PlainText


def not_found(request: Request, exc: NotFound) -> PlainText:
    return PlainText(str(exc.detail), status_code=exc.status_code)


app = Lilya(exception_handlers={HTTPException: not_found, NotFound: not_found})
"""


def mypy_strict(source: str, folder: Path) -> str:
    api = pytest.importorskip("mypy.api")
    (folder / "typed_app.py").write_text(source)
    arguments = ["--strict", "--cache-dir", str(folder / ".mypy_cache")]
    stdout, stderr, _ = api.run([*arguments, str(folder / "typed_app.py")])
    return stdout + stderr


def test_status_code_of_an_instance_is_an_int_to_mypy(tmp_path: Path) -> None:
    report = mypy_strict(PASS_IT_ON, tmp_path)
    assert report.startswith("Success"), report


def test_a_handler_typed_for_a_subclass_is_accepted_by_mypy(tmp_path: Path) -> None:
    report = mypy_strict(HANDLER_FOR_A_SUBCLASS, tmp_path)
    assert report.startswith("Success"), report


@pytest.mark.parametrize(("exc", "code"), [(HTTPException(), 500), (NotFound(), 404)])
def test_status_code_of_an_instance_is_always_an_int(exc: HTTPException, code: int) -> None:
    assert exc.status_code == code
    assert isinstance(exc.status_code, int)


def test_a_configuration_error_reads_as_its_message_without_a_status_code() -> None:
    from lilya.exceptions import ImproperlyConfigured, InternalServerError

    assert str(ImproperlyConfigured("settings module 'x' has no 'Nope'")) == (
        "settings module 'x' has no 'Nope'"
    )
    assert ImproperlyConfigured("x").status_code == 500
    # An HTTP 500 raised on purpose still reads as one.
    assert str(InternalServerError("boom")) == "500: boom"


def test_lilya_exception_arguments_and_detail_as_lilya_keeps_them() -> None:
    """Lilya 0.7.5: empty arguments are dropped, the detail is the last argument, and str()
    joins them, so an exception built with only `detail=` reads as that detail."""
    from lilya.exceptions import LilyaException

    assert str(LilyaException(detail="d")) == "d"
    assert LilyaException(detail="d").args == ("d",)
    assert LilyaException("msg").args == ("msg", "")
    assert LilyaException("", None, 7).args == ("7", "")
    assert str(LilyaException("a", "b")) == "ab"
    assert LilyaException().args == ("",)


def test_websocket_exception_args_are_the_arguments_given() -> None:
    """Lilya 0.7.5 keeps exactly the positional arguments in `args`."""
    from lilya.exceptions import WebSocketException

    assert WebSocketException(1008).args == (1008,)
    assert WebSocketException(1008, "no").args == (1008, "no")
    assert str(WebSocketException(1008)) == "1008: "
