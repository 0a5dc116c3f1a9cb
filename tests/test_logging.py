"""InterceptHandler hands standard-library records to loguru as if loguru had been called."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from loguru import logger

from lilya.logging import InterceptHandler


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, list[Any]]]:
    records: list[Any] = []
    sink = logger.add(lambda message: records.append(message.record), level=0)
    # Outside the logger hierarchy: pytest's own capturing handlers on the root never see it.
    std = logging.Logger("tests.intercepted")
    handler = InterceptHandler()
    std.addHandler(handler)
    std.setLevel(1)
    try:
        yield std, records
    finally:
        std.removeHandler(handler)
        logger.remove(sink)


def test_level_message_and_caller_are_kept(captured: tuple[logging.Logger, list[Any]]) -> None:
    std, records = captured
    std.warning("disk at %d%%", 91)
    (record,) = records
    assert record["level"].name == "WARNING"
    assert record["message"] == "disk at 91%"
    # Reported from here, not from the logging module's machinery.
    assert record["function"] == "test_level_message_and_caller_are_kept"
    assert record["file"].path == __file__


def test_tracebacks_are_kept(captured: tuple[logging.Logger, list[Any]]) -> None:
    std, records = captured
    try:
        {}["missing"]
    except KeyError:
        std.exception("lookup failed")
    (record,) = records
    assert record["level"].name == "ERROR"
    assert record["exception"].type is KeyError


def test_a_level_loguru_lacks_keeps_its_number(
    captured: tuple[logging.Logger, list[Any]],
) -> None:
    std, records = captured
    std.log(25, "between info and warning")
    (record,) = records
    assert record["level"].no == 25


def test_a_broken_record_goes_to_handle_error(
    captured: tuple[logging.Logger, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    std, records = captured
    std.info("%d apples", "not a number")  # formatting fails inside emit
    assert records == []
    assert "--- Logging error ---" in capsys.readouterr().err


def test_without_loguru_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "loguru", None)  # what an absent package looks like
    with pytest.raises(ImportError, match="pip install loguru"):
        InterceptHandler()
