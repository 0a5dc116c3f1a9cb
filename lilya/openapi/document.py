"""The OpenAPI 3.1 document of an application, built from its routes.

Routes below Includes get their prefixes; routes with `include_in_schema=False`, Includes with
it, WebSocket routes and plain ASGI apps are left out. Host routes are left out too (a
document describes one server): their host patterns are listed under `x-lilya-hosts`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Sequence
from typing import Any

from lilya.openapi._schemas import Components, default_value
from lilya.openapi.operations import OperationInfo, info_of
from lilya.responses import Response
from lilya.routing import BasePath, Path
from lilya.routing._handlers import HandlerSignature, analyse_handler
from lilya.validation import PROBLEM_MEDIA_TYPE
from lilya.validation._analysis import TypedParam

__all__ = ["build_document"]

_TEMPLATE_PARAMETER = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")
_KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "uuid": {"type": "string", "format": "uuid"},
    "datetime": {"type": "string", "format": "date-time"},
}
_PROBLEM = "ValidationProblem"
_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "ValidationProblem",
    "description": "RFC 9457 problem details listing each invalid field.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {
                        "type": "string",
                        "enum": ["path", "query", "header", "cookie", "body", "form"],
                    },
                    "field": {"type": "string"},
                    "detail": {"type": "string"},
                    "pointer": {"type": "string"},
                },
                "required": ["location", "field", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "errors"],
}


def build_document(
    routes: Iterable[BasePath],
    *,
    title: str,
    version: str,
    description: str | None = None,
    tags: Sequence[dict[str, Any]] | None = None,
    servers: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document (a dict ready for JSON) of these routes."""
    builder = _Builder()
    builder.walk(routes, "", {})
    info: dict[str, Any] = {"title": title, "version": version}
    if description:
        info["description"] = description
    document: dict[str, Any] = {"openapi": "3.1.0", "info": info}
    if servers:
        document["servers"] = list(servers)
    if tags:
        document["tags"] = list(tags)
    document["paths"] = builder.paths
    if builder.components.schemas:
        document["components"] = {"schemas": dict(sorted(builder.components.schemas.items()))}
    if builder.hosts:
        document["x-lilya-hosts"] = builder.hosts
    return document


