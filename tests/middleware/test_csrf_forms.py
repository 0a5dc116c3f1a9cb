"""CSRF with plain HTML forms: the token from a form field, handed to templates from the first
GET, and rejections answered by the app's exception handlers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import ClientDisconnect, PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.middleware.csrf import CSRFMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText
from lilya.routing import Path as Route
from lilya.templating import Jinja2Template

SECRET = "csrf-forms-secret"
FORM_PAGE = (
    '<form method="post" action="/submit">'
    '<input type="hidden" name="csrf_token" value="{{ csrf_token }}">'
    '<input name="title"></form>'
)


def build_app(tmp_path: Path, **options: Any) -> Lilya:
    app_options = options.pop("app_options", {})
    (tmp_path / "form.html").write_text(FORM_PAGE)
    templates = Jinja2Template(directory=str(tmp_path))

    def page(request: Request) -> Any:
        return templates.get_template_response(request, "form.html")

    async def submit(request: Request) -> JSONResponse:
        async with request.form() as form:
            return JSONResponse({"title": form.get("title"), "upload": _upload_name(form)})

    return Lilya(
        routes=[Route("/", page), Route("/submit", submit, methods=["POST"])],
        middleware=[DefineMiddleware(CSRFMiddleware, secret=SECRET, **options)],
        **app_options,
    )


def _upload_name(form: Any) -> str | None:
    upload = form.get("file")
    return None if upload is None or isinstance(upload, str) else str(upload.filename)


def token_in_page(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found is not None, html
    return found.group(1)


def test_the_first_get_renders_the_token_that_its_cookie_holds(
    test_client_factory: Any, tmp_path: Path
) -> None:
    client = test_client_factory(build_app(tmp_path))
    response = client.get("/")
    assert token_in_page(response.text) == response.cookies["csrftoken"]


def test_a_later_get_renders_the_token_of_the_cookie_it_sent(
    test_client_factory: Any, tmp_path: Path
) -> None:
    client = test_client_factory(build_app(tmp_path))
    first = client.get("/").cookies["csrftoken"]
    assert token_in_page(client.get("/").text) == first


def test_a_urlencoded_form_with_the_token_passes_and_the_handler_reads_it(
    test_client_factory: Any, tmp_path: Path
) -> None:
    client = test_client_factory(build_app(tmp_path))
    token = token_in_page(client.get("/").text)
    response = client.post("/submit", data={"csrf_token": token, "title": "hello"})
    assert response.status_code == 200, response.text
    assert response.json() == {"title": "hello", "upload": None}


def test_a_multipart_form_with_the_token_passes_and_keeps_its_upload(
    test_client_factory: Any, tmp_path: Path
) -> None:
    client = test_client_factory(build_app(tmp_path))
    token = token_in_page(client.get("/").text)
    response = client.post(
        "/submit",
        data={"csrf_token": token, "title": "report"},
        files={"file": ("notes.txt", b"x" * 10_000, "text/plain")},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"title": "report", "upload": "notes.txt"}


def test_a_tampered_form_token_is_refused(test_client_factory: Any, tmp_path: Path) -> None:
    client = test_client_factory(build_app(tmp_path))
    token = token_in_page(client.get("/").text)
    tampered = ("0" if token[0] != "0" else "1") + token[1:]
    response = client.post("/submit", data={"csrf_token": tampered, "title": "x"})
    assert response.status_code == 403
    assert response.text == "CSRF token verification failed."


def test_a_form_without_the_token_is_refused(test_client_factory: Any, tmp_path: Path) -> None:
    client = test_client_factory(build_app(tmp_path))
    client.get("/")
    assert client.post("/submit", data={"title": "x"}).status_code == 403


def test_the_form_field_name_is_configurable(test_client_factory: Any, tmp_path: Path) -> None:
    client = test_client_factory(build_app(tmp_path, form_field_name="_token"))
    token = client.get("/").cookies["csrftoken"]
    refused = client.post("/submit", data={"csrf_token": token})
    accepted = client.post("/submit", data={"_token": token, "title": "t"})
    assert (refused.status_code, accepted.status_code) == (403, 200)


def test_form_tokens_can_be_turned_off(test_client_factory: Any, tmp_path: Path) -> None:
    client = test_client_factory(build_app(tmp_path, form_field_name=None))
    token = client.get("/").cookies["csrftoken"]
    assert client.post("/submit", data={"csrf_token": token}).status_code == 403


def test_a_form_larger_than_the_limit_must_send_the_header(
    test_client_factory: Any, tmp_path: Path
) -> None:
    """The middleware holds at most max_form_size bytes of a body in memory."""
    client = test_client_factory(build_app(tmp_path, max_form_size=1000))
    token = client.get("/").cookies["csrftoken"]
    big = {"csrf_token": token, "title": "x" * 5000}
    assert client.post("/submit", data=big).status_code == 403
    with_header = client.post("/submit", data=big, headers={"X-CSRFToken": token})
    assert with_header.status_code == 200


def test_a_malformed_multipart_body_is_refused_not_a_500(
    test_client_factory: Any, tmp_path: Path
) -> None:
    client = test_client_factory(build_app(tmp_path))
    client.get("/")
    response = client.post(
        "/submit", content=b"garbage", headers={"content-type": "multipart/form-data"}
    )
    assert response.status_code == 403


def test_the_header_still_wins_over_the_form(test_client_factory: Any, tmp_path: Path) -> None:
    client = test_client_factory(build_app(tmp_path))
    token = client.get("/").cookies["csrftoken"]
    response = client.post(
        "/submit", data={"csrf_token": "wrong", "title": "h"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("key", [403, PermissionDenied])
def test_a_rejection_goes_through_the_apps_exception_handler(
    test_client_factory: Any, tmp_path: Path, key: Any
) -> None:
    def refused(request: Request, exc: PermissionDenied) -> PlainText:
        return PlainText(f"refused: {exc.detail}", status_code=exc.status_code)

    app = build_app(tmp_path, app_options={"exception_handlers": {key: refused}})
    client = test_client_factory(app)
    response = client.post("/submit", data={"title": "x"})
    assert (response.status_code, response.text) == (
        403,
        "refused: CSRF token verification failed.",
    )


def test_a_catch_all_exception_handler_does_not_take_the_refusal(
    test_client_factory: Any, tmp_path: Path
) -> None:
    """As for a PermissionDenied raised in a handler: the app's `Exception` handler is for
    server errors; a client's 403 is answered by the HTTP exception handling."""

    def server_error(request: Request, exc: Exception) -> PlainText:
        return PlainText("server error", status_code=500)

    app = build_app(tmp_path, app_options={"exception_handlers": {Exception: server_error}})
    app.add_route("/denied", _raise_permission_denied)
    client = test_client_factory(app)
    refused = client.post("/submit", data={"title": "x"})
    raised = client.get("/denied")
    assert (refused.status_code, refused.text) == (403, "CSRF token verification failed.")
    assert raised.status_code == 403


