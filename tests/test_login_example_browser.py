"""examples/login.py in a real browser: uvicorn serves it on a free loopback port and headless
Chromium (Debian's chromium and chromium-driver, driven by selenium) logs in, posts a note
through the CSRF-protected form, sees it, and gets the 403 page when the hidden token is changed
or the token cookie is gone. scripts/install installs Chromium when it can."""

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

WAIT = 15  # seconds a page may take to appear before the test fails


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "examples.login:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning"]
    yield from serve(command, port)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    yield from headless_chromium(WAIT)


@pytest.fixture
def browser(chromium: Any, base_url: str) -> Any:
    """The shared browser with no cookies for this site: every test starts logged out."""
    chromium.get(f"{base_url}/login")
    chromium.delete_all_cookies()
    return chromium


def wait_for(browser: Any, element_id: str) -> Any:
    return WebDriverWait(browser, WAIT).until(
        shown.presence_of_element_located((By.ID, element_id))
    )


def log_in(browser: Any, base_url: str) -> None:
    browser.get(f"{base_url}/")
    wait_for(browser, "username").send_keys("alice")
    browser.find_element(By.ID, "password").send_keys("wonderland")
    browser.find_element(By.ID, "login").click()
    assert wait_for(browser, "user").text == "alice"


def notes_shown(browser: Any) -> list[str]:
    return [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#notes li")]


def test_a_person_logs_in_posts_a_note_and_sees_it(browser: Any, base_url: str) -> None:
    log_in(browser, base_url)
    browser.find_element(By.ID, "note").send_keys("<b>water the plants</b>")
    browser.find_element(By.ID, "save").click()
    wait_for(browser, "saved")
    assert notes_shown(browser)[0] == "<b>water the plants</b>"  # shown as text, not markup


def test_logging_out_leads_back_to_the_login_page(browser: Any, base_url: str) -> None:
    log_in(browser, base_url)
    browser.find_element(By.ID, "logout").click()
    wait_for(browser, "username")
    browser.get(f"{base_url}/notes")
    assert wait_for(browser, "login").text == "Log in"


def test_a_tampered_hidden_token_gets_the_403_page(browser: Any, base_url: str) -> None:
    log_in(browser, base_url)
    browser.find_element(By.ID, "note").send_keys("tampered note")
    browser.execute_script(
        "const field = document.querySelector('#note').form.elements['csrf_token'];"
        "field.value = (field.value[0] === '0' ? '1' : '0') + field.value.slice(1);"
    )
    browser.find_element(By.ID, "save").click()
    assert wait_for(browser, "forbidden").text == "403 Forbidden"
    assert "CSRF token verification failed." in browser.page_source
    browser.get(f"{base_url}/notes")
    assert "tampered note" not in notes_shown(browser)


def test_a_form_post_without_the_token_cookie_gets_the_403_page(
    browser: Any, base_url: str
) -> None:
    log_in(browser, base_url)
    browser.delete_cookie("csrftoken")
    browser.find_element(By.ID, "note").send_keys("cookieless note")
    browser.find_element(By.ID, "save").click()
    assert wait_for(browser, "forbidden").text == "403 Forbidden"
