"""What a handler says about itself in the OpenAPI document beyond its signature."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["OperationInfo", "ResponseInfo", "operation"]

F = TypeVar("F", bound=Callable[..., Any])

ATTRIBUTE = "__lilya_openapi__"


@dataclass(frozen=True)
class ResponseInfo:
    """One documented response: its description and, optionally, the type of its JSON body."""

    description: str
    annotation: Any = None
    media_type: str = "application/json"


@dataclass(frozen=True)
class OperationInfo:
    """Extra facts for an operation: tags, summary, description, responses, status code."""

    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    operation_id: str | None = None
    deprecated: bool = False
    status_code: int = 200
    responses: Mapping[int, ResponseInfo] = field(default_factory=dict)


def operation(
    *,
    tags: Sequence[str] = (),
    summary: str | None = None,
    description: str | None = None,
    operation_id: str | None = None,
    deprecated: bool = False,
    status_code: int = 200,
    responses: Mapping[int, ResponseInfo | str] | None = None,
) -> Callable[[F], F]:
    """Decorate a handler with what its docstring and signature cannot say (tags, other
    responses). `status_code` is the status of its usual answer, documented for the return
    annotation; the decorator changes nothing at run time."""
    info = OperationInfo(
        tags=tuple(tags),
        summary=summary,
        description=description,
        operation_id=operation_id,
        deprecated=deprecated,
        status_code=status_code,
        responses={
            code: value if isinstance(value, ResponseInfo) else ResponseInfo(value)
            for code, value in (responses or {}).items()
        },
    )

    def decorate(handler: F) -> F:
        setattr(handler, ATTRIBUTE, info)
        return handler

    return decorate


def info_of(handler: Any) -> OperationInfo:
    """The handler's OperationInfo (the defaults when it has none)."""
    found = getattr(handler, ATTRIBUTE, None)
    return found if isinstance(found, OperationInfo) else OperationInfo()
