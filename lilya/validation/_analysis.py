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

from lilya.exceptions import ImproperlyConfigured
from lilya.params import REQUIRED, BodyInfo, HeaderInfo, Param

__all__ = ["TypedParam", "is_body_type", "is_pydantic_type", "typed_parameter"]

_SEQUENCES = (list, tuple, set, frozenset, Collection)


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


def _is_sequence(annotation: Any) -> bool:
    base, _ = _split_annotated(_strip_optional(annotation))
    origin = typing.get_origin(base)
    return origin is not None and inspect.isclass(origin) and issubclass(origin, _SEQUENCES)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("Expected a finite number")
    return value


def _converter(annotation: Any) -> Callable[[Any], Any]:
    """Turn request text (or a list of texts) into the annotated type, or raise."""
    if annotation is str or annotation is Any:
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
    parameter: inspect.Parameter, qualname: str, path_names: Collection[str] = ()
) -> TypedParam | None:
    """The typed parameter this is, or None when it keeps Lilya's plain behaviour."""
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
    elif parameter.name not in path_names and is_body_type(annotation):
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
    sequence = marker.location in ("query", "header") and _is_sequence(annotation)
    if not is_pydantic_type(annotation):
        try:  # msgspec accepts any class lazily; a type it can describe it can also decode
            _msgspec().json.schema(full)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"{qualname}() parameter {parameter.name!r}: cannot validate {annotation!r} "
                f"({str(exc).splitlines()[-1]})."
            ) from exc
    return TypedParam(
        name=parameter.name,
        location=marker.location,
        key=_key(parameter.name, marker),
        annotation=full,
        marker=marker,
        default=default,
        sequence=sequence,
        convert=_identity if marker.location == "body" else _converter(full),
    )
