"""The OpenAPI 3.1 document built from routes: valid against the OpenAPI 3.1 schema, and each
route, parameter, body and response described as the handler declares it."""

from __future__ import annotations

import dataclasses
import enum
from typing import Annotated, Any

import pydantic
from openapi_spec_validator import validate

from lilya.controllers import Controller
from lilya.openapi import ResponseInfo, build_document, operation
from lilya.params import Body, Cookie, Header, PathParam, Query
from lilya.responses import PlainText
from lilya.routing import Host, Include, Path, Router, WebSocketPath


@dataclasses.dataclass
class Item:
    name: str
    price: float


class Account(pydantic.BaseModel):
    owner: str
    balance: int = 0


def document(*routes: Any, **kwargs: Any) -> dict[str, Any]:
    found = build_document(list(routes), title="Test", version="1.0", **kwargs)
    validate(found)  # every document these tests build is a valid OpenAPI 3.1 document
    return found


def test_the_example_app_document_is_valid_openapi_3_1() -> None:
    from examples.typed import app

    found = document(*app.routes)
    assert found["openapi"] == "3.1.0"
    assert set(found["paths"]) == {
        "/api/items",
        "/api/items/{item_id}",
        "/api/items/{item_id}/reviews",
        "/api/whoami",
    }


def test_info_servers_and_tags_are_copied() -> None:
    tags = [{"name": "items", "description": "The catalogue"}]
    servers = [{"url": "/v1"}]
    found = document(description="About", tags=tags, servers=servers)
    assert found["info"] == {"title": "Test", "version": "1.0", "description": "About"}
    assert (found["tags"], found["servers"]) == (tags, servers)


def test_include_prefixes_and_template_kinds_make_the_path() -> None:
    async def show(request: Any) -> Any:
        return {}

    found = document(Include("/shops/{shop}", routes=[Path("/items/{item_id:int}", show)]))
    operation_ = found["paths"]["/shops/{shop}/items/{item_id}"]["get"]
    assert operation_["parameters"] == [
        {"name": "shop", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}},
    ]


def test_routes_and_includes_left_out_of_the_schema_are_left_out() -> None:
    async def show() -> Any:
        return {}

    found = document(
        Path("/hidden", show, include_in_schema=False),
        Include("/private", routes=[Path("/x", show)], include_in_schema=False),
        Path("/shown", show),
        WebSocketPath("/ws", show),
    )
    assert list(found["paths"]) == ["/shown"]


def test_host_routes_are_noted_not_described() -> None:
    async def show() -> Any:
        return {}

    found = document(Host("api.example.com", app=Router(routes=[Path("/x", show)])))
    assert found["paths"] == {}
    assert found["x-lilya-hosts"] == ["api.example.com"]


def test_every_method_but_head_is_an_operation() -> None:
    async def show() -> Any:
        return {}

    found = document(Path("/x", show, methods=["GET", "PUT"]))
    assert sorted(found["paths"]["/x"]) == ["get", "put"]
    assert found["paths"]["/x"]["get"]["operationId"] == "show_get"


def test_docstrings_give_summary_and_description() -> None:
    async def show() -> Any:
        """Show the thing,
        briefly.

        At length, here.
        """
        return {}

    operation_ = document(Path("/x", show))["paths"]["/x"]["get"]
    assert operation_["summary"] == "Show the thing, briefly."
    assert operation_["description"] == "At length, here."


def test_the_operation_decorator_adds_tags_and_responses() -> None:
    @operation(
        tags=["things"],
        summary="Short",
        operation_id="read_thing",
        deprecated=True,
        responses={404: "Missing", 409: ResponseInfo("Conflict", Item)},
    )
    async def show() -> PlainText:
        return PlainText("x")

    operation_ = document(Path("/x", show))["paths"]["/x"]["get"]
    assert operation_["tags"] == ["things"]
    assert (operation_["summary"], operation_["operationId"]) == ("Short", "read_thing")
    assert operation_["deprecated"] is True
    assert operation_["responses"]["200"]["content"] == {"text/plain": {}}
    assert operation_["responses"]["404"] == {"description": "Missing"}
    conflict = operation_["responses"]["409"]["content"]["application/json"]["schema"]
    assert conflict == {"$ref": "#/components/schemas/Item"}


