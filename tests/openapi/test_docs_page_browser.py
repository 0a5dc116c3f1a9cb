"""The docs page of examples/typed.py in a real browser: uvicorn serves it on a free loopback
port and headless Chromium (Debian's chromium and chromium-driver, driven by selenium) loads
/docs with no network beyond the app, sees every operation listed, and tries one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import headless_chromium, require_chromium
from tests.servers import free_port, serve

require_chromium()
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as shown  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 20  # seconds a page may take to appear before the test fails


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "examples.typed:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    yield from serve(command, port)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from headless_chromium(WAIT)


def operations(browser: Any, base_url: str) -> list[Any]:
    browser.get(f"{base_url}/docs")
    WebDriverWait(browser, WAIT).until(
        shown.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )
    return list(browser.find_elements(By.CSS_SELECTOR, ".opblock"))


def test_the_docs_page_lists_every_operation(browser: Any, base_url: str) -> None:
    found = {
        (
            block.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text,
            block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path"),
        )
        for block in operations(browser, base_url)
    }
    assert found == {
        ("GET", "/api/items"),
        ("POST", "/api/items"),
        ("GET", "/api/items/{item_id}"),
        ("POST", "/api/items/{item_id}/reviews"),
        ("GET", "/api/whoami"),
    }


def test_the_docs_page_loads_nothing_from_elsewhere(browser: Any, base_url: str) -> None:
    operations(browser, base_url)
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert loaded
    assert [url for url in loaded if not url.startswith(base_url)] == []


def test_an_operation_can_be_tried_from_the_page(browser: Any, base_url: str) -> None:
    block = operations(browser, base_url)[0]
    block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    wait = WebDriverWait(browser, WAIT)
    wait.until(shown.element_to_be_clickable((By.CSS_SELECTOR, ".try-out__btn"))).click()
    wait.until(shown.element_to_be_clickable((By.CSS_SELECTOR, ".execute"))).click()
    status = wait.until(
        shown.presence_of_element_located(
            (By.CSS_SELECTOR, ".live-responses-table .response .response-col_status")
        )
    )
    assert status.text.strip() == "200"
    body = browser.find_element(By.CSS_SELECTOR, ".live-responses-table .microlight").text
    assert '"name": "pen"' in body
