"""The documentation's code samples (docs_src/) import, and each app does what its page says.

Every page includes its samples from docs_src/ (pymdownx.snippets), so a sample that stops
working fails here before a reader copies it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SAMPLES = sorted(
    path.relative_to(ROOT)
    for path in (ROOT / "docs_src").rglob("*.py")
    if path.name != "__init__.py"
)
SNIPPET = re.compile(r'--8<-- "([^"]+)"')


def module_name(path: Path) -> str:
    return ".".join(path.with_suffix("").parts)


def included_samples() -> set[str]:
    return {
        match.group(1)
        for page in DOCS.glob("*.md")
        for match in SNIPPET.finditer(page.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize("sample", SAMPLES, ids=str)
def test_sample_imports(sample: Path) -> None:
    module = importlib.import_module(module_name(sample))
    assert module.__name__ == module_name(sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=str)
def test_every_sample_is_shown_on_a_page(sample: Path) -> None:
    assert sample.as_posix() in included_samples()


def test_every_included_sample_exists() -> None:
    missing = [name for name in included_samples() if not (ROOT / name).is_file()]
    assert missing == []


Factory = Callable[..., Any]


def load(name: str) -> Any:
    return importlib.import_module(f"docs_src.{name}")


# -- quick start ----------------------------------------------------------------------------


def test_quickstart_welcomes(test_client_factory: Factory) -> None:
    client = test_client_factory(load("quickstart.app").app)
    assert client.get("/").json() == {"message": "Welcome to lilya"}


def test_quickstart_injects_the_path_parameter(test_client_factory: Factory) -> None:
    client = test_client_factory(load("quickstart.app").app)
    assert client.get("/ada").json() == {"message": "Welcome to lilya, ada"}


def test_quickstart_reads_the_parameter_from_the_request(test_client_factory: Factory) -> None:
    client = test_client_factory(load("quickstart.app").app)
    assert client.get("/in-request/ada").json() == {"message": "Welcome to lilya, ada"}


# -- routing --------------------------------------------------------------------------------


def test_routing_converts_an_int_parameter(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app)
    assert client.get("/items/42").json() == {"id": 42, "type": "int"}


def test_routing_a_parameter_of_the_wrong_type_is_not_found(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app)
    assert client.get("/items/abc").status_code == 404


def test_routing_other_method_is_405_with_allow(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app)
    response = client.delete("/items/1")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD")


def test_routing_post_route_reads_json(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app)
    assert client.post("/items", json={"a": 1}).json() == {"created": {"a": 1}}


def test_routing_uuid_datetime_and_path_parameters(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app)
    key = "5f1b8d3e-8c1a-4a53-9a6e-1f1e2a3b4c5d"
    assert client.get(f"/orders/{key}").json() == {"key": key}
    assert client.get("/log/2024-05-01T10:00:00").json() == {"year": 2024}
    assert client.get("/files/a/b/c.txt").json() == {"rest": "a/b/c.txt"}


def test_routing_path_for_builds_the_url(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app)
    assert client.get("/link").json() == {"item_7": "http://testserver/items/7"}


def test_routing_trailing_slash_redirects(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.paths").app, follow_redirects=False)
    response = client.get("/items/42/")
    assert (response.status_code, response.headers["location"]) == (
        307,
        "http://testserver/items/42",
    )


def test_routing_nested_includes(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.include").app)
    assert client.get("/api/users/").json() == ["ada", "grace"]
    assert client.get("/api/users/ada").json() == {"name": "ada"}
    assert client.get("/api/status").json() == {"status": "ok"}


def test_routing_child_app_and_namespaced_names(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.include").app)
    assert client.get("/admin/").json() == {
        "admin": "home",
        "user_url": "http://testserver/api/users/ada",
    }


def test_routing_host(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.include").app, base_url="http://docs.example.com")
    assert client.get("/").text == "docs for docs.example.com"


def test_routing_custom_transformer(test_client_factory: Factory) -> None:
    client = test_client_factory(load("routing.transformer").app)
    assert client.get("/articles/hello-world").json() == {"slug": "hello-world"}
    assert client.get("/articles/Hello_World").status_code == 404


# -- requests and responses -----------------------------------------------------------------


def test_request_data_reads_query_headers_and_cookies(test_client_factory: Factory) -> None:
    client = test_client_factory(
        load("requests_responses.request_data").app, cookies={"theme": "dark"}
    )
    response = client.get("/inspect?page=2&tag=a&tag=b", headers={"user-agent": "docs"})
    assert response.json() == {
        "method": "GET",
        "path": "/inspect",
        "page": "2",
        "tags": ["a", "b"],
        "agent": "docs",
        "theme": "dark",
    }


def test_request_data_echoes_json(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.request_data").app)
    assert client.post("/echo", json={"x": [1, 2]}).json() == {"received": {"x": [1, 2]}}


def test_request_data_invalid_json_is_400(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.request_data").app)
    response = client.post(
        "/echo", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


def test_request_data_reads_a_form_and_an_upload(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.request_data").app)
    assert client.post("/signup", data={"email": "ada@example.com"}).json() == {
        "email": "ada@example.com"
    }
    response = client.post("/upload", files={"document": ("notes.txt", b"12345", "text/plain")})
    assert response.json() == {"filename": "notes.txt", "size": 5}


def test_responses_each_kind(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.responses").app, follow_redirects=False)
    plain = client.get("/plain")
    assert (plain.text, plain.headers["content-type"]) == ("hello", "text/plain; charset=utf-8")
    assert client.get("/page").headers["content-type"] == "text/html; charset=utf-8"
    created = client.get("/created")
    assert (created.status_code, created.json(), created.headers["x-resource"]) == (
        201,
        {"id": 1},
        "item",
    )
    redirect = client.get("/old-home")
    assert (redirect.status_code, redirect.headers["location"]) == (301, "/")
    assert client.get("/stream").text == "0\n1\n2\n"
    assert client.get("/value").json() == {"answer": 42}


def test_responses_set_a_cookie(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.responses").app)
    cookie = client.get("/remember").headers["set-cookie"]
    assert cookie.startswith("theme=dark;")
    assert "HttpOnly" in cookie


def test_responses_background_task_runs_after_the_response(test_client_factory: Factory) -> None:
    module = load("requests_responses.responses")
    module.sent.clear()
    client = test_client_factory(module.app)
    assert client.post("/register").json() == {"registered": True}
    assert module.sent == ["ada@example.com"]


def test_errors_http_exception_goes_through_the_status_handler(
    test_client_factory: Factory,
) -> None:
    client = test_client_factory(load("requests_responses.errors").app)
    assert client.get("/books/1").json() == {"title": "Dune"}
    response = client.get("/books/2")
    assert (response.status_code, response.json()) == (404, {"error": "No book 2"})


def test_errors_unmatched_path_uses_the_404_handler(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.errors").app)
    response = client.get("/nowhere")
    assert (response.status_code, response.json()) == (404, {"error": "Not Found"})


def test_errors_own_exception_class_has_its_handler(test_client_factory: Factory) -> None:
    client = test_client_factory(load("requests_responses.errors").app)
    response = client.post("/books/1/order")
    assert (response.status_code, response.json()) == (409, {"error": "book 1 is out of stock"})


# -- handlers and controllers ---------------------------------------------------------------


def test_handlers_async_sync_and_request(test_client_factory: Factory) -> None:
    client = test_client_factory(load("handlers.injection").app)
    assert client.get("/greet/ada").json() == {"hello": "ada"}
    assert client.get("/reports/2024").json() == {"year": 2024}
    assert client.post("/both/ada").json() == {"name": "ada", "method": "POST"}


def test_controller_dispatches_by_verb(test_client_factory: Factory) -> None:
    client = test_client_factory(load("handlers.controller").app)
    assert client.get("/notes/1").json() == {"id": 1, "text": "buy milk"}
    assert client.put("/notes/2", json={"text": "call bob"}).json() == {
        "id": 2,
        "text": "call bob",
    }


def test_controller_undefined_verb_is_405(test_client_factory: Factory) -> None:
    client = test_client_factory(load("handlers.controller").app)
    assert client.delete("/notes/1").status_code == 405


# -- WebSockets -----------------------------------------------------------------------------


def test_websocket_echo(test_client_factory: Factory) -> None:
    client = test_client_factory(load("websockets.echo").app)
    with client.websocket_connect("/ws/echo") as websocket:
        websocket.send_text("hi")
        assert websocket.receive_text() == "echo: hi"


def test_websocket_path_parameter(test_client_factory: Factory) -> None:
    client = test_client_factory(load("websockets.echo").app)
    with client.websocket_connect("/ws/rooms/lobby") as websocket:
        assert websocket.receive_json() == {"room": "lobby"}


def test_websocket_typed_handshake(test_client_factory: Factory) -> None:
    from lilya.testclient import WebSocketDenialResponse

    client = test_client_factory(load("websockets.typed").app)
    with client.websocket_connect(
        "/ws/feed?token=abcdefgh&limit=5", headers={"x-client": "cli"}
    ) as websocket:
        assert websocket.receive_json() == {"limit": 5, "client": "cli"}
    with pytest.raises(WebSocketDenialResponse) as denied:  # noqa: SIM117 - entering denies
        with client.websocket_connect("/ws/feed?token=short"):
            pass
    assert denied.value.status_code == 422


def test_websocket_controller_sums(test_client_factory: Factory) -> None:
    client = test_client_factory(load("websockets.controller").app)
    with client.websocket_connect("/ws/sum") as websocket:
        websocket.send_json({"numbers": [1, 2, 3]})
        assert websocket.receive_json() == {"sum": 6}


def test_websocket_controller_closes_1007_on_bad_json(test_client_factory: Factory) -> None:
    from lilya.websockets import WebSocketDisconnect

    client = test_client_factory(load("websockets.controller").app)
    with client.websocket_connect("/ws/sum") as websocket:
        websocket.send_text("{not json")
        with pytest.raises(WebSocketDisconnect) as closed:
            websocket.receive_text()
    assert closed.value.code == 1007


# -- middleware -----------------------------------------------------------------------------


def test_middleware_builtin_compresses_for_a_trusted_host(test_client_factory: Factory) -> None:
    client = test_client_factory(load("middleware.builtin").app, base_url="http://example.com")
    response = client.get("/report", headers={"accept-encoding": "gzip"})
    assert (response.status_code, response.headers["content-encoding"]) == (200, "gzip")
    assert response.text == "figures " * 200


def test_middleware_builtin_refuses_an_unknown_host(test_client_factory: Factory) -> None:
    client = test_client_factory(load("middleware.builtin").app, base_url="http://evil.test")
    assert client.get("/report").status_code == 400


def test_middleware_builtin_answers_cors_preflight(test_client_factory: Factory) -> None:
    client = test_client_factory(load("middleware.builtin").app, base_url="http://api.example.com")
    response = client.options(
        "/report",
        headers={
            "origin": "https://app.example.com",
            "access-control-request-method": "POST",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example.com"


def test_middleware_custom_app_level_wraps_every_route(test_client_factory: Factory) -> None:
    client = test_client_factory(load("middleware.custom").app)
    home = client.get("/")
    assert float(home.headers["x-time-ms"]) >= 0
    assert "x-powered-by" not in home.headers


def test_middleware_custom_include_level_wraps_its_routes(test_client_factory: Factory) -> None:
    client = test_client_factory(load("middleware.custom").app)
    response = client.get("/admin/report")
    assert (response.text, response.headers["x-powered-by"]) == ("report", "lilya")
    assert "x-time-ms" in response.headers


# -- permissions ----------------------------------------------------------------------------


def test_permission_lets_everyone_see_public_routes(test_client_factory: Factory) -> None:
    client = test_client_factory(load("permissions.api_key").app)
    assert client.get("/public").status_code == 200


def test_permission_refuses_without_the_key(test_client_factory: Factory) -> None:
    client = test_client_factory(load("permissions.api_key").app)
    assert client.get("/private/data").status_code == 403
    assert client.get("/private/data", headers={"x-api-key": "wrong"}).status_code == 403


def test_permission_lets_the_key_through(test_client_factory: Factory) -> None:
    client = test_client_factory(load("permissions.api_key").app)
    response = client.get("/private/data", headers={"x-api-key": "s3cret"})
    assert response.json() == {"visible": "with the key"}


# -- settings -------------------------------------------------------------------------------


def test_settings_module_is_what_handlers_read(test_client_factory: Factory) -> None:
    client = test_client_factory(load("settings.app").app)
    assert client.get("/shop").json() == {"shop": "Corner Shop"}


def test_settings_defaults_are_kept_and_overridden() -> None:
    settings = load("settings.app").AppSettings()
    assert (settings.max_body_size, settings.json_max_depth) == (1024 * 1024, 128)


def test_settings_max_body_size_refuses_bigger_bodies(test_client_factory: Factory) -> None:
    from lilya.apps import Lilya
    from lilya.requests import Request
    from lilya.routing import Path as Route

    async def size(request: Request) -> int:
        return len(await request.body())

    settings_class = load("settings.app").AppSettings
    app = Lilya(routes=[Route("/size", size, methods=["POST"])], settings_module=settings_class)
    client = test_client_factory(app)
    assert client.post("/size", content=b"x" * 1024).json() == 1024
    assert client.post("/size", content=b"x" * (1024 * 1024 + 1)).status_code == 413


# -- the command line -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_cli_directive_greets(anyio_backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    directive = load("cli.greet").Directive()
    await directive.execute_from_command(["lilya", "greet", "--name", "ada"], "lilya", 1)
    assert capsys.readouterr().out == "Hello, ada!\n"


@pytest.mark.anyio
async def test_cli_directive_default(
    anyio_backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    directive = load("cli.greet").Directive()
    await directive.execute_from_command(["lilya", "greet"], "lilya", 1)
    assert capsys.readouterr().out == "Hello, world!\n"


# -- testing --------------------------------------------------------------------------------

TESTING = load("testing.test_app")


@pytest.mark.parametrize(
    "test",
    [value for name, value in vars(TESTING).items() if name.startswith("test_")],
    ids=lambda test: test.__name__,
)
def test_testing_page_tests_pass(test: Callable[..., None]) -> None:
    if "backend" in test.__code__.co_varnames[: test.__code__.co_argcount]:
        for backend in ("asyncio", "trio"):
            test(backend)
    else:
        test()


# -- deployment -----------------------------------------------------------------------------


def test_deployment_root_path_links_stay_under_the_prefix(test_client_factory: Factory) -> None:
    client = test_client_factory(load("deployment.behind_proxy").app, root_path="/shop")
    assert client.get("/shop/items/1").json() == {
        "id": 1,
        "url": "http://testserver/shop/items/1",
        "root_path": "/shop",
        "link": "http://testserver/shop/items/2",
    }


def test_deployment_session_is_read_by_another_machine(test_client_factory: Factory) -> None:
    build_app = load("deployment.settings").build_app
    first = test_client_factory(build_app("shared"))
    assert first.get("/visits").json() == {"visits": 1}
    second = test_client_factory(build_app("shared"), cookies=first.cookies)
    assert second.get("/visits").json() == {"visits": 2}


def test_deployment_session_is_refused_with_another_key(test_client_factory: Factory) -> None:
    build_app = load("deployment.settings").build_app
    first = test_client_factory(build_app("shared"))
    first.get("/visits")
    other = test_client_factory(build_app("different"), cookies=first.cookies)
    assert other.get("/visits").json() == {"visits": 1}


# -- typed parameters and OpenAPI -----------------------------------------------------------


def test_typed_sample_converts_query_header_and_cookie(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.typed").app)
    response = client.get(
        "/books?q=dune&limit=5&tag=a&tag=b",
        headers={"x-client": "cli", "cookie": "theme=dark"},
    )
    assert response.json() == {
        "q": "dune",
        "limit": 5,
        "tag": ["a", "b"],
        "client": "cli",
        "theme": "dark",
    }


def test_typed_sample_lists_every_invalid_field(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.typed").app)
    response = client.get("/books?limit=500")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["q", "limit"]


def test_typed_sample_reads_the_body(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.typed").app)
    book = {"title": "Dune", "year": 1965, "tags": []}
    assert client.post("/books?dry_run=true", json=book).json() == {
        "title": "Dune",
        "year": 1965,
        "saved": False,
    }
    wrong = client.post("/books", json={**book, "year": "old"}).json()["errors"]
    assert wrong[0]["pointer"] == "#/year"


def test_typed_sample_converts_a_marked_path_parameter(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.typed").app)
    assert client.get("/books/3").json() == {"id": 3}
    assert client.get("/books/0").status_code == 422


def test_documented_sample_serves_its_document_and_page(test_client_factory: Factory) -> None:
    from openapi_spec_validator import validate

    client = test_client_factory(load("openapi.documented").app)
    document = client.get("/openapi.json").json()
    validate(document)
    assert document["info"]["title"] == "Library"
    listing = document["paths"]["/api/books"]["get"]
    assert (listing["summary"], listing["tags"]) == ("List the books.", ["books"])
    assert "swagger-ui-bundle.js" in client.get("/docs").text
    assert client.get("/api/books/9").status_code == 404


def test_forms_sample_reads_fields(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.forms").app)
    response = client.post("/comments", data={"text": "Nice", "tag": ["a", "b"]})
    assert response.json() == {"text": "Nice", "stars": 5, "tag": ["a", "b"]}
    errors = client.post("/comments", data={"text": "", "stars": "9"}).json()["errors"]
    assert [(e["location"], e["field"]) for e in errors] == [("form", "text"), ("form", "stars")]


def test_forms_sample_receives_an_upload(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.forms").app)
    response = client.post("/pictures", files={"picture": ("cat.png", b"\x89PNG")})
    assert response.json() == {"name": "cat.png", "size": 4, "caption": ""}
    assert client.post("/pictures", json={"picture": "x"}).status_code == 422


def test_forms_sample_builds_a_dataclass(test_client_factory: Factory) -> None:
    client = test_client_factory(load("openapi.forms").app)
    form = {"email": "ada@example.com", "age": "", "topics": ["math"]}
    assert client.post("/signup", data=form).json() == {
        "email": "ada@example.com",
        "age": None,
        "topics": ["math"],
    }
