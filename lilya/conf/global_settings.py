"""The default settings: a dataclass that projects subclass to override values."""

from __future__ import annotations

import builtins
import copy
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from lilya import __version__
from lilya.conf.enums import EnvironmentType

__all__ = ["EnvironmentType", "Settings"]


@dataclass
class Settings:
    """Every default lilya reads. Subclass it and override fields or properties.

    Application arguments given explicitly win over settings values. Subclasses become
    dataclasses themselves (no decorator needed), and a list, dict or set given as a default is
    copied per instance instead of being rejected.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in inspect.get_annotations(cls):
            default = cls.__dict__.get(name)
            if isinstance(default, list | dict | set):
                setattr(cls, name, field(default_factory=_copier(default)))
        dataclass(cls)

    # The first eight fields come in Lilya 0.7.5's order, so positional arguments, dict() and
    # tuple() line up with it; lilya's own fields follow.
    debug: bool = field(default=False)
    environment: str | None = field(default=EnvironmentType.PRODUCTION)
    version: str | int | float = field(default=__version__)
    app: Any = None
    ptpython_config_file: str = "~/.config/ptpython/config.py"
    include_in_schema: bool = field(default=True)
    default_route_pattern: str = field(default="route_patterns")
    enforce_return_annotation: bool = False
    redirect_slashes: bool = True
    # Limits for request.form(); a call's own arguments win over these.
    form_max_fields: int = 1000
    form_max_files: int = 1000
    form_max_part_size: int = 1024 * 1024
    form_max_body_size: int = 2 * 1024 * 1024
    # Largest request body in bytes (10 MiB), checked while it streams in: a larger
    # Content-Length, or a chunked body growing past it, is a 413. None: no limit. The app,
    # an Include or a Path may set their own (`max_body_size=`).
    max_body_size: int | None = 10 * 1024 * 1024
    # Deepest nesting of arrays/objects accepted in a JSON body or WebSocket frame (128): a
    # deeper document is a 400 (close 1007 on a WebSocket). None: no limit (still no crash).
    json_max_depth: int | None = 128
    ipython_args: ClassVar[list[str]] = ["--no-banner"]

    @property
    def routes(self) -> list[Any]:
        return []

    @property
    def middleware(self) -> Sequence[Any]:
        return []

    @property
    def permissions(self) -> Sequence[Any]:
        return []

    @property
    def exception_handlers(self) -> dict[Any, Any]:
        return {}

    @property
    def on_startup(self) -> Sequence[Callable[[], Any]] | None:
        """None, as in Lilya 0.7.5 (no startup handlers)."""
        return None

    @property
    def on_shutdown(self) -> Sequence[Callable[[], Any]] | None:
        """None, as in Lilya 0.7.5 (no shutdown handlers)."""
        return None

    @property
    def lifespan(self) -> Any:
        return None

    def dict(self, exclude_none: bool = False, upper: bool = False) -> builtins.dict[str, Any]:
        """Fields and their values (properties excluded); `upper` upper-cases the names, as
        settings dumped into an environment expect."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if exclude_none:
            values = {k: v for k, v in values.items() if v is not None}
        if upper:
            return {k.upper(): v for k, v in values.items()}
        return values

    def tuple(
        self, exclude_none: bool = False, upper: bool = False
    ) -> list[builtins.tuple[str, Any]]:
        """The same as dict(), as a list of (name, value) pairs."""
        return list(self.dict(exclude_none=exclude_none, upper=upper).items())


def _copier(value: Any) -> Any:
    return lambda: copy.copy(value)
