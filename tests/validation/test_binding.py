"""Typed handler parameters: read from where their marker says, validated, 422 on failure."""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypedDict

import attrs
import msgspec
import pydantic
import pytest

from lilya.apps import Lilya
from lilya.exceptions import ImproperlyConfigured
from lilya.params import Body, Cookie, Header, PathParam, Query
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Include, Path
from lilya.validation import RequestValidationError

Factory = Callable[..., Any]


@dataclasses.dataclass
class Item:
    name: str
    price: float


class StructItem(msgspec.Struct):
    name: str
    price: float


class PydanticItem(pydantic.BaseModel):
    name: str
    price: float


@attrs.define
class AttrsItem:
    name: str
    price: float


class DictItem(TypedDict):
    name: str
    price: float


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def client_for(factory: Factory, *routes: Any, **kwargs: Any) -> Any:
    return factory(Lilya(routes=list(routes), **kwargs))


def errors_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    return list(response.json()["errors"])


# -- query, header, cookie, path -------------------------------------------------------------


def test_query_values_are_converted_to_their_annotation(test_client_factory: Factory) -> None:
    async def search(
        q: str = Query(),
        limit: Annotated[int, Query()] = 10,
        colour: Colour = Query(Colour.RED),
        ident: uuid.UUID | None = Query(None),
    ) -> dict[str, Any]:
        return {"q": q, "limit": limit, "colour": colour.value, "ident": str(ident)}

    client = client_for(test_client_factory, Path("/s", search))
    ident = uuid.uuid4()
    response = client.get(f"/s?q=x&limit=3&colour=blue&ident={ident}")
    assert response.json() == {"q": "x", "limit": 3, "colour": "blue", "ident": str(ident)}


def test_missing_query_values_take_their_defaults(test_client_factory: Factory) -> None:
    async def search(limit: int = Query(10), flag: bool | None = Query(None)) -> dict[str, Any]:
        return {"limit": limit, "flag": flag}

    client = client_for(test_client_factory, Path("/s", search))
    assert client.get("/s").json() == {"limit": 10, "flag": None}


def test_a_list_annotation_collects_every_repetition(test_client_factory: Factory) -> None:
    async def search(tag: list[int] = Query(default=[])) -> dict[str, Any]:
        return {"tag": tag}

    client = client_for(test_client_factory, Path("/s", search))
    assert client.get("/s?tag=1&tag=2").json() == {"tag": [1, 2]}
    assert client.get("/s").json() == {"tag": []}


def test_every_invalid_field_is_listed_with_its_location(test_client_factory: Factory) -> None:
    async def search(
        q: str = Query(), limit: int = Query(10), token: str = Header()
    ) -> dict[str, Any]:
        return {}

    client = client_for(test_client_factory, Path("/s", search))
    assert errors_of(client.get("/s?limit=many")) == [
        {"location": "query", "field": "q", "detail": "Field required"},
        {"location": "query", "field": "limit", "detail": "Expected `int`, got `str`"},
        {"location": "header", "field": "token", "detail": "Field required"},
    ]


def test_the_problem_document_follows_rfc_9457(test_client_factory: Factory) -> None:
    async def search(limit: int = Query()) -> dict[str, Any]:
        return {}

    client = client_for(test_client_factory, Path("/s", search))
    body = client.get("/s?limit=x").json()
    assert body["type"] == "about:blank"
    assert body["title"] == "Unprocessable Content"
    assert body["status"] == 422
    assert body["detail"] == "Invalid query field 'limit': Expected `int`, got `str`"


def test_marker_bounds_are_checked(test_client_factory: Factory) -> None:
    async def search(limit: int = Query(10, ge=1, le=100), q: str = Query("", max_length=3)) -> Any:
        return {"limit": limit}

    client = client_for(test_client_factory, Path("/s", search))
    assert client.get("/s?limit=100").json() == {"limit": 100}
    fields = [e["field"] for e in errors_of(client.get("/s?limit=0&q=long"))]
    assert fields == ["limit", "q"]


