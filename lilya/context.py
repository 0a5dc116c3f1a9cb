"""The per-call handler context injected into handlers that annotate a `Context` parameter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lilya.types import Scope

if TYPE_CHECKING:  # pragma: no cover
    from lilya.requests import Request

__all__ = ["Context"]


class Context:
    """What a handler may want about the call it serves: the route, request, user, settings.

    Values added with `add_to_context` are returned by `get_context_data` (handy for templates).
    A handler parameter annotated with this class (or a subclass) receives one per call: routing
    recognises it by `handler_context`, so it needs no import of this module.
    """

    handler_context: ClassVar[bool] = True

    def __init__(self, __handler__: Any, __request__: Request) -> None:
        self.__handler__ = __handler__
        self.__request__ = __request__

    @property
    def handler(self) -> Any:
        return self.__handler__

    @property
    def request(self) -> Request:
        return self.__request__

    @property
    def user(self) -> Any:
        return self.request.user

    @property
    def settings(self) -> Any:
        return self.request.app.settings

    @property
    def scope(self) -> Scope:
        return self.request.scope

    @property
    def app(self) -> Any:
        return self.request.scope["app"]

    def add_to_context(self, key: Any, value: Any) -> None:
        if not isinstance(key, str) or key.startswith("__"):
            raise ValueError(f"context keys must be plain strings, not {key!r}")
        setattr(self, key, value)

    def get_context_data(self, **kwargs: Any) -> dict[Any, Any]:
        data = {k: v for k, v in vars(self).items() if not k.startswith("__")}
        data.update(kwargs)
        return data

    def path_for(self, name: str | None = None, /, **path_params: Any) -> str:
        return str(self.request.path_for(name, **path_params))
