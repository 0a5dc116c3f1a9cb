"""Reading and validating the typed parameters of one call (see lilya.params).

A `TypedBinder` is built once per handler from its typed parameters; per request it reads
only the sources they name, converts every value, collects every failure and answers 422
(lilya.validation.errors) instead of calling the handler.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from typing import Any

from lilya.datastructures.uploads import DataUpload
from lilya.exceptions import ImproperlyConfigured
from lilya.params import REQUIRED
from lilya.responses import Response
from lilya.validation._analysis import TypedParam, _NonFinite, is_pydantic_type
from lilya.validation.errors import FieldError, _answer_for

__all__ = ["TypedBinder"]

_MISSING = "Field required"
_AT = re.compile(r"^(?P<detail>.*?)(?: - at `(?P<path>\$[^`]*)`)?$", re.DOTALL)
_STEP = re.compile(r"\.([^.\[]+)|\[([^\]]*)\]")


_NOT_JSON = "The request body must be JSON (Content-Type application/json)"


def _is_json_type(content_type: str) -> bool:
    """Whether a Content-Type announces JSON: application/json or application/<x>+json.

    A JSON body under any other type is refused, because a cross-site page can send text/plain
    or form bodies without a CORS preflight, and such a body must not reach the handler as if
    it were the JSON it only looks like."""
    media = content_type.partition(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


_NOT_FORM = (
    "The request body must be a form (Content-Type application/x-www-form-urlencoded or "
    "multipart/form-data)"
)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_MISSING_FIELD = re.compile(r"^Object missing required field `(?P<key>.*)`")


def _is_form_type(content_type: str) -> bool:
    return content_type.partition(";")[0].strip().lower() in _FORM_TYPES


def _is_blank(value: Any) -> bool:
    """An empty text, or the empty unnamed file a browser sends for an empty file input."""
    if isinstance(value, str):
        return value == ""
    return isinstance(value, DataUpload) and not value.filename and not value.size


_CHECKBOX = {"on": "true", "off": "false"}


def _form_value(form: Any, key: str, blank: bool, sequence: bool, checkbox: bool) -> Any:
    """The form's value(s) for a key, None when not sent (blank values left out if `blank`;
    a checkbox's "on" / "off" as "true" / "false" if `checkbox`)."""
    if sequence:
        values = form.getall(key, [])
        if blank:
            values = [value for value in values if not _is_blank(value)]
        if checkbox:
            values = [
                _CHECKBOX.get(value, value) if isinstance(value, str) else value for value in values
            ]
        return values or None
    value = form.get(key)
    if value is None:
        return None
    if blank and _is_blank(value):
        return None
    if checkbox and isinstance(value, str):
        return _CHECKBOX.get(value, value)
    return value


def _files_named(detail: str) -> str:
    """msgspec names an upload by its class: say "a file"."""
    return detail.replace("`DataUpload`", "a file")


def _structured_form_errors(exc: Exception) -> list[FieldError]:
    """The form fields a structured type's validation error names."""
    if isinstance(exc, _NonFinite):
        return [FieldError("form", exc.key, str(exc))]
    errors = getattr(exc, "errors", None)
    if callable(errors):  # pydantic
        found = []
        for error in errors(include_url=False, include_context=False):
            steps = [str(step) for step in error["loc"]]
            found.append(FieldError("form", steps[0] if steps else "$", error["msg"]))
        return found
    message = str(exc)
    missing = _MISSING_FIELD.match(message)
    if missing is not None:
        return [FieldError("form", missing.group("key"), _MISSING)]
    at = _AT.match(message)
    assert at is not None  # the pattern matches any text
    steps = _STEP.findall((at.group("path") or "$")[1:])
    field = (steps[0][0] or steps[0][1]) if steps else "$"
    return [FieldError("form", field, _files_named(at.group("detail")))]


def _default_of(param: TypedParam) -> Any:
    """The default for one call: a list, dict or set default is copied, so a handler changing
    it changes nothing for the next request."""
    default = param.default
    if isinstance(default, (list, dict, set)):
        return copy.copy(default)
    return default


def _pointer(steps: Sequence[Any]) -> str:
    return "#" + "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in steps)


def _json_path(steps: Sequence[Any]) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps)


def _msgspec_body_error(message: str) -> FieldError:
    found = _AT.match(message)
    assert found is not None  # the pattern matches any text
    path = found.group("path") or "$"
    steps: list[Any] = []
    for name, index in _STEP.findall(path[1:]):
        steps.append(name if name else (int(index) if index.isdigit() else index))
    return FieldError("body", _json_path(steps), found.group("detail"), _pointer(steps))


def _body_decoder(
    param: TypedParam,
) -> tuple[Callable[[bytes], Any], Callable[[Exception], list[FieldError]] | None]:
    """The decoder of a body type, and the reader of its library's validation errors."""
    if is_pydantic_type(param.annotation):
        import pydantic

        adapter: Any = pydantic.TypeAdapter(param.annotation)

        def pydantic_errors(exc: Exception) -> list[FieldError]:
            assert isinstance(exc, pydantic.ValidationError)
            found = []
            for error in exc.errors(include_url=False, include_context=False):
                steps = list(error["loc"])
                found.append(FieldError("body", _json_path(steps), error["msg"], _pointer(steps)))
            return found

        return adapter.validate_json, pydantic_errors
    import msgspec

    return msgspec.json.Decoder(param.annotation).decode, None


