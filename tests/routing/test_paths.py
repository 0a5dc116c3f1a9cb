from __future__ import annotations

import uuid

import pytest

from lilya.exceptions import ImproperlyConfigured
from lilya.routing._paths import (
    Parameter,
    ParamSegment,
    PathParamError,
    PathTemplate,
    PatternSegment,
    StaticSegment,
    TailSegment,
    compile_path,
)
from lilya.transformers import Transformer, register_path_transformer


def test_static_template_has_only_static_segments() -> None:
    template = compile_path("/users/me")
    assert template.segments == (StaticSegment("users"), StaticSegment("me"))
    assert template.is_static


def test_root_is_one_empty_segment() -> None:
    assert compile_path("/").segments == (StaticSegment(""),)


def test_trailing_slash_is_an_empty_last_segment() -> None:
    assert compile_path("/users/").segments[-1] == StaticSegment("")


def test_typed_parameter_is_a_param_segment() -> None:
    template = compile_path("/users/{id:int}")
    segment = template.segments[1]
    assert isinstance(segment, ParamSegment)
    assert segment.parameter.name == "id"
    assert segment.parameter.kind == "int"


def test_plain_parameter_defaults_to_str_without_a_regex() -> None:
    segment = compile_path("/{name}").segments[0]
    assert isinstance(segment, ParamSegment)
    assert segment.parameter.kind == "str"
    assert segment.pattern is None


def test_angle_bracket_spelling_is_accepted() -> None:
    template = compile_path("/items/<item_id:int>")
    assert template.normalised == "/items/{item_id:int}"
    assert list(template.parameters) == ["item_id"]


def test_mixed_segment_is_a_pattern_segment() -> None:
    segment = compile_path("/files/{name}.{ext}").segments[1]
    assert isinstance(segment, PatternSegment)
    matched = segment.pattern.fullmatch("report.pdf")
    assert matched is not None
    assert matched.group("ext") == "pdf"


def test_path_parameter_becomes_a_tail_with_the_rest_of_the_template() -> None:
    segment = compile_path("/static/{rest:path}/edit").segments[1]
    assert isinstance(segment, TailSegment)
    matched = segment.pattern.fullmatch("a/b/edit")
    assert matched is not None
    assert matched.group("rest") == "a/b"


def test_unknown_type_is_a_clear_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="Unknown path parameter type 'nope'"):
        compile_path("/{x:nope}")


def test_duplicate_parameter_names_are_rejected() -> None:
    with pytest.raises(ImproperlyConfigured, match="Duplicate path parameter 'x'"):
        compile_path("/{x}/{x:int}")


def test_unbalanced_braces_are_rejected() -> None:
    with pytest.raises(ImproperlyConfigured, match="Malformed"):
        compile_path("/{x")


def test_reverse_writes_normalised_values() -> None:
    template = compile_path("/u/{id:int}/{key:uuid}/{name}")
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert template.reverse({"id": 7, "key": key, "name": "bob"}) == (
        "/u/7/12345678-1234-5678-1234-567812345678/bob"
    )


def test_reverse_refuses_a_slash_in_a_string_parameter() -> None:
    """A PathParamError (an AssertionError naming the parameter, as Lilya raises an
    AssertionError), no longer the transformer's bare ValueError."""
    with pytest.raises(PathParamError, match=r"'name' cannot be 'a/b'.*may not contain"):
        compile_path("/{name}").reverse({"name": "a/b"})


class Permissive(Transformer[str]):
    regex = "[^/]*"

    def transform(self, value: str) -> str:
        return value

    def normalise(self, value: str) -> str:
        return str(value)


@pytest.mark.parametrize(("value", "problem"), [("", "must not be empty"), ("a/b", "separators")])
def test_reverse_refuses_what_a_segment_cannot_hold_whatever_the_transformer(
    value: str, problem: str
) -> None:
    template = compile_path("/{name}")
    parameter = template.parameters["name"]
    lax = Parameter(parameter.name, parameter.kind, Permissive(), parameter.spans)
    lenient = PathTemplate(
        template.source, template.normalised, template.segments, {"name": lax}, template.regex
    )
    with pytest.raises(PathParamError, match=problem):
        lenient.reverse({"name": value}, name="route")


def test_registered_transformer_is_usable_in_templates() -> None:
    class Hex(Transformer[int]):
        regex = "[0-9a-f]+"

        def transform(self, value: str) -> int:
            return int(value, 16)

        def normalise(self, value: int) -> str:
            return format(value, "x")

    register_path_transformer("hex_for_paths_test", Hex)
    template = compile_path("/colour/{c:hex_for_paths_test}")
    segment = template.segments[1]
    assert isinstance(segment, ParamSegment)
    assert segment.parameter.transformer.transform("ff") == 255
    assert template.reverse({"c": 255}) == "/colour/ff"


def test_custom_transformer_matching_slashes_is_treated_as_a_tail() -> None:
    class Anything(Transformer[str]):
        regex = ".+"

        def transform(self, value: str) -> str:
            return value

        def normalise(self, value: str) -> str:
            return value

    register_path_transformer("anything_for_paths_test", Anything())
    template = compile_path("/x/{rest:anything_for_paths_test}")
    assert isinstance(template.segments[1], TailSegment)


class WritesNumbers(Transformer[int]):
    regex = "[0-9]+"

    def transform(self, value: str) -> int:
        return int(value)

    def normalise(self, value: int) -> str:
        return value  # type: ignore[return-value]  # the mistake under test


def test_a_transformer_that_writes_no_text_is_a_value_error_naming_the_parameter() -> None:
    """reverse() raises only PathParamError: callers need not catch anything else."""
    template = compile_path("/{n}")
    parameter = template.parameters["n"]
    broken = Parameter(parameter.name, parameter.kind, WritesNumbers(), parameter.spans)
    odd = PathTemplate(
        template.source, template.normalised, template.segments, {"n": broken}, template.regex
    )
    with pytest.raises(PathParamError, match=r"'n' cannot be 3.*transformer wrote int"):
        odd.reverse({"n": 3}, name="route")
    with pytest.raises(ValueError):
        odd.reverse({"n": 3}, name="route")