def _raise_permission_denied() -> None:
    raise PermissionDenied()


def test_a_handler_returning_nothing_falls_back_to_the_plain_refusal(
    test_client_factory: Any, tmp_path: Path
) -> None:
    app = build_app(tmp_path, app_options={"exception_handlers": {403: lambda r, e: None}})
    response = test_client_factory(app).post("/submit", data={"title": "x"})
    assert (response.status_code, response.text) == (403, "CSRF token verification failed.")


def form_scope(token: str) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [
            (b"cookie", f"csrftoken={token}".encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ],
    }


@pytest.mark.anyio
async def test_a_client_leaving_while_the_form_is_read_ends_the_request(
    anyio_backend: str,
) -> None:
    async def never(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not run")

    middleware = CSRFMiddleware(never, secret=SECRET)

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    with pytest.raises(ClientDisconnect):
        await middleware(form_scope(middleware.generate_token()), receive, _no_send)


@pytest.mark.anyio
async def test_after_the_replayed_body_the_app_hears_the_server(anyio_backend: str) -> None:
    heard: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        heard.extend([await receive(), await receive()])

    middleware = CSRFMiddleware(app, secret=SECRET)
    token = middleware.generate_token()
    messages = [
        {"type": "http.request", "body": f"csrf_token={token}".encode(), "more_body": False},
        {"type": "http.disconnect"},
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    await middleware(form_scope(token), receive, _no_send)
    assert [message["type"] for message in heard] == ["http.request", "http.disconnect"]
    assert heard[0]["body"] == f"csrf_token={token}".encode()


async def _no_send(message: Any) -> None:
    raise AssertionError("nothing is sent")
