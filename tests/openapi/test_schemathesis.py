"""schemathesis fuzzes examples/typed.py from its own OpenAPI document: no 500, and every
response conforms to the document (status, content type, schema). A small budget keeps the
everyday run fast; scripts/fuzz-like runs may raise it with SCHEMATHESIS_EXAMPLES."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from examples.typed import app

schema = schemathesis.openapi.from_asgi("/openapi.json", app)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


def test_the_fuzzed_document_lists_every_operation() -> None:
    operations = {
        (found.ok().method.upper(), found.ok().path) for found in schema.get_all_operations()
    }
    assert operations == {
        ("GET", "/api/items"),
        ("POST", "/api/items"),
        ("GET", "/api/items/{item_id}"),
        ("POST", "/api/items/{item_id}/reviews"),
        ("GET", "/api/whoami"),
    }


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
