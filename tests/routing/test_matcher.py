from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lilya.routing._matcher import RouteIndex
from lilya.routing._paths import compile_path


def build(*templates: str, prefixes: tuple[str, ...] = ()) -> RouteIndex[str]:
    index: RouteIndex[str] = RouteIndex()
    for template in templates:
        index.add(compile_path(template).segments, template)
    for prefix in prefixes:
        index.add(compile_path(prefix).segments, "prefix:" + prefix, prefix=True)
    return index


def values(index: RouteIndex[str], path: str) -> list[str]:
    return [candidate.value for candidate in index.candidates(path)]


def params(index: RouteIndex[str], path: str) -> dict[str, str]:
    candidate = index.candidates(path)[0]
    return {parameter.name: text for parameter, text in candidate.raw_params}


def test_static_path_is_found() -> None:
    assert values(build("/", "/users", "/users/me"), "/users/me") == ["/users/me"]


def test_unknown_path_has_no_candidates() -> None:
    assert values(build("/users/{id:int}"), "/nothing/here") == []


def test_typed_parameter_only_matches_its_pattern() -> None:
    index = build("/users/{id:int}")
    assert values(index, "/users/42") == ["/users/{id:int}"]
    assert values(index, "/users/abc") == []


def test_string_parameter_never_matches_an_empty_segment() -> None:
    assert values(build("/users/{name}"), "/users/") == []


def test_candidates_come_in_declaration_order_across_static_and_dynamic() -> None:
    index = build("/users/{name}", "/users/me")
    assert values(index, "/users/me") == ["/users/{name}", "/users/me"]


def test_static_lookup_keeps_earlier_dynamic_routes_after_caching() -> None:
    index = build("/users/{name}", "/users/me")
    values(index, "/users/me")
    assert values(index, "/users/me") == ["/users/{name}", "/users/me"]


def test_adding_a_route_invalidates_cached_static_answers() -> None:
    index = build("/users/me")
    assert values(index, "/users/me") == ["/users/me"]
    index.add(compile_path("/users/{name}").segments, "/users/{name}")
    assert values(index, "/users/me") == ["/users/me", "/users/{name}"]


def test_parameters_are_captured_as_raw_text() -> None:
    index = build("/a/{x:int}/b/{y}")
    assert params(index, "/a/12/b/zz") == {"x": "12", "y": "zz"}


def test_pattern_segment_captures_each_parameter() -> None:
    assert params(build("/f/{name}.{ext}"), "/f/report.tar.gz") == {
        "name": "report.tar",
        "ext": "gz",
    }


def test_tail_parameter_takes_the_rest_of_the_path() -> None:
    index = build("/static/{rest:path}")
    assert params(index, "/static/css/site.css") == {"rest": "css/site.css"}
    assert params(index, "/static/") == {"rest": ""}
    assert values(index, "/static") == []


def test_tail_with_suffix_must_match_the_suffix() -> None:
    index = build("/docs/{page:path}/edit")
    assert params(index, "/docs/a/b/edit") == {"page": "a/b"}
    assert values(index, "/docs/a/b") == []


def test_prefix_matches_below_it_and_hands_on_the_remainder() -> None:
    index = build(prefixes=("/api",))
    [candidate] = index.candidates("/api/users/1")
    assert candidate.remainder == "/users/1"
    assert index.candidates("/api/")[0].remainder == "/"


def test_prefix_does_not_match_its_own_path_without_slash_or_a_longer_name() -> None:
    index = build(prefixes=("/api",))
    assert values(index, "/api") == []
    assert values(index, "/apis/x") == []


def test_empty_prefix_matches_everything() -> None:
    index: RouteIndex[str] = RouteIndex()
    index.add((), "root", prefix=True)
    assert index.candidates("/anything/at/all")[0].remainder == "/anything/at/all"


def test_prefix_with_parameter() -> None:
    index = build(prefixes=("/orgs/{org}",))
    [candidate] = index.candidates("/orgs/acme/repos")
    assert candidate.remainder == "/repos"
    assert {p.name: t for p, t in candidate.raw_params} == {"org": "acme"}


def test_prefix_tail_requires_a_following_slash() -> None:
    index: RouteIndex[str] = RouteIndex()
    index.add(compile_path("/{name}.{ext}/x{rest:path}").segments, "odd", prefix=True)
    assert values(index, "/a.b/xyz") == []


def test_paths_not_starting_with_slash_match_nothing_dynamic() -> None:
    assert values(build("/{name}"), "relative") == []


def test_explicit_ranks_order_candidates() -> None:
    index: RouteIndex[str] = RouteIndex()
    index.add(compile_path("/x").segments, "late", rank=5)
    index.add(compile_path("/{name}").segments, "early", rank=2)
    assert values(index, "/x") == ["early", "late"]
    assert len(index) == 6


def test_many_routes_still_find_the_last_one() -> None:
    templates = [f"/r{i}/{{id:int}}" for i in range(1000)]
    index = build(*templates)
    assert values(index, "/r999/5") == ["/r999/{id:int}"]


@given(st.text())
def test_any_path_is_answered_without_error(path: str) -> None:
    index = build("/", "/users/{id:int}", "/f/{a}.{b}", "/s/{rest:path}", prefixes=("/api",))
    found = index.candidates("/" + path)
    assert all(candidate.rank >= 0 for candidate in found)


def test_lookups_are_remembered_but_bounded() -> None:
    from lilya.routing._matcher import CACHED_PATHS

    index = build("/users/{id:int}")
    first = index.candidates("/users/1")
    assert index.candidates("/users/1") is first
    for number in range(CACHED_PATHS + 10):
        assert index.candidates(f"/users/{number}")[0].raw_params[0][1] == str(number)
    assert len(index._resolved) <= CACHED_PATHS


def test_long_paths_are_not_remembered() -> None:
    from lilya.routing._matcher import CACHED_PATH_LENGTH

    index = build("/files/{name}")
    long_path = "/files/" + "x" * CACHED_PATH_LENGTH
    assert values(index, long_path) == ["/files/{name}"]
    assert long_path not in index._resolved


def test_adding_a_route_forgets_remembered_dynamic_answers() -> None:
    index = build("/users/{id:int}")
    assert values(index, "/users/1") == ["/users/{id:int}"]
    index.add(compile_path("/users/{name}").segments, "/users/{name}")
    assert values(index, "/users/1") == ["/users/{id:int}", "/users/{name}"]
