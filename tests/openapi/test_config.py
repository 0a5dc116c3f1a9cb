"""Serving the document and the offline docs page: off by default, configurable paths, assets
served by lilya (no CDN), mounted apps use their root path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lilya.apps import ChildLilya, Lilya
from lilya.openapi import OpenAPIConfig
from lilya.params import Query
from lilya.routing import Include, Path

Factory = Callable[..., Any]


async def search(limit: int = Query(10)) -> dict[str, int]:
    """Search."""
    return {"limit": limit}


def app_with(openapi: Any) -> Lilya:
    return Lilya(routes=[Path("/search", search)], openapi=openapi)


def test_nothing_is_served_unless_enabled(test_client_factory: Factory) -> None:
    client = test_client_factory(app_with(None))
    assert client.get("/openapi.json").status_code == 404
    assert client.get("/docs").status_code == 404


def test_true_serves_the_document_at_openapi_json(test_client_factory: Factory) -> None:
    client = test_client_factory(app_with(True))
    response = client.get("/openapi.json")
    assert response.headers["content-type"] == "application/json"
    assert list(response.json()["paths"]) == ["/search"]


def test_the_document_and_docs_paths_are_configurable(test_client_factory: Factory) -> None:
    config = OpenAPIConfig(title="Shop", openapi_url="/schema.json", docs_url="/reference")
    client = test_client_factory(app_with(config))
    assert client.get("/schema.json").json()["info"]["title"] == "Shop"
    page = client.get("/reference").text
    assert "data-url='/schema.json'" in page
    assert "/reference/assets/swagger-ui-bundle.js" in page


def test_the_docs_page_can_be_turned_off(test_client_factory: Factory) -> None:
    client = test_client_factory(app_with(OpenAPIConfig(docs_url=None)))
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404


def test_the_docs_page_loads_only_local_assets(test_client_factory: Factory) -> None:
    client = test_client_factory(app_with(True))
    page = client.get("/docs")
    assert page.headers["content-type"].startswith("text/html")
    assert "http" not in page.text.replace("http-equiv", "")
    for asset, media_type in [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("init.js", "text/javascript"),
        ("LICENSE", "text/plain"),
    ]:
        response = client.get(f"/docs/assets/{asset}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)
        assert response.content


def test_unknown_assets_are_not_found(test_client_factory: Factory) -> None:
    client = test_client_factory(app_with(True))
    assert client.get("/docs/assets/..%2F__init__.py").status_code == 404
    assert client.get("/docs/assets/NOTICE.md").status_code == 404


def test_the_serving_routes_are_not_in_the_document(test_client_factory: Factory) -> None:
    client = test_client_factory(app_with(True))
    assert "/docs" not in client.get("/openapi.json").json()["paths"]


def test_routes_added_before_the_first_request_are_documented(
    test_client_factory: Factory,
) -> None:
    app = app_with(True)
    app.add_route("/later", search)
    client = test_client_factory(app)
    assert set(client.get("/openapi.json").json()["paths"]) == {"/search", "/later"}


def test_a_mounted_app_points_its_page_at_its_own_document(
    test_client_factory: Factory,
) -> None:
    child = ChildLilya(routes=[Path("/search", search)], openapi=True)
    client = test_client_factory(Lilya(routes=[Include("/v1", app=child)]))
    assert list(client.get("/v1/openapi.json").json()["paths"]) == ["/search"]
    assert "data-url='/v1/openapi.json'" in client.get("/v1/docs").text


def test_the_app_keeps_its_config(test_client_factory: Factory) -> None:
    config = OpenAPIConfig(title="Kept")
    assert app_with(config).openapi_config is config
    assert app_with(None).openapi_config is None