class TypedBinder:
    """Fills a call's typed arguments from the request, or answers 422."""

    __slots__ = (
        "_decode",
        "_decode_error",
        "_invalid",
        "_library_errors",
        "body",
        "cookie",
        "form",
        "header",
        "path",
        "query",
    )

    def __init__(self, params: Sequence[TypedParam], qualname: str) -> None:
        import msgspec  # only handlers with typed parameters need it

        self._invalid: type[Exception] = msgspec.ValidationError
        self._decode_error: type[Exception] = msgspec.DecodeError
        self.query = tuple(p for p in params if p.location == "query")
        self.header = tuple(p for p in params if p.location == "header")
        self.cookie = tuple(p for p in params if p.location == "cookie")
        self.path = tuple(p for p in params if p.location == "path")
        self.form = tuple(p for p in params if p.location == "form")
        bodies = [p for p in params if p.location == "body"]
        if bodies and self.form:
            raise ImproperlyConfigured(
                f"{qualname}() declares a JSON body ({bodies[0].name}) and form fields; a "
                "request has one body: declare one or the other."
            )
        if len(bodies) > 1:
            names = ", ".join(p.name for p in bodies)
            raise ImproperlyConfigured(
                f"{qualname}() declares more than one request body ({names}); wrap them in "
                "one type."
            )
        self.body = bodies[0] if bodies else None
        self._decode: Callable[[bytes], Any] | None = None
        self._library_errors: Callable[[Exception], list[FieldError]] | None = None
        if self.body is not None:
            self._decode, self._library_errors = _body_decoder(self.body)

    @property
    def params(self) -> tuple[TypedParam, ...]:
        """Every typed parameter, body (or form) last."""
        found = self.path + self.query + self.header + self.cookie + self.form
        return found + ((self.body,) if self.body is not None else ())

    async def fill(self, request: Any, arguments: dict[str, Any]) -> Response | None:
        """Put the typed values into `arguments`; a 422 response when any fails."""
        errors: list[FieldError] = []
        if self.path:
            self._read_each(self.path, request.path_params, arguments, errors, multi=False)
        if self.query:
            self._read_each(self.query, request.query_params, arguments, errors, multi=True)
        if self.header:
            self._read_each(self.header, request.headers, arguments, errors, multi=True)
        if self.cookie:
            self._read_each(self.cookie, request.cookies, arguments, errors, multi=False)
        if self.body is not None:
            await self._read_body(request, arguments, errors)
        if self.form:
            await self._read_form(request, arguments, errors)
        if errors:
            return _answer_for(request.scope, errors)
        return None

    async def _read_body(
        self, request: Any, arguments: dict[str, Any], errors: list[FieldError]
    ) -> None:
        param = self.body
        assert param is not None
        assert self._decode is not None
        content_type = request.headers.get("content-type")
        if content_type is not None and not _is_json_type(content_type):
            errors.append(FieldError("body", "$", _NOT_JSON, "#"))
            return
        body = await request.body()
        if not body:
            if param.default is REQUIRED:
                errors.append(FieldError("body", "$", "A JSON request body is required", "#"))
            else:
                arguments[param.name] = _default_of(param)
            return
        try:
            arguments[param.name] = self._decode(body)
        except self._invalid as exc:
            errors.append(_msgspec_body_error(str(exc)))
        except self._decode_error as exc:
            errors.append(FieldError("body", "$", f"Invalid JSON: {exc}", "#"))
        except RecursionError:
            errors.append(FieldError("body", "$", "The JSON body is nested too deeply", "#"))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            if self._library_errors is None:  # pragma: no cover - msgspec raises the above
                raise
            errors.extend(self._library_errors(exc))

    async def _read_form(
        self, request: Any, arguments: dict[str, Any], errors: list[FieldError]
    ) -> None:
        """Read the form once (request.form(): its limits answer 400 / 413) and fill each form
        parameter; a body of another media type is a 422, as for JSON bodies."""
        content_type = request.headers.get("content-type")
        if content_type is not None and not _is_form_type(content_type):
            errors.append(FieldError("form", "$", _NOT_FORM))
            return
        form = await request.form()
        for param in self.form:
            fields = param.form_fields
            if fields is None:
                raw = _form_value(
                    form, param.key, param.blank_is_missing, param.sequence, param.checkbox
                )
                if raw is None:
                    if param.default is REQUIRED:
                        errors.append(FieldError("form", param.key, _MISSING))
                    else:
                        arguments[param.name] = _default_of(param)
                    continue
                try:
                    arguments[param.name] = param.convert(raw)
                except (self._invalid, ValueError, TypeError) as exc:
                    errors.append(FieldError("form", param.key, _files_named(str(exc))))
                continue
            data = {}
            for field in fields:
                raw = _form_value(
                    form, field.key, field.blank_is_missing, field.sequence, field.checkbox
                )
                if raw is not None:
                    data[field.key] = raw
            if not data and param.default is not REQUIRED:
                arguments[param.name] = _default_of(param)
                continue
            try:
                arguments[param.name] = param.convert(data)
            except (self._invalid, ValueError, TypeError) as exc:
                errors.extend(_structured_form_errors(exc))

    def _read_each(
        self,
        params: Sequence[TypedParam],
        source: Any,
        arguments: dict[str, Any],
        errors: list[FieldError],
        *,
        multi: bool,
    ) -> None:
        for param in params:
            if param.sequence and multi:
                raw: Any = source.getall(param.key, [])
                present = bool(raw)
            else:
                raw = source.get(param.key)
                present = raw is not None
            if not present:
                if param.default is REQUIRED:
                    errors.append(FieldError(param.location, param.key, _MISSING))
                else:
                    arguments[param.name] = _default_of(param)
                continue
            try:
                arguments[param.name] = param.convert(raw)
            except (self._invalid, ValueError, TypeError) as exc:
                errors.append(FieldError(param.location, param.key, str(exc)))
