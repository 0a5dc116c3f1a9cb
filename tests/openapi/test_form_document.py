"""Form() parameters in the OpenAPI document: one request body, urlencoded (multipart when a
file is declared), an object schema of the fields with their required list."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import pydantic
from openapi_spec_validator import validate

from lilya.datastructures import DataUpload, UploadFile
from lilya.openapi import build_document
from lilya.params import Form, Query
from lilya.routing import Path


@dataclasses.dataclass
class Signup:
    name: str
    age: int = 0
    tags: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Profile:
    name: str
    avatar: DataUpload | None = None


class Account(pydantic.BaseModel):
    owner: str
    balance: int = 0


def body_of(handler: Any) -> dict[str, Any]:
    found = build_document([Path("/f", handler, methods=["POST"])], title="T", version="1")
    validate(found)
    return dict(found["paths"]["/f"]["post"]["requestBody"])


def test_fields_make_an_urlencoded_object() -> None:
    async def note(
        title: str = Form(description="The title"),
        stars: Annotated[int, Form(ge=1, le=5)] = 3,
        tag: list[str] = Form(default=[]),
        by: str = Form("anon", alias="author", deprecated=True),
        page: int = Query(1),
    ) -> Any:
        return {}

    assert body_of(note) == {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string", "description": "The title"},
                        "stars": {"type": "integer", "minimum": 1, "maximum": 5, "default": 3},
                        "tag": {"type": "array", "items": {"type": "string"}, "default": []},
                        "author": {"type": "string", "default": "anon", "deprecated": True},
                    },
                    "required": ["title"],
                }
            }
        },
    }


def test_form_fields_are_not_parameters() -> None:
    async def note(title: str = Form(), page: int = Query(1)) -> Any:
        return {}

    found = build_document([Path("/f", note, methods=["POST"])], title="T", version="1")
    names = [p["name"] for p in found["paths"]["/f"]["post"]["parameters"]]
    assert names == ["page"]


def test_a_file_makes_the_body_multipart_with_binary_strings() -> None:
    async def upload(
        file: UploadFile = Form(), more: list[DataUpload] = Form(default=[]), note: str = Form("")
    ) -> Any:
        return {}

    body = body_of(upload)
    schema = body["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert schema["properties"]["more"]["items"] == {"type": "string", "format": "binary"}
    assert schema["required"] == ["file"]


def test_a_structured_type_gives_its_fields() -> None:
    async def signup(data: Signup = Form()) -> Any:
        return {}

    schema = body_of(signup)["content"]["application/x-www-form-urlencoded"]["schema"]
    assert list(schema["properties"]) == ["name", "age", "tags"]
    assert schema["required"] == ["name"]


def test_a_pydantic_model_gives_its_fields() -> None:
    async def open_account(data: Account = Form()) -> Any:
        return {}

    schema = body_of(open_account)["content"]["application/x-www-form-urlencoded"]["schema"]
    assert list(schema["properties"]) == ["owner", "balance"]
    assert schema["required"] == ["owner"]


def test_a_structured_type_holding_a_file_is_multipart() -> None:
    async def save(profile: Profile = Form()) -> Any:
        return {}

    schema = body_of(save)["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["avatar"]["anyOf"][0] == {"type": "string", "format": "binary"}


def test_an_optional_form_is_not_required() -> None:
    async def signup(data: Signup | None = Form(None), note: str = Form("")) -> Any:
        return {}

    body = body_of(signup)
    assert body["required"] is False
    schema = body["content"]["application/x-www-form-urlencoded"]["schema"]
    assert "required" not in schema
    assert list(schema["properties"]) == ["name", "age", "tags", "note"]


def test_the_422_problem_lists_form_as_a_location() -> None:
    async def note(title: str = Form()) -> Any:
        return {}

    found = build_document([Path("/f", note, methods=["POST"])], title="T", version="1")
    problem = found["components"]["schemas"]["ValidationProblem"]
    assert "form" in problem["properties"]["errors"]["items"]["properties"]["location"]["enum"]


def test_the_example_app_documents_and_answers_its_form(test_client_factory: Any) -> None:
    from examples.typed import app

    client = test_client_factory(app)
    operation_ = client.get("/openapi.json").json()["paths"]["/api/items/{item_id}/reviews"]
    schema = operation_["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert schema["schema"]["required"] == ["stars"]
    response = client.post("/api/items/1/reviews", data={"stars": "4", "comment": "fine"})
    assert response.json() == {"item_id": 1, "stars": 4, "comment": "fine"}
    assert client.post("/api/items/99/reviews", data={"stars": "4"}).status_code == 404
    error = client.post("/api/items/1/reviews", data={"stars": "6"}).json()["errors"][0]
    assert (error["location"], error["field"]) == ("form", "stars")
