"""Path templates compiled once into segments: what the matcher indexes and reversal uses.

A template such as "/users/{id:int}/files/{rest:path}" becomes a tuple of segments, each one of:
- StaticSegment: literal text that must equal the request's segment;
- ParamSegment: a whole segment holding one parameter ("{id:int}");
- PatternSegment: literals and parameters mixed inside one segment ("{name}.{ext}");
- TailSegment: from a parameter whose values may contain "/" to the end of the template; it is
  matched against the rest of the path in one regular expression.
Lilya's "<name:type>" spelling is accepted as well as "{name:type}".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from lilya._records import Record
from lilya.exceptions import ImproperlyConfigured
from lilya.transformers import TRANSFORMER_TYPES, Transformer, spans_segments

__all__ = [
    "NoMatchFound",
    "Parameter",
    "PathParamError",
    "ParamSegment",
    "PathTemplate",
    "PatternSegment",
    "RouteDefinitionError",
    "Segment",
    "StaticSegment",
    "TailSegment",
    "compile_path",
]

# What a path segment may hold as it is (RFC 3986 pchar: unreserved, sub-delims, ":" and "@").
_SEGMENT_SAFE = "-._~!$&'()*+,;=:@"
_SPANNING_SAFE = _SEGMENT_SAFE + "/"

# "{name}" / "{name:type}" and Lilya's "<name>" / "<name:type>".
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?\}")
_ANGLE_PARAM = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?>")


class NoMatchFound(Exception):
    """No route has this name and exactly these path parameters."""

    def __init__(self, name: str, path_params: dict[str, Any], message: str | None = None) -> None:
        if message is None:
            params = ", ".join(sorted(path_params))
            message = f'No route exists for name "{name}" and params "{params}".'
        super().__init__(message)
        self.name = name
        self.path_params = path_params


class RouteDefinitionError(ImproperlyConfigured, AssertionError):
    """A route or Include declared wrongly (a path without its leading "/", an unknown
    parameter type, no app/routes/namespace). Also an AssertionError, as Lilya 0.7.5 asserts
    these, so `except AssertionError` keeps working; raised explicitly, it survives -O."""


class PathParamError(NoMatchFound, AssertionError):
    """A route called `name` exists, but a path parameter given to path_for is missing,
    unexpected or has a value its segment cannot hold ("/" or empty).

    An AssertionError, as Lilya raises for such values, and a NoMatchFound, so a router still
    tries the other routes of the same name; it names the route and the parameter.
    """

    def __init__(self, name: str, path_params: dict[str, Any], parameter: str, problem: str):
        super().__init__(
            name,
            path_params,
            f"Cannot reverse route {name!r}: path parameter {parameter!r} {problem}.",
        )
        self.parameter = parameter


class PathParamValueError(PathParamError, ValueError):
    """A value its parameter's type cannot write (`"x"` for an int): also a ValueError, which
    Lilya 0.7.5 lets the transformer raise, so `except ValueError` keeps working."""


class Parameter(Record):
    """One named parameter of a template and the transformer that types it."""

    __slots__ = ("kind", "name", "spans", "transformer")

    def __init__(self, name: str, kind: str, transformer: Transformer[Any], spans: bool) -> None:
        self.name = name
        self.kind = kind
        self.transformer = transformer
        self.spans = spans  # whether its values may contain "/" (spans_segments, worked out once)


class StaticSegment(Record):
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class ParamSegment(Record):
    __slots__ = ("parameter", "pattern")

    def __init__(self, parameter: Parameter, pattern: re.Pattern[str] | None) -> None:
        self.parameter = parameter
        self.pattern = pattern  # None: any non-empty segment (plain strings)


class _RegexSegment(Record):
    """A segment matched by one regular expression: its source text, the compiled pattern
    and the parameters its groups hold."""

    __slots__ = ("parameters", "pattern", "source")

    def __init__(
        self, source: str, pattern: re.Pattern[str], parameters: tuple[Parameter, ...]
    ) -> None:
        self.source = source
        self.pattern = pattern
        self.parameters = parameters


class PatternSegment(_RegexSegment):
    """Literals and parameters mixed inside one segment ("{name}.{ext}")."""

    __slots__ = ()


class TailSegment(_RegexSegment):
    """From a parameter whose values may hold "/" to the end of the template."""

    __slots__ = ()


Segment = StaticSegment | ParamSegment | PatternSegment | TailSegment


class PathTemplate(Record):
    """A compiled path template; build with `compile_path`."""

    __slots__ = ("normalised", "parameters", "regex", "segments", "source")

    def __init__(
        self,
        source: str,
        normalised: str,
        segments: tuple[Segment, ...],
        parameters: Mapping[str, Parameter],
        regex: re.Pattern[str],
    ) -> None:
        self.source = source
        self.normalised = normalised  # "{name:type}" spelling, as given otherwise
        self.segments = segments
        self.parameters = parameters
        self.regex = regex  # the whole template, for matching outside the index (hosts)

    @property
    def is_static(self) -> bool:
        return not self.parameters

    def check_names(self, name: str, params: dict[str, Any]) -> None:
        """PathParamError naming the first parameter missing from `params` or not in the
        template (`name` is the route's, for the message)."""
        for parameter in self.parameters:
            if parameter not in params:
                raise PathParamError(name, params, parameter, "is missing")
        for parameter in params:
            if parameter not in self.parameters:
                raise PathParamError(
                    name, params, parameter, "is not in the path " + repr(self.source)
                )

    def reverse(self, params: Mapping[str, Any], *, quoted: bool = True, name: str = "") -> str:
        """The path with `params` written in; the caller checks the names match exactly.

        Values are percent-encoded where a path segment needs it (space, "?", "#", "%",
        non-ASCII...), so requesting the path gives the same values back; "/" stays in values
        of parameters that span segments. Hosts are reversed with `quoted=False`. A value that
        is empty, or holds "/" where the parameter is one segment, raises PathParamError
        (requesting such a path would not reach the route); one its type cannot write raises
        PathParamValueError. Nothing else is raised.
        """

        def substitute(found: re.Match[str]) -> str:
            parameter = self.parameters[found.group(1)]
            value = params[parameter.name]
            try:
                text = parameter.transformer.normalise(value)
                if not isinstance(text, str):  # a custom transformer's mistake
                    raise TypeError(f"its transformer wrote {type(text).__name__}, not text")
            except (ValueError, TypeError) as exc:
                raise PathParamValueError(
                    name, dict(params), parameter.name, f"cannot be {value!r} ({exc})"
                ) from exc
            if not parameter.spans:
                if not text:
                    raise PathParamError(name, dict(params), parameter.name, "must not be empty")
                if "/" in text:
                    raise PathParamError(
                        name, dict(params), parameter.name, "may not contain path separators"
                    )
            if not quoted:
                return text
            return quote(text, safe=_SPANNING_SAFE if parameter.spans else _SEGMENT_SAFE)

        return _PARAM.sub(substitute, self.normalised)


def _parameter(name: str, kind: str | None, source: str) -> Parameter:
    key = kind or "str"
    transformer = TRANSFORMER_TYPES.get(key)
    if transformer is None:
        known = ", ".join(sorted(TRANSFORMER_TYPES))
        raise RouteDefinitionError(
            f"Unknown path parameter type {key!r} in {source!r}; known types: {known}. "
            "Add new ones with lilya.transformers.register_path_transformer."
        )
    return Parameter(name, key, transformer, spans_segments(transformer))


def _group(parameter: Parameter) -> str:
    return f"(?P<{parameter.name}>{parameter.transformer.regex})"


def _pattern_for(text: str, source: str) -> tuple[str, list[Parameter]]:
    """Regex source for a piece of template text, and the parameters found in it."""
    pieces: list[str] = []
    parameters: list[Parameter] = []
    position = 0
    for found in _PARAM.finditer(text):
        pieces.append(re.escape(text[position : found.start()]))
        parameter = _parameter(found.group(1), found.group(2), source)
        parameters.append(parameter)
        pieces.append(_group(parameter))
        position = found.end()
    pieces.append(re.escape(text[position:]))
    return "".join(pieces), parameters


def _check_braces(text: str, source: str) -> None:
    leftover = _PARAM.sub("", text)
    if "{" in leftover or "}" in leftover:
        raise ImproperlyConfigured(f"Malformed path parameter in {source!r}; use {{name:type}}.")


def compile_path(path: str) -> PathTemplate:
    """Compile a template ("/items/{id:int}") once, at route build time."""
    normalised = _ANGLE_PARAM.sub(
        lambda found: "{" + found.group(1) + (":" + found.group(2) if found.group(2) else "") + "}",
        path,
    )
    _check_braces(normalised, path)
    parts = normalised.split("/")[1:] if normalised.startswith("/") else normalised.split("/")
    segments: list[Segment] = []
    parameters: dict[str, Parameter] = {}

    def remember(found: list[Parameter]) -> None:
        for parameter in found:
            if parameter.name in parameters:
                raise ImproperlyConfigured(
                    f"Duplicate path parameter {parameter.name!r} in {path!r}."
                )
            parameters[parameter.name] = parameter

    for index, part in enumerate(parts):
        found = [_parameter(m.group(1), m.group(2), path) for m in _PARAM.finditer(part)]
        if any(p.spans for p in found):
            rest = "/".join(parts[index:])
            source, tail_parameters = _pattern_for(rest, path)
            remember(tail_parameters)
            segments.append(TailSegment(rest, re.compile(source), tuple(tail_parameters)))
            break
        remember(found)
        if not found:
            segments.append(StaticSegment(part))
        elif len(found) == 1 and _PARAM.fullmatch(part):
            parameter = found[0]
            pattern = None if parameter.kind == "str" else re.compile(parameter.transformer.regex)
            segments.append(ParamSegment(parameter, pattern))
        else:
            source, _ = _pattern_for(part, path)
            segments.append(PatternSegment(part, re.compile(source), tuple(found)))

    whole, _ = _pattern_for(normalised, path)
    return PathTemplate(
        source=path,
        normalised=normalised,
        segments=tuple(segments),
        parameters=parameters,
        regex=re.compile(whole),
    )