def test_non_finite_numbers_are_refused(test_client_factory: Factory) -> None:
    async def search(x: float = Query(), xs: list[float] = Query(default=[])) -> Any:
        return {"x": x}

    client = client_for(test_client_factory, Path("/s", search))
    assert errors_of(client.get("/s?x=nan"))[0]["detail"] == "Expected a finite number"
    assert errors_of(client.get("/s?x=1&xs=inf"))[0]["field"] == "xs"


def test_header_names_replace_underscores_with_hyphens(test_client_factory: Factory) -> None:
    async def show(
        x_token: str = Header(),
        agent: str = Header(alias="User-Agent"),
        raw_name: str = Header("none", convert_underscores=False),
    ) -> Any:
        return {"token": x_token, "agent": agent, "raw": raw_name}

    client = client_for(test_client_factory, Path("/h", show))
    response = client.get("/h", headers={"X-Token": "t", "User-Agent": "ua", "raw_name": "r"})
    assert response.json() == {"token": "t", "agent": "ua", "raw": "r"}


def test_a_header_list_collects_repeated_headers(test_client_factory: Factory) -> None:
    async def show(x_n: list[int] = Header()) -> Any:
        return {"n": x_n}

    client = client_for(test_client_factory, Path("/h", show))
    response = client.get("/h", headers=[("x-n", "1"), ("x-n", "2")])
    assert response.json() == {"n": [1, 2]}


def test_cookies_are_read_and_converted(test_client_factory: Factory) -> None:
    async def show(visits: int = Cookie(0)) -> Any:
        return {"visits": visits}

    client = client_for(test_client_factory, Path("/c", show))
    assert client.get("/c", headers={"cookie": "visits=4"}).json() == {"visits": 4}
    assert errors_of(client.get("/c", headers={"cookie": "visits=x"}))[0]["location"] == "cookie"


def test_a_marked_path_parameter_is_converted(test_client_factory: Factory) -> None:
    async def show(ident: Annotated[int, PathParam(ge=1)]) -> Any:
        return {"ident": ident}

    client = client_for(test_client_factory, Path("/items/{ident}", show))
    assert client.get("/items/5").json() == {"ident": 5}
    assert errors_of(client.get("/items/x"))[0] == {
        "location": "path",
        "field": "ident",
        "detail": "Expected `int`, got `str`",
    }
    assert errors_of(client.get("/items/0"))[0]["detail"] == "Expected `int` >= 1"


def test_an_unmarked_annotated_path_parameter_is_passed_as_lilya_does(
    test_client_factory: Factory,
) -> None:
    """Lilya 0.7.5 passes the template's value: `ident: int` on `{ident}` gets a string."""

    async def show(ident: int) -> Any:
        return {"ident": ident}

    client = client_for(test_client_factory, Path("/items/{ident}", show))
    assert client.get("/items/abc").json() == {"ident": "abc"}


def test_plain_defaults_without_markers_are_left_alone(test_client_factory: Factory) -> None:
    async def show(request: Request, limit: int = 5) -> Any:
        return {"limit": limit}

    client = client_for(test_client_factory, Path("/p", show))
    assert client.get("/p?limit=9").json() == {"limit": 5}


def test_sync_handlers_get_typed_values(test_client_factory: Factory) -> None:
    def show(limit: int = Query()) -> Any:
        return JSONResponse({"limit": limit})

    client = client_for(test_client_factory, Path("/p", show))
    assert client.get("/p?limit=2").json() == {"limit": 2}


# -- bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body_type", [Item, StructItem, PydanticItem, AttrsItem, DictItem])
def test_a_body_type_is_decoded_from_json(test_client_factory: Factory, body_type: Any) -> None:
    async def create(item: Any) -> Any:
        return {"type": type(item).__name__, "ok": True}

    create.__annotations__["item"] = body_type

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    response = client.post("/items", json={"name": "pen", "price": 1.5})
    expected = "dict" if body_type is DictItem else body_type.__name__
    assert response.json() == {"type": expected, "ok": True}


@pytest.mark.parametrize("body_type", [Item, PydanticItem])
def test_an_invalid_body_field_is_pointed_at(test_client_factory: Factory, body_type: Any) -> None:
    async def create(item: Any) -> Any:
        return {}

    create.__annotations__["item"] = body_type

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    error = errors_of(client.post("/items", json={"name": "pen", "price": "high"}))[0]
    assert (error["location"], error["field"], error["pointer"]) == ("body", "$.price", "#/price")