class _Builder:
    def __init__(self) -> None:
        self.paths: dict[str, dict[str, Any]] = {}
        self.components = Components()
        self.hosts: list[str] = []
        self.operation_ids: set[str] = set()

    def walk(self, routes: Iterable[BasePath], prefix: str, kinds: dict[str, str]) -> None:
        for route in routes:
            if not getattr(route, "include_in_schema", True):
                continue
            template = route.template
            own = {p.name: p.kind for p in template.parameters.values()} if template else {}
            if isinstance(route, Path):
                self.add_route(route, prefix, {**kinds, **own})
            elif route.is_prefix:
                self.walk(getattr(route, "routes", ()), prefix + route.path, {**kinds, **own})
            elif getattr(route, "host_template", None) is not None:
                self.hosts.append(str(getattr(route, "host", "")))

    def add_route(self, route: Path, prefix: str, kinds: dict[str, str]) -> None:
        path = _TEMPLATE_PARAMETER.sub(r"{\1}", prefix + route.path)
        for method, handler, plan in _operations(route):
            item = self.paths.setdefault(path, {})
            item[method.lower()] = self.operation(route, method, handler, plan, kinds)

    def operation(
        self, route: Path, method: str, handler: Any, plan: HandlerSignature, kinds: dict[str, str]
    ) -> dict[str, Any]:
        info = info_of(handler)
        found: dict[str, Any] = {}
        if info.tags:
            found["tags"] = list(info.tags)
        summary, description = _docstring(handler)
        summary = info.summary or summary
        description = info.description or description
        if summary:
            found["summary"] = summary
        if description:
            found["description"] = description
        found["operationId"] = self.operation_id(
            info.operation_id or f"{route.name}_{method.lower()}"
        )
        if info.deprecated or getattr(route, "deprecated", False):
            found["deprecated"] = True
        # A marker's include_in_schema=False hides it (path parameters stay: the path
        # template names them, and a document without them is invalid).
        typed = [
            p
            for p in (plan.binder.params if plan.binder is not None else ())
            if p.marker.include_in_schema or p.location == "path"
        ]
        parameters = self.path_parameters(kinds, typed)
        parameters += [
            self.parameter(p) for p in typed if p.location not in ("path", "body", "form")
        ]
        if parameters:
            found["parameters"] = parameters
        body = next((p for p in typed if p.location == "body"), None)
        if body is not None:
            found["requestBody"] = {
                "required": body.required,
                "content": {
                    getattr(body.marker, "media_type", "application/json"): {
                        "schema": self.components.schema(body.annotation)
                    }
                },
            }
        form = [p for p in typed if p.location == "form"]
        if form:
            found["requestBody"] = self.form_body(form)
        found["responses"] = self.responses(plan, info, bool(typed))
        return found

    def form_body(self, form: Sequence[TypedParam]) -> dict[str, Any]:
        """One object schema for every form parameter: a structured type's fields are the
        form's fields. multipart/form-data when a file is declared, else urlencoded."""
        properties: dict[str, Any] = {}
        required: list[str] = []
        for param in form:
            if param.form_fields is not None:
                found = self.object_schema(self.components.schema(param.annotation))
                properties.update(found.get("properties", {}))
                if param.required:
                    required += [name for name in found.get("required", ()) if name not in required]
                continue
            schema = self.value_schema(param)
            if param.marker.description:
                schema["description"] = param.marker.description
            if param.marker.deprecated:
                schema["deprecated"] = True
            properties[param.key] = schema
            if param.required:
                required.append(param.key)
        schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        uploads = any(p.upload for p in form)
        media_type = "multipart/form-data" if uploads else "application/x-www-form-urlencoded"
        return {"required": bool(required), "content": {media_type: {"schema": schema}}}

    def object_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The object schema behind a reference (or an optional's reference)."""
        for option in [schema, *schema.get("anyOf", ())]:
            reference = option.get("$ref")
            if isinstance(reference, str):
                found = self.components.schemas.get(reference.rsplit("/", 1)[-1], {})
                return dict(found) if isinstance(found, dict) else {}
            if "properties" in option:
                return dict(option)
        return {}

    def operation_id(self, wanted: str) -> str:
        candidate, count = wanted, 1
        while candidate in self.operation_ids:
            count += 1
            candidate = f"{wanted}_{count}"
        self.operation_ids.add(candidate)
        return candidate

    def path_parameters(
        self, kinds: dict[str, str], typed: Sequence[TypedParam]
    ) -> list[dict[str, Any]]:
        marked = {p.key: p for p in typed if p.location == "path"}
        found = []
        for name, kind in kinds.items():
            if name in marked:
                found.append(self.parameter(marked[name]))
            else:
                schema = dict(_KIND_SCHEMAS.get(kind, {"type": "string"}))
                found.append({"name": name, "in": "path", "required": True, "schema": schema})
        return found

    def value_schema(self, param: TypedParam) -> dict[str, Any]:
        """The schema of one value, with its default, examples and title."""
        schema = self.components.schema(param.annotation)
        if not param.required:
            known, value = default_value(param.default)
            if known:
                schema["default"] = value
        marker = param.marker
        if marker.examples:
            schema["examples"] = list(marker.examples)
        if marker.title:
            schema["title"] = marker.title
        return schema

    def parameter(self, param: TypedParam) -> dict[str, Any]:
        schema = self.value_schema(param)
        marker = param.marker
        found: dict[str, Any] = {
            "name": param.key,
            "in": param.location,
            "required": param.required or param.location == "path",
            "schema": schema,
        }
        if marker.description:
            found["description"] = marker.description
        if marker.deprecated:
            found["deprecated"] = True
        if param.sequence and param.location == "query":
            found["style"] = "form"
            found["explode"] = True
        return found

    def responses(
        self, plan: HandlerSignature, info: OperationInfo, validates: bool
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        usual: dict[str, Any] = {"description": "Successful Response"}
        returned = plan.signature.return_annotation
        if returned is not inspect.Signature.empty and not isinstance(returned, str):
            if inspect.isclass(returned) and issubclass(returned, Response):
                media_type = getattr(returned, "media_type", None)
                if media_type:
                    usual["content"] = {media_type: {}}
            else:
                schema = self.components.schema(returned, mode="serialization")
                usual["content"] = {"application/json": {"schema": schema}}
        found[str(info.status_code)] = usual
        for code, response in info.responses.items():
            entry: dict[str, Any] = {"description": response.description}
            if response.annotation is not None:
                schema = self.components.schema(response.annotation, mode="serialization")
                entry["content"] = {response.media_type: {"schema": schema}}
            found[str(code)] = entry
        if validates and "422" not in found:
            self.components.schemas[_PROBLEM] = _PROBLEM_SCHEMA
            found["422"] = {
                "description": "Validation Error",
                "content": {
                    PROBLEM_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{_PROBLEM}"}}
                },
            }
        return found


def _operations(route: Path) -> list[tuple[str, Any, HandlerSignature]]:
    """(method, handler, plan) of each documented operation of a route (HEAD left out)."""
    handler = route.handler
    plan = route._signature
    if plan is not None and route.methods is not None:
        return [(m, handler, plan) for m in route.methods if m != "HEAD"]
    if inspect.isclass(handler) and getattr(handler, "__is_controller__", False):
        allowed = getattr(handler, "allowed_methods", None)
        methods = allowed() if callable(allowed) else []
        found = []
        for method in methods:
            verb = getattr(handler, method.lower(), None)
            if method != "HEAD" and verb is not None:
                found.append((method, verb, analyse_handler(verb)))
        return found
    return []


def _docstring(handler: Any) -> tuple[str | None, str | None]:
    """The first paragraph as summary (joined on one line), the rest as description."""
    text = inspect.getdoc(handler)
    if not text:
        return None, None
    summary, _, rest = text.partition("\n\n")
    return " ".join(summary.split()), rest.strip() or None
