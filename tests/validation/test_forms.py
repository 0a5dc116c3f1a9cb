"""Form() parameters: fields, repetitions, uploads and structured types read from urlencoded or
multipart bodies, validated like the other locations (422, location "form")."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any, TypedDict
from urllib.parse import urlencode

import attrs
import msgspec
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lilya.apps import Lilya
from lilya.conf.global_settings import Settings
from lilya.datastructures import DataUpload, UploadFile
from lilya.exceptions import ImproperlyConfigured
from lilya.params import Form, Query
from lilya.routing import Path

Factory = Callable[..., Any]


@dataclasses.dataclass
class Signup:
    name: str
    age: int = 0
    tags: list[str] = dataclasses.field(default_factory=list)


class StructSignup(msgspec.Struct):
    name: str
    age: int = 0
    tags: list[str] = []


class PydanticSignup(pydantic.BaseModel):
    name: str
    age: int = 0
    tags: list[str] = []


@attrs.define
class AttrsSignup:
    name: str
    age: int = 0
    tags: list[str] = attrs.field(factory=list)


class DictSignup(TypedDict, total=False):
    name: str
    age: int
    tags: list[str]


@dataclasses.dataclass
class Profile:
    name: str
    avatar: DataUpload | None = None


@dataclasses.dataclass
class Point:
    x: float


@dataclasses.dataclass
class Consent:
    terms: bool
    news: bool = False


class SmallForms(Settings):
    form_max_fields: int = 2
    form_max_files: int = 1
    form_max_part_size: int = 10
    form_max_body_size: int = 64


def client_for(factory: Factory, handler: Any, **kwargs: Any) -> Any:
    return factory(Lilya(routes=[Path("/f", handler, methods=["POST"])], **kwargs))


def errors_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    return list(response.json()["errors"])


MULTIPART = "multipart/form-data; boundary=b"
URLENCODED = "application/x-www-form-urlencoded"


# -- fields ------------------------------------------------------------------------------------


async def note(
    title: str = Form(),
    stars: Annotated[int, Form(ge=1, le=5)] = 3,
    tag: list[str] = Form(default=[]),
    by: str = Form("anon", alias="author"),
    ratio: float | None = Form(None),
) -> dict[str, Any]:
    return {"title": title, "stars": stars, "tag": tag, "by": by, "ratio": ratio}


def test_urlencoded_fields_are_converted(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    data = {"title": "hi", "stars": "5", "tag": ["a", "b"], "author": "ada", "ratio": "0.5"}
    assert client.post("/f", data=data).json() == {
        "title": "hi",
        "stars": 5,
        "tag": ["a", "b"],
        "by": "ada",
        "ratio": 0.5,
    }


def test_multipart_fields_are_converted(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    response = client.post("/f", data={"title": "hi", "stars": "2"}, files={"x": ("x", b"")})
    assert response.json()["stars"] == 2


def test_missing_fields_take_their_defaults(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    assert client.post("/f", data={"title": "t"}).json() == {
        "title": "t",
        "stars": 3,
        "tag": [],
        "by": "anon",
        "ratio": None,
    }


def test_every_invalid_field_is_listed_with_location_form(test_client_factory: Factory) -> None:
    async def search(page: int = Query(), title: str = Form(), stars: int = Form()) -> Any:
        return {}

    client = client_for(test_client_factory, search)
    assert errors_of(client.post("/f?page=x", data={"stars": "many"})) == [
        {"location": "query", "field": "page", "detail": "Expected `int`, got `str`"},
        {"location": "form", "field": "title", "detail": "Field required"},
        {"location": "form", "field": "stars", "detail": "Expected `int`, got `str`"},
    ]


def test_marker_bounds_are_checked(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    error = errors_of(client.post("/f", data={"title": "t", "stars": "9"}))[0]
    assert error == {"location": "form", "field": "stars", "detail": "Expected `int` <= 5"}


def test_non_finite_numbers_are_refused(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    error = errors_of(client.post("/f", data={"title": "t", "ratio": "nan"}))[0]
    assert (error["field"], error["detail"]) == ("ratio", "Expected a finite number")


def test_a_blank_value_is_missing_unless_the_type_is_text(test_client_factory: Factory) -> None:
    """Browsers send `name=` for an empty input: an optional number is then its default."""
    client = client_for(test_client_factory, note)
    response = client.post("/f", data={"title": "", "stars": "", "ratio": "", "tag": ["", "a"]})
    expected = {"title": "", "stars": 3, "tag": ["", "a"], "by": "anon", "ratio": None}
    assert response.json() == expected


def test_a_checked_checkbox_is_true(test_client_factory: Factory) -> None:
    """A checked HTML checkbox sends `on` (an unchecked one sends nothing)."""

    async def settings_(subscribe: bool = Form(False), flags: list[bool] = Form(default=[])) -> Any:
        return {"subscribe": subscribe, "flags": flags}

    client = client_for(test_client_factory, settings_)
    data = {"subscribe": "on", "flags": ["on", "off", "true", "0"]}
    assert client.post("/f", data=data).json() == {
        "subscribe": True,
        "flags": [True, False, True, False],
    }
    assert client.post("/f", data={"x": "1"}).json() == {"subscribe": False, "flags": []}
    error = errors_of(client.post("/f", data={"subscribe": "checked"}))[0]
    assert error == {
        "location": "form",
        "field": "subscribe",
        "detail": "Expected `bool`, got `str`",
    }


def test_a_structured_type_reads_checkboxes(test_client_factory: Factory) -> None:
    async def show(data: Consent = Form()) -> Any:
        return {"terms": data.terms, "news": data.news}

    client = client_for(test_client_factory, show)
    assert client.post("/f", data={"terms": "on"}).json() == {"terms": True, "news": False}


def test_a_file_sent_for_a_text_field_is_a_422(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    error = errors_of(client.post("/f", files={"title": ("t.txt", b"hi")}))[0]
    assert error == {"location": "form", "field": "title", "detail": "Expected `str`, got a file"}


def test_sync_handlers_get_form_values(test_client_factory: Factory) -> None:
    def show(title: str = Form()) -> Any:
        return {"title": title}

    client = client_for(test_client_factory, show)
    assert client.post("/f", data={"title": "t"}).json() == {"title": "t"}


# -- media types and hostile bodies --------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "application/x-www-form", "x"]
)
def test_a_body_of_another_media_type_is_a_422(
    test_client_factory: Factory, content_type: str
) -> None:
    called = []

    async def show(title: str = Form("x")) -> Any:
        called.append(title)
        return {}

    client = client_for(test_client_factory, show)
    response = client.post("/f", content=b"title=t", headers={"content-type": content_type})
    error = errors_of(response)[0]
    assert (error["location"], error["field"]) == ("form", "$")
    assert error["detail"].startswith("The request body must be a form")
    assert called == []


def test_a_request_without_a_body_has_no_fields(test_client_factory: Factory) -> None:
    client = client_for(test_client_factory, note)
    assert errors_of(client.post("/f"))[0] == {
        "location": "form",
        "field": "title",
        "detail": "Field required",
    }


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (MULTIPART, b"--b\r\nContent-Disposition: form-data; name=title\r\n\r\nhi"),
        (MULTIPART, b"--b\r\nno headers end"),
        (MULTIPART, b"--b\r\n\r\nno disposition\r\n--b--\r\n"),
        ("multipart/form-data", b"--b\r\n"),
    ],
)
def test_a_malformed_multipart_body_is_a_400(
    test_client_factory: Factory, content_type: str, body: bytes
) -> None:
    client = client_for(test_client_factory, note)
    response = client.post("/f", content=body, headers={"content-type": content_type})
    assert response.status_code == 400


def test_the_app_form_limits_apply(test_client_factory: Factory) -> None:
    async def show(a: str = Form(""), f: list[UploadFile] = Form(default=[])) -> Any:
        return {"a": a, "files": len(f)}

    client = client_for(test_client_factory, show, settings_module=SmallForms)
    assert client.post("/f", data={"a": "1"}).json() == {"a": "1", "files": 0}
    assert client.post("/f", data={"a": "1", "b": "2", "c": "3"}).status_code == 400
    files = [("f", ("a", b"a")), ("f", ("b", b"b"))]
    assert client.post("/f", files=files).status_code == 400
    assert client.post("/f", data={"a": "x" * 11}).status_code == 413
    assert client.post("/f", data={"a": "x" * 100}).status_code == 413


# -- uploads ---------------------------------------------------------------------------------


def test_an_upload_is_received_and_closed_after_the_response(
    test_client_factory: Factory,
) -> None:
    received: list[DataUpload] = []

    async def upload(file: UploadFile = Form(), note: str = Form("")) -> Any:
        received.append(file)
        content = await file.read()
        return {"name": file.filename, "content": content.decode(), "note": note}

    client = client_for(test_client_factory, upload)
    response = client.post("/f", data={"note": "n"}, files={"file": ("a.txt", b"hello")})
    assert response.json() == {"name": "a.txt", "content": "hello", "note": "n"}
    assert received[0].file.closed


def test_a_list_of_uploads_collects_every_file(test_client_factory: Factory) -> None:
    received: list[DataUpload] = []

    async def upload(files: list[DataUpload] = Form()) -> Any:
        received.extend(files)
        return {"names": [f.filename for f in files]}

    client = client_for(test_client_factory, upload)
    files = [("files", ("a", b"1")), ("files", ("b", b"2"))]
    assert client.post("/f", files=files).json() == {"names": ["a", "b"]}
    assert all(f.file.closed for f in received)


def test_uploads_are_closed_when_the_handler_raises(test_client_factory: Factory) -> None:
    received: list[DataUpload] = []

    async def upload(file: DataUpload = Form()) -> Any:
        received.append(file)
        raise RuntimeError("boom")

    client = client_for(test_client_factory, upload)
    with pytest.raises(RuntimeError):
        client.post("/f", files={"file": ("a", b"1")})
    assert received[0].file.closed


def test_uploads_are_closed_when_another_field_is_invalid(test_client_factory: Factory) -> None:
    async def upload(file: DataUpload = Form(), count: int = Form()) -> Any:
        return {}

    client = client_for(test_client_factory, upload)
    responses: list[Any] = []
    closed = _closed_uploads(
        lambda: responses.append(
            client.post("/f", data={"count": "x"}, files={"file": ("a", b"1")})
        )
    )
    assert errors_of(responses[0])[0]["field"] == "count"
    assert closed == [True]


def _closed_uploads(call: Callable[[], Any]) -> list[bool]:
    """Whether each upload closed during `call` ended up closed."""
    closed: list[bool] = []
    original = DataUpload.close

    async def spy(self: DataUpload) -> None:
        await original(self)
        closed.append(self.file.closed)

    DataUpload.close = spy  # type: ignore[method-assign]
    try:
        call()
    finally:
        DataUpload.close = original  # type: ignore[method-assign]
    return closed


def test_text_sent_for_a_file_is_a_422(test_client_factory: Factory) -> None:
    async def upload(file: DataUpload = Form()) -> Any:
        return {}

    client = client_for(test_client_factory, upload)
    error = errors_of(client.post("/f", data={"file": "not a file"}))[0]
    assert error == {"location": "form", "field": "file", "detail": "Expected a file, got `str`"}


def test_an_empty_file_input_is_no_file(test_client_factory: Factory) -> None:
    """A browser sends an empty part with filename="" for a file input left empty."""

    async def upload(file: DataUpload | None = Form(None)) -> Any:
        return {"file": None if file is None else file.filename}

    client = client_for(test_client_factory, upload)
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n"
    )
    response = client.post("/f", content=body, headers={"content-type": MULTIPART})
    assert response.json() == {"file": None}
    assert client.post("/f", files={"file": ("a", b"1")}).json() == {"file": "a"}


def test_controller_methods_get_form_values_and_close_uploads(
    test_client_factory: Factory,
) -> None:
    from lilya.controllers import Controller

    received: list[DataUpload] = []

    class Pictures(Controller):
        async def post(self, picture: UploadFile = Form(), stars: int = Form(1)) -> Any:
            received.append(picture)
            return {"name": picture.filename, "stars": stars}

    client = test_client_factory(Lilya(routes=[Path("/p", Pictures)]))
    response = client.post("/p", data={"stars": "2"}, files={"picture": ("a.png", b"1")})
    assert response.json() == {"name": "a.png", "stars": 2}
    assert received[0].file.closed
    spied = _closed_uploads(
        lambda: client.post("/p", data={"stars": "x"}, files={"picture": ("b", b"2")})
    )
    assert spied == [True]


# -- structured types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form_type", [Signup, StructSignup, PydanticSignup, AttrsSignup, DictSignup]
)
def test_a_structured_type_is_built_from_the_form(
    test_client_factory: Factory, form_type: Any
) -> None:
    async def signup(data: Any = Form()) -> Any:
        if isinstance(data, dict):
            return data
        return {"name": data.name, "age": data.age, "tags": list(data.tags)}

    signup.__annotations__["data"] = form_type
    client = client_for(test_client_factory, signup)
    form = {"name": "ada", "age": "36", "tags": ["x", "y"], "other": "ignored"}
    assert client.post("/f", data=form).json() == {"name": "ada", "age": 36, "tags": ["x", "y"]}


@pytest.mark.parametrize("form_type", [Signup, StructSignup, PydanticSignup])
def test_a_structured_type_reports_form_fields(
    test_client_factory: Factory, form_type: Any
) -> None:
    async def signup(data: Any = Form()) -> Any:
        return {}

    signup.__annotations__["data"] = form_type
    client = client_for(test_client_factory, signup)
    assert errors_of(client.post("/f", data={"age": "3"}))[0] == {
        "location": "form",
        "field": "name",
        "detail": "Field required",
    }
    error = errors_of(client.post("/f", data={"name": "a", "age": "old"}))[0]
    assert (error["location"], error["field"]) == ("form", "age")


def test_a_structured_type_refuses_non_finite_numbers(test_client_factory: Factory) -> None:
    async def show(point: Point = Form()) -> Any:
        return {"x": point.x}

    client = client_for(test_client_factory, show)
    assert client.post("/f", data={"x": "1.5"}).json() == {"x": 1.5}
    assert errors_of(client.post("/f", data={"x": "inf"}))[0] == {
        "location": "form",
        "field": "x",
        "detail": "Expected a finite number",
    }


def test_an_optional_structured_type_takes_its_default(test_client_factory: Factory) -> None:
    async def show(data: Signup | None = Form(None)) -> Any:
        return {"data": None if data is None else data.name}

    client = client_for(test_client_factory, show)
    assert client.post("/f").json() == {"data": None}
    assert client.post("/f", data={"name": "a"}).json() == {"data": "a"}


def test_a_structured_type_may_hold_an_upload(test_client_factory: Factory) -> None:
    async def show(profile: Profile = Form()) -> Any:
        avatar = profile.avatar
        return {"name": profile.name, "avatar": None if avatar is None else avatar.filename}

    client = client_for(test_client_factory, show)
    response = client.post("/f", data={"name": "a"}, files={"avatar": ("me.png", b"png")})
    assert response.json() == {"name": "a", "avatar": "me.png"}
    assert client.post("/f", data={"name": "a"}).json() == {"name": "a", "avatar": None}
    error = errors_of(client.post("/f", data={"name": "a", "avatar": "text"}))[0]
    assert error == {"location": "form", "field": "avatar", "detail": "Expected a file, got `str`"}


# -- analysis at build time ------------------------------------------------------------------


def test_a_form_and_a_json_body_are_refused_together() -> None:
    async def create(item: Signup, title: str = Form()) -> Any:
        return {}

    with pytest.raises(ImproperlyConfigured, match="JSON body"):
        Path("/f", create, methods=["POST"])


def test_a_structured_type_without_a_marker_stays_a_json_body(
    test_client_factory: Factory,
) -> None:
    async def create(item: Signup) -> Any:
        return {"name": item.name}

    client = client_for(test_client_factory, create)
    assert client.post("/f", json={"name": "a"}).json() == {"name": "a"}
    assert client.post("/f", data={"name": "a"}).status_code == 422


# -- whatever is sent ------------------------------------------------------------------------


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.lists(
        st.tuples(st.sampled_from(["title", "stars", "tag", "ratio", "author", "x"]), _TEXT),
        max_size=8,
    )
)
def test_any_urlencoded_form_is_answered_below_500(
    test_client_factory: Factory, fields: list[tuple[str, str]]
) -> None:
    client = client_for(test_client_factory, note)
    body = urlencode(fields).encode()
    response = client.post("/f", content=body, headers={"content-type": URLENCODED})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        # a field sent twice is read as its first value, as form.get() reads it
        assert response.json()["title"] == next(v for k, v in fields if k == "title")
    else:
        assert {e["location"] for e in errors_of(response)} == {"form"}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200))
def test_any_multipart_body_is_answered_below_500(
    test_client_factory: Factory, body: bytes
) -> None:
    client = client_for(test_client_factory, note)
    response = client.post("/f", content=body, headers={"content-type": MULTIPART})
    assert response.status_code in (200, 400, 413, 422)


def _multipart(parts: list[tuple[str, str, str | None]]) -> bytes:
    body = b""
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += b"--b\r\nContent-Disposition: " + disposition.encode() + b"\r\n\r\n"
        body += value.encode() + b"\r\n"
    return body + b"--b--\r\n"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(
        st.tuples(
            st.sampled_from(["title", "stars", "tag", "ratio", "x"]), _TEXT, st.none() | _TEXT
        ),
        max_size=6,
    ),
    cut=st.integers(min_value=0, max_value=600),
)
def test_any_multipart_form_is_answered_below_500(
    test_client_factory: Factory, parts: list[tuple[str, str, str | None]], cut: int
) -> None:
    """Parts of any text, files where text is declared, bodies cut short anywhere."""
    client = client_for(test_client_factory, note)
    body = _multipart(parts)[:cut]
    response = client.post("/f", content=body, headers={"content-type": MULTIPART})
    assert response.status_code in (200, 400, 413, 422)
