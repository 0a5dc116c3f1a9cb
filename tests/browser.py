"""Headless Chromium for the tests that use a real browser (Debian's chromium and
chromium-driver, driven by selenium; scripts/install installs them when it can)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


def require_chromium() -> Any:
    """Skip the calling test module without Chromium or selenium; else selenium's webdriver.

    Call it at the module's top level, before importing from selenium."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(
            "Chromium not found: scripts/install installs it "
            "(apt-get install chromium chromium-driver)",
            allow_module_level=True,
        )
    return pytest.importorskip(
        "selenium.webdriver",
        reason="selenium not installed: scripts/install installs it (the testing extra)",
    )


def headless_chromium(page_load_timeout: float) -> Iterator[Any]:
    """A headless Chromium driver, quit when the consumer is done (for a fixture)."""
    webdriver = require_chromium()
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(page_load_timeout)
    try:
        yield driver
    finally:
        driver.quit()
