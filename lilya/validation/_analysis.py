"""Which handler parameters are typed (declared with a lilya.params marker, or a body type),
and the converter of each, worked out once when the route is built."""

from __future__ import annotations

import dataclasses
import inspect
import math
import sys
import types
import typing
from collections.abc import Callable, Collection
from typing import Annotated, Any, Union

from lilya.datastructures.uploads import DataUpload
from lilya.exceptions import ImproperlyConfigured
from lilya.params import REQUIRED, BodyInfo, HeaderInfo, Param

__all__ = [
    "FormField",
    "TypedParam",
    "is_body_type",
    "is_pydantic_type",
    "schema_hook",
    "typed_parameter",
]

_SEQUENCES = (list, tuple, set, frozenset, Collection)


@dataclasses.dataclass(frozen=True, slots=True)
class FormField:
    """One field of a structured type read from a form."""

    attribute: str  # the attribute (or key) of the built value
    key: str  # the form field's name
    sequence: bool  # every repetition, as a list
    blank_is_missing: bool  # an empty value counts as not sent
    upload: bool  # a file (or files)
    checkbox: bool  # a bool: "on" / "off" read as true / false


@dataclasses.dataclass(frozen=True, slots=True)
class TypedParam:
    """One typed parameter: where it is read, under which key, and how it is validated."""

    name: str  # the handler's parameter name
    location: str  # query, header, cookie, path or body
    key: str  # the name in the request
    annotation: Any  # the type validated, bounds of the marker included
    marker: Param
    default: Any  # REQUIRED when the request must provide it
    sequence: bool  # a list of values (query / header repetitions)
    convert: Callable[[Any], Any]  # raises msgspec.ValidationError / ValueError
    # Form values only: an empty text (or an empty unnamed file, as a browser sends for an
    # empty input) counts as not sent, unless the type is text.
    blank_is_missing: bool = False
    upload: bool = False  # a file is, or may be, part of the value
    # A bool form value: "on" (what a checked HTML checkbox sends) and "off" read as true and
    # false, as pydantic reads them.
    checkbox: bool = False
    form_fields: tuple[FormField, ...] | None = None  # a structured type built from a form

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def is_pydantic_type(annotation: Any) -> bool:
    """Whether a type is, or contains, a pydantic model (validated by pydantic, not msgspec)."""
    pydantic = sys.modules.get("pydantic")
    if pydantic is None:
        return False
    if inspect.isclass(annotation) and issubclass(annotation, pydantic.BaseModel):
        return True
    return any(is_pydantic_type(arg) for arg in typing.get_args(annotation))


def is_body_type(annotation: Any) -> bool:
    """Structured types that are a request body by themselves: dataclasses, TypedDicts,
    msgspec Structs, pydantic models and attrs classes."""
    if not inspect.isclass(annotation):
        return False
    return (
        dataclasses.is_dataclass(annotation)
        or typing.is_typeddict(annotation)
        or _is_struct(annotation)
        or is_pydantic_type(annotation)
        or hasattr(annotation, "__attrs_attrs__")
    )


def _is_struct(annotation: type) -> bool:
    msgspec = sys.modules.get("msgspec")  # a Struct exists only once msgspec is imported
    return msgspec is not None and issubclass(annotation, msgspec.Struct)


def _msgspec() -> Any:
    try:
        import msgspec
    except ImportError as exc:  # pragma: no cover - msgspec is installed for the tests
        raise ImproperlyConfigured(
            "Typed handler parameters are validated by msgspec: install it (pip install msgspec)."
        ) from exc
    return msgspec


