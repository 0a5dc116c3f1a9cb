"""examples/login.py through the TestClient: login, the CSRF-protected notes form, logout, and
the 403 page for a bad token (the same flows tests/test_login_example_browser.py runs in
Chromium)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from examples.login import MAX_NOTE_LENGTH, MAX_NOTES, check_credentials, create_app


def token_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


@pytest.fixture
def client(test_client_factory: Any) -> Any:
    return test_client_factory(create_app(secret="login-example-test"))


def log_in(client: Any, password: str = "wonderland", username: str = "alice") -> Any:
    token = token_in(client.get("/login").text)
    form = {"csrf_token": token, "username": username, "password": password}
    return client.post("/login", data=form, follow_redirects=False)


def note_form(client: Any, note: str, *, token: str | None = None) -> Any:
    page = client.get("/notes", follow_redirects=False)
    form = {"csrf_token": token if token is not None else token_in(page.text), "note": note}
    return client.post("/notes", data=form)


def test_the_home_page_sends_a_visitor_to_the_login_form(client: Any) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/login")


def test_the_first_login_page_holds_the_token_of_the_cookie_it_sets(client: Any) -> None:
    response = client.get("/login")
    assert token_in(response.text) == response.cookies["csrftoken"]


def test_the_right_password_logs_in_and_leads_to_the_notes(client: Any) -> None:
    response = log_in(client)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/notes")
    page = client.get("/notes")
    assert '<strong id="user">alice</strong>' in page.text


def test_a_wrong_password_is_a_401_with_the_form_again(client: Any) -> None:
    response = log_in(client, password="guess")
    assert response.status_code == 401
    assert "Wrong username or password." in response.text
    assert token_in(response.text)  # the form can be sent again


def test_an_unknown_user_is_refused_like_a_wrong_password(client: Any) -> None:
    response = log_in(client, username="mallory")
    assert response.status_code == 401
    assert "Wrong username or password." in response.text


def test_only_the_demo_account_passes_the_credential_check() -> None:
    assert check_credentials("alice", "wonderland")
    assert not check_credentials("alice", "Wonderland")
    assert not check_credentials("bob", "wonderland")


def test_the_notes_page_sends_an_anonymous_visitor_to_login(client: Any) -> None:
    response = client.get("/notes", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/login")


def test_an_anonymous_post_with_a_valid_token_is_sent_to_login(client: Any) -> None:
    token = token_in(client.get("/login").text)
    response = client.post(
        "/notes", data={"csrf_token": token, "note": "x"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("/login")


def test_a_posted_note_is_shown_escaped_after_the_redirect(client: Any) -> None:
    log_in(client)
    response = note_form(client, "<b>buy milk</b>")
    assert response.status_code == 200
    assert str(response.url).endswith("/notes?saved=1")
    assert 'id="saved"' in response.text
    assert "<li>&lt;b&gt;buy milk&lt;/b&gt;</li>" in response.text


def test_the_newest_notes_are_kept_first_up_to_the_limit(client: Any) -> None:
    log_in(client)
    for number in range(MAX_NOTES + 2):
        note_form(client, f"note {number}")
    shown = re.findall(r"<li>(note \d+)</li>", client.get("/notes").text)
    assert shown == [f"note {number}" for number in range(MAX_NOTES + 1, 1, -1)]


@pytest.mark.parametrize("note", ["   ", "x" * (MAX_NOTE_LENGTH + 1)])
def test_an_empty_or_too_long_note_is_a_400_and_not_kept(client: Any, note: str) -> None:
    log_in(client)
    response = note_form(client, note)
    assert response.status_code == 400
    assert f"A note needs 1 to {MAX_NOTE_LENGTH} characters." in response.text
    assert "No notes yet." in response.text


def test_a_tampered_token_gets_the_403_page_and_the_note_is_not_kept(client: Any) -> None:
    log_in(client)
    token = client.cookies["csrftoken"]
    tampered = ("1" if token[0] == "0" else "0") + token[1:]
    response = note_form(client, "sneaky", token=tampered)
    assert response.status_code == 403
    assert '<h1 id="forbidden">403 Forbidden</h1>' in response.text
    assert "CSRF token verification failed." in response.text
    assert "sneaky" not in client.get("/notes").text


def test_a_form_without_the_csrf_cookie_gets_the_403_page(client: Any) -> None:
    log_in(client)
    token = client.cookies["csrftoken"]
    client.cookies.delete("csrftoken")
    response = client.post("/notes", data={"csrf_token": token, "note": "x"})
    assert response.status_code == 403
    assert '<h1 id="forbidden">403 Forbidden</h1>' in response.text


def test_a_login_post_without_the_token_is_refused(client: Any) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "alice", "password": "wonderland"})
    assert response.status_code == 403
    assert "session" not in client.cookies


def test_logout_ends_the_session(client: Any) -> None:
    log_in(client)
    page = client.get("/notes")
    response = client.post(
        "/logout", data={"csrf_token": token_in(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("/login")
    assert client.get("/notes", follow_redirects=False).status_code == 303


def test_notes_belong_to_the_app_that_stored_them(test_client_factory: Any) -> None:
    first = test_client_factory(create_app(secret="one"))
    log_in(first)
    note_form(first, "only here")
    second = test_client_factory(create_app(secret="one"))
    log_in(second)
    assert "only here" not in second.get("/notes").text