def test_pydantic_lists_every_invalid_body_field(test_client_factory: Factory) -> None:
    async def create(item: PydanticItem) -> Any:
        return {}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    errors = errors_of(client.post("/items", json={"price": "high"}))
    assert [e["field"] for e in errors] == ["$.name", "$.price"]


def test_a_nested_body_error_has_its_path(test_client_factory: Factory) -> None:
    async def create(items: list[Item] = Body()) -> Any:
        return {}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    error = errors_of(client.post("/items", json=[{"name": "a", "price": 1}, {"name": 2}]))[0]
    assert (error["field"], error["pointer"]) == ("$[1].name", "#/1/name")


def test_malformed_json_is_a_422_not_a_500(test_client_factory: Factory) -> None:
    async def create(item: Item) -> Any:
        return {}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    error = errors_of(client.post("/items", content=b"{nope"))[0]
    assert error["detail"].startswith("Invalid JSON")


def test_deeply_nested_json_is_a_422(test_client_factory: Factory) -> None:
    async def create(data: dict[str, Any] = Body()) -> Any:
        return {}

    client = client_for(test_client_factory, Path("/d", create, methods=["POST"]))
    body = b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert errors_of(client.post("/d", content=body))[0]["field"] == "$"


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "x"],
)
def test_a_body_sent_as_another_media_type_is_a_422(
    test_client_factory: Factory, content_type: str
) -> None:
    """JSON text sent as text/plain or a form (which a cross-site page can send without a CORS
    preflight) does not reach the handler as its body."""
    called = []

    async def create(item: Item) -> Any:
        called.append(item)
        return {}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    response = client.post(
        "/items", content=b'{"name": "pen", "price": 1}', headers={"content-type": content_type}
    )
    assert response.status_code == 422
    assert errors_of(response)[0]["detail"].startswith("The request body must be JSON")
    assert called == []


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "Application/JSON", "application/vnd.x+json"],
)
def test_a_body_sent_as_json_or_a_json_suffix_is_read(
    test_client_factory: Factory, content_type: str
) -> None:
    async def create(item: Item) -> Any:
        return {"name": item.name}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    response = client.post(
        "/items", content=b'{"name": "pen", "price": 1}', headers={"content-type": content_type}
    )
    assert response.json() == {"name": "pen"}


def test_a_required_body_must_be_sent(test_client_factory: Factory) -> None:
    async def create(item: Item) -> Any:
        return {}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    error = errors_of(client.post("/items"))[0]
    assert error["detail"] == "A JSON request body is required"


def test_an_optional_body_takes_its_default(test_client_factory: Factory) -> None:
    async def create(item: Item | None = Body(None)) -> Any:
        return {"item": item}

    client = client_for(test_client_factory, Path("/items", create, methods=["POST"]))
    assert client.post("/items").json() == {"item": None}


def test_a_body_type_named_like_a_path_parameter_is_not_a_body(
    test_client_factory: Factory,
) -> None:
    async def show(item: Item) -> Any:
        return {"item": item}

    client = client_for(test_client_factory, Path("/items/{item}", show))
    assert client.get("/items/pen").json() == {"item": "pen"}


def test_typed_params_work_below_an_include(test_client_factory: Factory) -> None:
    async def search(limit: int = Query()) -> Any:
        return {"limit": limit}

    client = client_for(test_client_factory, Include("/api", routes=[Path("/s", search)]))
    assert client.get("/api/s?limit=1").json() == {"limit": 1}


# -- answering -------------------------------------------------------------------------------


