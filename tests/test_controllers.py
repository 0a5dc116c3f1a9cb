from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path


class Items(Controller):
    async def get(self, item: int) -> dict[str, Any]:
        return {"item": item, "verb": "get"}

    def post(self, request: Request, item: int) -> PlainText:
        return PlainText(f"{request.method} {item}", status_code=201)


def client_for(factory: Any, controller: type[Controller]) -> Any:
    return factory(
        Lilya(routes=[Path("/items/{item:int}", controller, methods=["GET", "POST", "PUT"])])
    )


def test_get_method_handles_get(test_client_factory: Any) -> None:
    client = client_for(test_client_factory, Items)
    assert client.get("/items/2").json() == {"item": 2, "verb": "get"}


def test_sync_method_gets_request_and_params(test_client_factory: Any) -> None:
    response = client_for(test_client_factory, Items).post("/items/9")
    assert (response.status_code, response.text) == (201, "POST 9")


def test_head_falls_back_to_get(test_client_factory: Any) -> None:
    response = client_for(test_client_factory, Items).head("/items/1")
    assert response.status_code == 200
    assert response.content == b""


def test_undefined_verb_is_405_listing_the_defined_ones(test_client_factory: Any) -> None:
    response = client_for(test_client_factory, Items).put("/items/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST, HEAD"


def test_controller_used_outside_an_app_answers_405_itself(test_client_factory: Any) -> None:
    route = Path("/c", Items, methods=["GET", "DELETE"])
    client = test_client_factory(route)
    response = client.delete("/c")
    assert response.status_code == 405
    assert response.text == "Method Not Allowed"


def test_allowed_methods_lists_defined_verbs() -> None:
    assert Items.allowed_methods() == ["GET", "POST", "HEAD"]


def test_controller_without_methods_decides_itself(test_client_factory: Any) -> None:
    client = test_client_factory(Lilya(routes=[Path("/items/{item:int}", Items)]))
    assert client.get("/items/2").json() == {"item": 2, "verb": "get"}
    assert client.post("/items/3").text == "POST 3"
    response = client.put("/items/1")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, POST, HEAD")


def test_asgi_app_without_methods_answers_every_method(test_client_factory: Any) -> None:
    client = test_client_factory(Lilya(routes=[Path("/raw", PlainText("raw"))]))
    assert [client.request(m, "/raw").text for m in ("GET", "POST", "DELETE")] == ["raw"] * 3


class Bare(Controller):
    """Methods that declare nothing: called without arguments, sync ones in a worker thread."""

    async def get(self) -> PlainText:
        return PlainText("async, nothing declared")

    def delete(self) -> PlainText:
        import threading

        return PlainText(f"sync in {threading.current_thread() is threading.main_thread()}")


def test_methods_declaring_nothing_are_called_without_arguments(
    test_client_factory: Any,
) -> None:
    client = test_client_factory(Lilya(routes=[Path("/bare", Bare, methods=["GET", "DELETE"])]))
    for _ in range(2):  # the second request reuses what the first worked out
        assert client.get("/bare").text == "async, nothing declared"
        assert client.delete("/bare").text == "sync in False"
