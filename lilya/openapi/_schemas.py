"""JSON Schemas (2020-12, as OpenAPI 3.1 uses them) for Python types, shared components kept
under `#/components/schemas`: msgspec describes most types, pydantic describes its models."""

from __future__ import annotations

import enum
from typing import Any

from lilya.validation._analysis import is_pydantic_type, schema_hook

__all__ = ["Components"]

_REF = "#/components/schemas/{name}"


class Components:
    """The schemas collected while a document is built."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}

    def schema(self, annotation: Any, *, mode: str = "validation") -> dict[str, Any]:
        """The schema of a type; named types are added to the components and referenced.

        `mode`: "validation" for what a request sends, "serialization" for a response."""
        if is_pydantic_type(annotation):
            import pydantic

            adapter: Any = pydantic.TypeAdapter(annotation)
            found = dict(
                adapter.json_schema(ref_template="#/components/schemas/{model}", mode=mode)
            )
            self.schemas.update(found.pop("$defs", {}))
            if isinstance(annotation, type):  # a model: a component of its own, as msgspec's
                name = annotation.__name__
                self.schemas[name] = found
                return {"$ref": _REF.format(name=name)}
            return found
        import msgspec

        try:
            (found,), components = msgspec.json.schema_components(
                [annotation], ref_template=_REF, schema_hook=schema_hook
            )
        except (TypeError, ValueError):
            return {}  # a type msgspec cannot describe: any value
        self.schemas.update(components)
        return dict(found)


def default_value(value: Any) -> tuple[bool, Any]:
    """Whether a parameter default can appear in a document, and as what."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return True, value
    if isinstance(value, (list, tuple)) and all(
        isinstance(item, (str, int, float, bool)) for item in value
    ):
        return True, list(value)
    return False, None