def test_typed_parameters_are_described_with_their_schema() -> None:
    async def search(
        ident: Annotated[int, PathParam(ge=1)],
        q: str = Query(description="Words", examples=["pen"]),
        limit: int = Query(10, le=50, title="Limit", deprecated=True),
        tag: list[str] = Query(default=[]),
        x_token: str = Header(),
        session: str | None = Cookie(None),
    ) -> Any:
        return {}

    found = document(Path("/s/{ident}", search))
    parameters = {p["name"]: p for p in found["paths"]["/s/{ident}"]["get"]["parameters"]}
    assert parameters["ident"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["q"] == {
        "name": "q",
        "in": "query",
        "required": True,
        "schema": {"type": "string", "examples": ["pen"]},
        "description": "Words",
    }
    assert parameters["limit"]["schema"] == {
        "type": "integer",
        "maximum": 50,
        "default": 10,
        "title": "Limit",
    }
    assert parameters["limit"]["deprecated"] is True
    assert (parameters["tag"]["style"], parameters["tag"]["explode"]) == ("form", True)
    assert parameters["x-token"]["in"] == "header"
    assert parameters["session"]["in"] == "cookie"


def test_markers_left_out_of_the_schema_are_not_documented() -> None:
    async def search(
        ident: Annotated[int, PathParam(include_in_schema=False)],
        q: str = Query(),
        internal: str = Header("", include_in_schema=False),
        item: Annotated[Item | None, Body(include_in_schema=False)] = None,
    ) -> Any:
        return {}

    operation = document(Path("/s/{ident}", search))["paths"]["/s/{ident}"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["ident", "q"]
    assert "requestBody" not in operation


def test_a_body_and_a_return_annotation_reference_components() -> None:
    async def create(item: Item) -> list[Item]:
        return [item]

    found = document(Path("/items", create, methods=["POST"]))
    operation_ = found["paths"]["/items"]["post"]
    body = operation_["requestBody"]
    assert body == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
    }
    returned = operation_["responses"]["200"]["content"]["application/json"]["schema"]
    assert returned == {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
    assert set(found["components"]["schemas"]) == {"Item", "ValidationProblem"}


def test_typed_operations_document_the_422_problem() -> None:
    async def create(item: Item) -> Any:
        return {}

    responses = document(Path("/i", create, methods=["POST"]))["paths"]["/i"]["post"]["responses"]
    assert list(responses["422"]["content"]) == ["application/problem+json"]


def test_pydantic_models_are_described_by_pydantic() -> None:
    async def open_account(account: Account) -> Account:
        return account

    found = document(Path("/accounts", open_account, methods=["POST"]))
    schema = found["components"]["schemas"]["Account"]
    assert schema["properties"]["balance"] == {"default": 0, "title": "Balance", "type": "integer"}


def test_an_optional_body_is_not_required() -> None:
    async def create(item: Item | None = Body(None)) -> Any:
        return {}

    found = document(Path("/i", create, methods=["POST"]))
    assert found["paths"]["/i"]["post"]["requestBody"]["required"] is False


def test_controllers_document_each_verb() -> None:
    class Things(Controller):
        async def get(self) -> Item:
            """Read."""
            return Item("a", 1)

        async def delete(self, force: bool = Query(False)) -> None:
            return None

    found = document(Path("/things", Things))
    assert sorted(found["paths"]["/things"]) == ["delete", "get"]
    assert found["paths"]["/things"]["get"]["summary"] == "Read."
    assert found["paths"]["/things"]["delete"]["parameters"][0]["name"] == "force"


def test_plain_asgi_apps_are_left_out() -> None:
    class RawApp:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            return None

    assert document(Path("/raw", RawApp()))["paths"] == {}


def test_unannotated_handlers_get_a_bare_response() -> None:
    async def show():  # type: ignore[no-untyped-def]
        return {}

    responses = document(Path("/x", show))["paths"]["/x"]["get"]["responses"]
    assert responses == {"200": {"description": "Successful Response"}}


def test_operation_ids_stay_unique() -> None:
    async def show() -> Any:
        return {}

    found = document(Path("/a", show), Path("/b", show))
    ids = [found["paths"][p]["get"]["operationId"] for p in ("/a", "/b")]
    assert ids == ["show_get", "show_get_2"]


def test_a_list_of_pydantic_models_references_the_model() -> None:
    async def open_accounts(accounts: list[Account] = Body()) -> Any:
        return {}

    found = document(Path("/accounts", open_accounts, methods=["POST"]))
    schema = found["paths"]["/accounts"]["post"]["requestBody"]["content"]["application/json"]
    assert schema["schema"] == {"type": "array", "items": {"$ref": "#/components/schemas/Account"}}


def test_a_return_type_msgspec_cannot_describe_allows_any_value() -> None:
    async def show() -> complex:
        return 1j

    responses = document(Path("/x", show))["paths"]["/x"]["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {}


class Size(enum.Enum):
    SMALL = "s"


def test_defaults_are_documented_when_json_can_hold_them() -> None:
    async def search(size: Size = Query(Size.SMALL), when: Any = Query(object())) -> Any:
        return {}

    found = document(Path("/s", search))
    parameters = {p["name"]: p for p in found["paths"]["/s"]["get"]["parameters"]}
    assert parameters["size"]["schema"]["default"] == "s"
    assert "default" not in parameters["when"]["schema"]
