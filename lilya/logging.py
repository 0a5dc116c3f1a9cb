"""InterceptHandler: send the standard library's log records to loguru.

Servers and libraries (uvicorn, anyio, ...) log through `logging`; an app that logs with
loguru installs this handler to get one stream, one format and one set of sinks:

    logging.basicConfig(handlers=[InterceptHandler()], level=0, force=True)

loguru is optional: the handler asks for it when it is created.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loguru import Logger

__all__ = ["InterceptHandler"]

_LOGGING_FILE = logging.__file__


def _loguru_logger() -> Logger:
    try:
        from loguru import logger
    except ImportError as exc:
        raise ImportError(
            "lilya.logging.InterceptHandler sends records to loguru, which is not installed: "
            "pip install loguru"
        ) from exc
    return logger


class InterceptHandler(logging.Handler):
    """A logging handler that re-emits each record through loguru, keeping its level, its
    message, its traceback and the place in the code that logged it."""

    def __init__(self, level: int | str = logging.NOTSET) -> None:
        super().__init__(level)
        self.logger = _loguru_logger()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level: str | int
            try:
                level = self.logger.level(record.levelname).name
            except ValueError:  # a level loguru does not know by that name: keep its number
                level = record.levelno
            self.logger.opt(depth=_caller_depth(), exception=record.exc_info).log(
                level, record.getMessage()
            )
        except Exception:
            self.handleError(record)


def _caller_depth() -> int:
    """How many frames above emit() the code that called `logging` is: loguru reports that
    frame's module, function and line, not the logging machinery's."""
    frame: Any = sys._getframe(2)  # emit's caller: logging's Handler.handle
    depth = 1
    while frame is not None and frame.f_code.co_filename == _LOGGING_FILE:
        frame = frame.f_back
        depth += 1
    return depth
