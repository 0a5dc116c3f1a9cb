"""lilya._internal keeps the import paths Lilya 0.7.5's documentation uses."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import ImproperlyConfigured
from lilya.routing import Path


async def fail(value: str) -> str:
    raise ValueError(f"bad value {value!r}")


route_patterns = [Path("/fail/{value}", fail)]


def test_handle_value_error_is_the_public_handler() -> None:
    from lilya._internal._exception_handlers import handle_value_error
    from lilya.exception_handlers import handle_value_error as public

    assert handle_value_error is public


def test_handle_value_error_answers_400_with_the_message(test_client_factory: Any) -> None:
    """Lilya 0.7.5: a ValueError becomes 400 {"detail": str(exc)}."""
    from lilya._internal._exception_handlers import handle_value_error

    app = Lilya(routes=route_patterns, exception_handlers={ValueError: handle_value_error})
    response = test_client_factory(app).get("/fail/x")
    assert response.status_code == 400
    assert response.json() == {"detail": "bad value 'x'"}


def test_connection_and_address_are_the_public_ones() -> None:
    from lilya._internal._connection import Connection
    from lilya._internal._message import Address
    from lilya.connections import Address as PublicAddress
    from lilya.connections import Connection as PublicConnection

    assert Connection is PublicConnection
    assert Address is PublicAddress
    assert Address(host="h", port=1).host == "h"


def test_multipart_exception_catches_a_malformed_multipart_body(
    test_client_factory: Any,
) -> None:
    from lilya._internal._parsers import MultiPartException
    from lilya.requests import Request

    caught: list[str] = []

    async def upload(request: Request) -> str:
        try:
            await request.form()
        except MultiPartException as exc:
            caught.append(exc.message)
        return "done"

    app = Lilya(routes=[Path("/", upload, methods=["POST"])])
    headers = {"content-type": "multipart/form-data"}  # no boundary
    assert test_client_factory(app).post("/", content=b"x", headers=headers).text == '"done"'
    assert caught == ["Missing boundary in multipart."]


def test_multipart_exception_is_a_400() -> None:
    from lilya._internal._parsers import MultiPartException
    from lilya.exceptions import BadRequest

    assert issubclass(MultiPartException, BadRequest)
    assert MultiPartException(detail="bad").status_code == 400


def test_include_gives_the_route_list_of_a_module() -> None:
    from lilya._internal._urls import include

    assert include("tests._internal.test_aliases") is route_patterns


def test_include_refuses_a_value_that_is_not_a_module_path() -> None:
    from lilya._internal._urls import include

    with pytest.raises(ImproperlyConfigured):
        include(["x"])


def test_urls_reverse_is_compat_reverse() -> None:
    from lilya._internal._urls import reverse
    from lilya.compat import reverse as public

    assert reverse is public


def test_repr_mixin_is_the_public_one() -> None:
    from lilya._internal._representation import Repr
    from lilya.representation import Repr as PublicRepr

    assert Repr is PublicRepr


def test_repr_is_importable_from_the_package() -> None:
    """Lilya 0.7.5: `from lilya._internal import Repr`."""
    from lilya._internal import Repr
    from lilya.representation import Repr as public

    assert Repr is public


def test_import_string_with_lilyas_errors() -> None:
    """Lilya 0.7.5's lilya._internal._module_loading.import_string: dotted paths only, and
    ImportError (ModuleNotFoundError for a missing module) when it cannot import."""
    from lilya._internal._module_loading import import_string

    assert import_string("lilya.status.HTTP_200_OK") == 200
    with pytest.raises(ModuleNotFoundError):
        import_string("no_such_module_xyz.Thing")
    with pytest.raises(ImportError, match=r'Module "lilya\.status" does not define a "NOPE"'):
        import_string("lilya.status.NOPE")
    with pytest.raises(ImportError, match="doesn't look like a module path"):
        import_string("lilya")