def test_a_registered_handler_answers_validation_errors(test_client_factory: Factory) -> None:
    async def search(limit: int = Query()) -> Any:
        return {}

    def answer(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse({"bad": [e.field for e in exc.errors]}, status_code=400)

    client = client_for(
        test_client_factory,
        Path("/s", search),
        exception_handlers={RequestValidationError: answer},
    )
    response = client.get("/s?limit=x")
    assert (response.status_code, response.json()) == (400, {"bad": ["limit"]})


# -- analysis at build time ------------------------------------------------------------------


def test_two_markers_on_one_parameter_are_refused() -> None:
    async def search(limit: Annotated[int, Query()] = Query()) -> Any:
        return {}

    with pytest.raises(ImproperlyConfigured, match="more than one"):
        Path("/s", search)


def test_two_bodies_are_refused() -> None:
    async def create(a: Item, b: Item) -> Any:
        return {}

    with pytest.raises(ImproperlyConfigured, match="more than one request body"):
        Path("/s", create, methods=["POST"])


def test_a_path_marker_without_its_path_parameter_is_refused() -> None:
    async def show(ident: int = PathParam()) -> Any:
        return {}

    with pytest.raises(ImproperlyConfigured, match="no such path parameter"):
        Path("/s", show)


def test_a_marker_needs_a_resolvable_annotation() -> None:
    async def show(limit=Query()) -> Any:  # type: ignore[no-untyped-def]
        return {}

    with pytest.raises(ImproperlyConfigured, match="type annotation"):
        Path("/s", show)


def test_a_type_msgspec_cannot_validate_is_refused() -> None:
    async def create(data: complex = Body()) -> Any:
        return {}

    with pytest.raises(ImproperlyConfigured, match="cannot validate"):
        Path("/s", create, methods=["POST"])


def test_required_typed_parameters_pass_the_start_check(test_client_factory: Factory) -> None:
    async def create(item: Item, limit: int = Query()) -> Any:
        return {"limit": limit}

    client = client_for(test_client_factory, Path("/s", create, methods=["POST"]))
    response = client.post("/s?limit=1", json={"name": "a", "price": 1})
    assert response.json() == {"limit": 1}


def test_controller_methods_get_typed_values(test_client_factory: Factory) -> None:
    from lilya.controllers import Controller

    class Items(Controller):
        async def get(self, limit: int = Query(10)) -> Any:
            return {"limit": limit}

        async def post(self, item: Item) -> Any:
            return {"name": item.name}

    client = client_for(test_client_factory, Path("/items", Items))
    assert client.get("/items?limit=3").json() == {"limit": 3}
    assert client.post("/items", json={"name": "pen", "price": 1}).json() == {"name": "pen"}
    assert errors_of(client.get("/items?limit=x"))[0]["field"] == "limit"


def test_bounds_apply_to_an_optional_value(test_client_factory: Factory) -> None:
    async def show(session: str | None = Cookie(None, max_length=3)) -> Any:
        return {"session": session}

    client = client_for(test_client_factory, Path("/c", show))
    assert client.get("/c").json() == {"session": None}
    assert client.get("/c", headers={"cookie": "session=abc"}).json() == {"session": "abc"}
    assert errors_of(client.get("/c", headers={"cookie": "session=abcd"}))[0]["field"] == "session"


def test_other_annotated_metadata_is_kept(test_client_factory: Factory) -> None:
    async def search(limit: Annotated[int, msgspec.Meta(le=5), Query()] = 1) -> Any:
        return {"limit": limit}

    client = client_for(test_client_factory, Path("/s", search))
    assert client.get("/s?limit=5").json() == {"limit": 5}
    assert errors_of(client.get("/s?limit=6"))[0]["detail"] == "Expected `int` <= 5"


def test_a_typed_handler_app_can_be_built_without_a_route(test_client_factory: Factory) -> None:
    from lilya.routing._handlers import request_response_app

    async def search(limit: int = Query()) -> Any:
        return {"limit": limit}

    client = test_client_factory(request_response_app(search))
    assert client.get("/?limit=3").json() == {"limit": 3}


def test_the_required_marker_reads_as_its_name() -> None:
    from lilya.params import REQUIRED

    assert repr(REQUIRED) == "REQUIRED"


def test_a_mutable_default_is_fresh_for_every_request(test_client_factory: Factory) -> None:
    async def search(tag: list[str] = Query(default=[])) -> Any:
        tag.append("seen")
        return {"tag": tag}

    client = client_for(test_client_factory, Path("/s", search))
    assert client.get("/s").json() == {"tag": ["seen"]}
    assert client.get("/s").json() == {"tag": ["seen"]}
