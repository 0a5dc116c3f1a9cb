"""Markers that declare where a handler parameter comes from: query, header, cookie, path, body,
form.

`Query()`, `Header()`, `Cookie()`, `PathParam()`, `Body()` and `Form()` build the marker (a `Param`:
QueryInfo, HeaderInfo...); they are typed as returning Any so that `limit: int = Query(10)`
type-checks. A handler opts in per parameter, either as the default value or in `Annotated`:

    async def search(q: str = Query(), limit: Annotated[int, Query(ge=1)] = 10): ...

Parameters without a marker keep Lilya's behaviour (path parameters and the request by name),
except a parameter annotated with a structured type (dataclass, TypedDict, msgspec Struct,
pydantic model, attrs class) that is not a path parameter: that is the JSON request body.
Nothing is read or converted for a handler that declares none of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

__all__ = [
    "REQUIRED",
    "Body",
    "BodyInfo",
    "Cookie",
    "CookieInfo",
    "Form",
    "FormInfo",
    "Header",
    "HeaderInfo",
    "Param",
    "PathInfo",
    "PathParam",
    "Query",
    "QueryInfo",
]


class _Required:
    """The default of a marker whose value the request must provide."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Param:
    """Where a value comes from, how it is named there and what it must satisfy.

    `alias`: the name in the request when it differs from the parameter's. The bounds
    (`gt`, `ge`, `lt`, `le`, `min_length`, `max_length`, `pattern`) are checked by msgspec and
    appear in the OpenAPI document; so do `description`, `examples` and `deprecated`.
    """

    default: Any = REQUIRED
    alias: str | None = None
    description: str | None = None
    title: str | None = None
    examples: list[Any] | None = None
    deprecated: bool = False
    include_in_schema: bool = True
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    location: ClassVar[str] = ""

    def constraints(self) -> dict[str, Any]:
        """The bounds given, by msgspec.Meta's argument names."""
        names = ("gt", "ge", "lt", "le", "min_length", "max_length", "pattern")
        found = {name: getattr(self, name) for name in names}
        return {name: value for name, value in found.items() if value is not None}


@dataclass(frozen=True)
class QueryInfo(Param):
    """A query-string value; a list type collects every repetition (`?tag=a&tag=b`)."""

    location: ClassVar[str] = "query"


@dataclass(frozen=True)
class HeaderInfo(Param):
    """A request header; the parameter `user_agent` reads `user-agent` unless
    `convert_underscores` is false or an alias is given."""

    convert_underscores: bool = True
    location: ClassVar[str] = "header"


@dataclass(frozen=True)
class CookieInfo(Param):
    """A cookie of the request."""

    location: ClassVar[str] = "cookie"


@dataclass(frozen=True)
class PathInfo(Param):
    """A path parameter converted and validated to its annotation (422 when it does not fit).

    Without it a path parameter is passed as the route's transformer made it, as Lilya does.
    """

    location: ClassVar[str] = "path"


@dataclass(frozen=True)
class BodyInfo(Param):
    """The JSON request body, decoded and validated to the parameter's annotation.

    Only needed for types that are not recognised as bodies by themselves (`list[Item]`,
    `dict[str, int]`, scalars).
    """

    media_type: str = "application/json"
    location: ClassVar[str] = "body"


@dataclass(frozen=True)
class FormInfo(Param):
    """A field of an urlencoded or multipart form body, read with `request.form()` (and its
    limits). A list type collects every repetition; a `DataUpload` (`UploadFile`) annotation
    receives an uploaded file; a structured type (dataclass, TypedDict, msgspec Struct,
    pydantic model, attrs class) is built from the form's fields.
    """

    location: ClassVar[str] = "form"


def _common(
    alias: str | None,
    description: str | None,
    title: str | None,
    examples: list[Any] | None,
    deprecated: bool,
    include_in_schema: bool,
    bounds: dict[str, Any],
) -> dict[str, Any]:
    return {
        "alias": alias,
        "description": description,
        "title": title,
        "examples": examples,
        "deprecated": deprecated,
        "include_in_schema": include_in_schema,
        **bounds,
    }


def Query(
    default: Any = REQUIRED,
    *,
    alias: str | None = None,
    description: str | None = None,
    title: str | None = None,
    examples: list[Any] | None = None,
    deprecated: bool = False,
    include_in_schema: bool = True,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A query-string value (see QueryInfo)."""
    bounds = _bounds(gt, ge, lt, le, min_length, max_length, pattern)
    common = _common(alias, description, title, examples, deprecated, include_in_schema, bounds)
    return QueryInfo(default, **common)


def Header(
    default: Any = REQUIRED,
    *,
    alias: str | None = None,
    convert_underscores: bool = True,
    description: str | None = None,
    title: str | None = None,
    examples: list[Any] | None = None,
    deprecated: bool = False,
    include_in_schema: bool = True,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A request header (see HeaderInfo)."""
    bounds = _bounds(gt, ge, lt, le, min_length, max_length, pattern)
    common = _common(alias, description, title, examples, deprecated, include_in_schema, bounds)
    return HeaderInfo(default, convert_underscores=convert_underscores, **common)


def Cookie(
    default: Any = REQUIRED,
    *,
    alias: str | None = None,
    description: str | None = None,
    title: str | None = None,
    examples: list[Any] | None = None,
    deprecated: bool = False,
    include_in_schema: bool = True,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A cookie (see CookieInfo)."""
    bounds = _bounds(gt, ge, lt, le, min_length, max_length, pattern)
    common = _common(alias, description, title, examples, deprecated, include_in_schema, bounds)
    return CookieInfo(default, **common)


def PathParam(
    *,
    alias: str | None = None,
    description: str | None = None,
    title: str | None = None,
    examples: list[Any] | None = None,
    deprecated: bool = False,
    include_in_schema: bool = True,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A path parameter converted to its annotation (see PathInfo); always required."""
    bounds = _bounds(gt, ge, lt, le, min_length, max_length, pattern)
    common = _common(alias, description, title, examples, deprecated, include_in_schema, bounds)
    return PathInfo(REQUIRED, **common)


def Form(
    default: Any = REQUIRED,
    *,
    alias: str | None = None,
    description: str | None = None,
    title: str | None = None,
    examples: list[Any] | None = None,
    deprecated: bool = False,
    include_in_schema: bool = True,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
) -> Any:
    """A form field, uploaded file or whole form (see FormInfo)."""
    bounds = _bounds(gt, ge, lt, le, min_length, max_length, pattern)
    common = _common(alias, description, title, examples, deprecated, include_in_schema, bounds)
    return FormInfo(default, **common)


def Body(
    default: Any = REQUIRED,
    *,
    media_type: str = "application/json",
    description: str | None = None,
    title: str | None = None,
    examples: list[Any] | None = None,
    deprecated: bool = False,
    include_in_schema: bool = True,
) -> Any:
    """The JSON request body (see BodyInfo)."""
    common = _common(None, description, title, examples, deprecated, include_in_schema, {})
    return BodyInfo(default, media_type=media_type, **common)


def _bounds(
    gt: float | None,
    ge: float | None,
    lt: float | None,
    le: float | None,
    min_length: int | None,
    max_length: int | None,
    pattern: str | None,
) -> dict[str, Any]:
    return {
        "gt": gt,
        "ge": ge,
        "lt": lt,
        "le": le,
        "min_length": min_length,
        "max_length": max_length,
        "pattern": pattern,
    }