def _split_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    if typing.get_origin(annotation) is Annotated:
        base, *metadata = typing.get_args(annotation)
        return base, metadata
    return annotation, []


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) is Union or isinstance(annotation, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _item_type(annotation: Any) -> Any:
    """The type of one value: optional and Annotated removed, a sequence's item type."""
    base, _ = _split_annotated(_strip_optional(annotation))
    if _is_sequence(base):
        args = typing.get_args(base)
        base, _ = _split_annotated(_strip_optional(args[0] if args else Any))
    return base


def _is_upload(annotation: Any) -> bool:
    item = _item_type(annotation)
    return inspect.isclass(item) and issubclass(item, DataUpload)


def _blank_is_missing(annotation: Any) -> bool:
    return _item_type(annotation) not in (str, Any)


def schema_hook(annotation: Any) -> dict[str, Any]:
    """msgspec's schema for the types it does not know: an uploaded file is binary."""
    if inspect.isclass(annotation) and issubclass(annotation, DataUpload):
        return {"type": "string", "format": "binary"}
    raise NotImplementedError


def _form_fields(annotation: Any) -> tuple[FormField, ...]:
    """The fields of a structured type, as a form sends them."""
    pairs: list[tuple[str, str, Any]]
    if is_pydantic_type(annotation):
        pairs = [
            (name, info.alias or name, info.annotation)
            for name, info in annotation.model_fields.items()
        ]
    elif _is_struct(annotation):
        pairs = [(f.name, f.encode_name, f.type) for f in _msgspec().structs.fields(annotation)]
    else:
        hints = typing.get_type_hints(annotation, include_extras=True)
        if dataclasses.is_dataclass(annotation):
            names = [f.name for f in dataclasses.fields(annotation) if f.init]
        elif hasattr(annotation, "__attrs_attrs__"):
            names = [a.name for a in annotation.__attrs_attrs__]
        else:
            names = list(hints)
        pairs = [(name, name, hints.get(name, Any)) for name in names]
    return tuple(
        FormField(
            attribute=attribute,
            key=key,
            sequence=_is_sequence(hint),
            blank_is_missing=_blank_is_missing(hint),
            upload=_is_upload(hint),
            checkbox=_item_type(hint) is bool,
        )
        for attribute, key, hint in pairs
    )


def _structured_converter(annotation: Any, fields: tuple[FormField, ...]) -> Callable[[Any], Any]:
    """Build a structured type from a dict of form values; non-finite numbers are refused."""
    if is_pydantic_type(annotation):
        import pydantic

        build: Callable[[Any], Any] = pydantic.TypeAdapter(annotation).validate_python
    else:
        convert = _msgspec().convert

        def build(data: Any) -> Any:
            return convert(data, annotation, strict=False)

    def to_type(data: Any) -> Any:
        result = build(data)
        for field in fields:
            value = (
                result.get(field.attribute)
                if isinstance(result, dict)
                else getattr(result, field.attribute, None)
            )
            for item in value if isinstance(value, list) else (value,):
                if isinstance(item, float) and not math.isfinite(item):
                    raise _NonFinite(field.key)
        return result

    return to_type


class _NonFinite(ValueError):
    """A built form value holds nan or infinity in the field `key`."""

    def __init__(self, key: str) -> None:
        super().__init__("Expected a finite number")
        self.key = key


def _is_sequence(annotation: Any) -> bool:
    base, _ = _split_annotated(_strip_optional(annotation))
    origin = typing.get_origin(base)
    return origin is not None and inspect.isclass(origin) and issubclass(origin, _SEQUENCES)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("Expected a finite number")
    return value


def _converter(annotation: Any, *, text_passes: bool = True) -> Callable[[Any], Any]:
    """Turn request text (or a list of texts) into the annotated type, or raise.

    `text_passes`: a str annotation takes the value as it is (form values may be files, so
    theirs are checked)."""
    if annotation is Any or (text_passes and annotation is str):
        return _identity
    convert = _msgspec().convert

    def to_type(value: Any) -> Any:
        result = convert(value, annotation, strict=False)
        if isinstance(result, float):
            return _finite(result)
        if isinstance(result, list):
            for item in result:
                if isinstance(item, float):
                    _finite(item)
        return result

    return to_type


def _identity(value: Any) -> Any:
    return value


def _with_bounds(annotation: Any, marker: Param) -> Any:
    bounds = marker.constraints()
    if not bounds:
        return annotation
    inner = _strip_optional(annotation)
    bounded: Any = Annotated[inner, _msgspec().Meta(**bounds)]
    return bounded if inner is annotation else bounded | None


def _key(name: str, marker: Param) -> str:
    if marker.alias is not None:
        return marker.alias
    if isinstance(marker, HeaderInfo):
        key = name.replace("_", "-") if marker.convert_underscores else name
        return key.lower()
    return name


def typed_parameter(
    parameter: inspect.Parameter,
    qualname: str,
    path_names: Collection[str] = (),
    *,
    websocket: bool = False,
) -> TypedParam | None:
    """The typed parameter this is, or None when it keeps Lilya's plain behaviour.

    A WebSocket handler's parameters are typed only by a marker (a handshake has no body: a
    structured annotation is not taken for one, and Body() or Form() are refused)."""
    annotation, metadata = _split_annotated(parameter.annotation)
    markers = [item for item in metadata if isinstance(item, Param)]
    default = parameter.default
    if isinstance(default, Param):
        markers.append(default)
        default = inspect.Parameter.empty
    if len(markers) > 1:
        raise ImproperlyConfigured(
            f"{qualname}() parameter {parameter.name!r} has more than one lilya.params marker."
        )
    if markers:
        marker = markers[0]
        if websocket and marker.location in ("body", "form"):
            raise ImproperlyConfigured(
                f"{qualname}() parameter {parameter.name!r}: a WebSocket handshake has no "
                "request body; read messages with websocket.receive_json()."
            )
    elif not websocket and parameter.name not in path_names and is_body_type(annotation):
        marker = BodyInfo()
    else:
        return None
    if annotation is inspect.Parameter.empty or isinstance(annotation, str):
        raise ImproperlyConfigured(
            f"{qualname}() parameter {parameter.name!r} needs a type annotation that can be "
            "resolved at runtime to be validated."
        )
    if marker.location == "path" and parameter.name not in path_names:
        raise ImproperlyConfigured(
            f"{qualname}() parameter {parameter.name!r} is marked PathParam() but its route "
            "has no such path parameter."
        )
    others = [item for item in metadata if not isinstance(item, Param)]
    full: Any = annotation
    for item in others:  # nested Annotated flattens: the non-marker metadata is kept
        full = Annotated[full, item]
    full = _with_bounds(full, marker)
    if marker.default is not REQUIRED:
        default = marker.default
    elif default is inspect.Parameter.empty:
        default = REQUIRED
    form = marker.location == "form"
    sequence = marker.location in ("query", "header", "form") and _is_sequence(annotation)
    if not is_pydantic_type(annotation):
        try:  # msgspec accepts any class lazily; a type it can describe it can also decode
            _msgspec().json.schema(full, schema_hook=schema_hook)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"{qualname}() parameter {parameter.name!r}: cannot validate {annotation!r} "
                f"({str(exc).splitlines()[-1]})."
            ) from exc
    if form and is_body_type(_strip_optional(annotation)):
        fields = _form_fields(_strip_optional(annotation))
        return TypedParam(
            name=parameter.name,
            location="form",
            key=_key(parameter.name, marker),
            annotation=full,
            marker=marker,
            default=default,
            sequence=False,
            convert=_structured_converter(full, fields),
            upload=any(field.upload for field in fields),
            form_fields=fields,
        )
    body = marker.location == "body"
    convert = _identity if body else _converter(full, text_passes=not form)
    return TypedParam(
        name=parameter.name,
        location=marker.location,
        key=_key(parameter.name, marker),
        annotation=full,
        marker=marker,
        default=default,
        sequence=sequence,
        convert=convert,
        blank_is_missing=form and _blank_is_missing(annotation),
        upload=form and _is_upload(annotation),
        checkbox=form and _item_type(annotation) is bool,
    )
