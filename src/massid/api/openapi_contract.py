"""What the generated OpenAPI document cannot say by itself, declared so contract tests hold.

FastAPI and pydantic describe field types; the server's own rules (exactly one of
``participant``/``participantId``, the accepted media types and methodologies, the limits of
parameters parsed by the services) and the OpenAPI links of the integrator workflow
(create a document → append events → read it) are added here, in one place.
"""

from __future__ import annotations

from typing import Any

from massid.domain.attachments import CONTENT_TYPES
from massid.methodologies.registry import METHODOLOGIES


def _one_of(*names: str) -> dict[str, Any]:
    """Exactly one of ``names`` is given (a null counts as not given)."""
    return {
        "oneOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in names
        ]
    }


_EXACTLY_ONE = [_one_of("participantId", "participant"), _one_of("addressId", "address")]


def _when(name: str, then: dict[str, Any], field: str) -> dict[str, Any]:
    """On events named ``name`` the body must match ``then``; on others ``field`` is null."""
    return {
        "if": {"properties": {"name": {"const": name}}, "required": ["name"]},
        "then": then,
        "else": {"properties": {field: {"type": "null"}}},
    }


def _requires(field: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": [field], "properties": {field: schema}}


def _boolean(field: str) -> dict[str, Any]:
    return _requires(field, {"type": "boolean"})


# The built-in events' own fields (massid.domain.event_rules.check_event).
_BUILT_IN_FIELDS = [
    _when(
        "ACTOR",
        _requires("label", {"type": "string", "pattern": "\\S"}),
        "permissions",
    ),
    _when(
        "UPDATE",
        _requires(
            "updates",
            {"type": "object", "anyOf": [_boolean("isPublic"), _boolean("isPubliclySearchable")]},
        ),
        "updates",
    ),
    {
        "if": {"properties": {"name": {"const": "RELATED"}}, "required": ["name"]},
        "then": _requires("relatedDocument", {"type": "object"}),
    },
    {
        "if": {"properties": {"name": {"const": "SPLIT"}}, "required": ["name"]},
        "then": _requires("value", {"type": "number", "exclusiveMinimum": 0}),
    },
]
# The server refuses U+0000 in every string of a body (PostgreSQL cannot store it).
_NO_NUL = "^[^\\x00]*$"

# (path, method) -> {link name: (target path, target method, {parameter: runtime expression})}
_LINKS: dict[tuple[str, str], dict[str, tuple[str, str, dict[str, str]]]] = {
    ("/documents", "post"): {
        "GetDocument": ("/documents/{documentId}", "get", {"documentId": "$response.body#/id"}),
        "AppendEvent": (
            "/documents/{documentId}/events",
            "post",
            {"documentId": "$response.body#/id"},
        ),
        "ListEvents": (
            "/documents/{documentId}/events",
            "get",
            {"documentId": "$response.body#/id"},
        ),
        "VerifyDocument": (
            "/documents/{documentId}/verifications",
            "post",
            {"documentId": "$response.body#/id"},
        ),
    },
    ("/documents/{documentId}/events", "post"): {
        "GetDocument": (
            "/documents/{documentId}",
            "get",
            {"documentId": "$response.body#/documentId"},
        ),
        "AppendNextEvent": (
            "/documents/{documentId}/events",
            "post",
            {"documentId": "$response.body#/documentId"},
        ),
    },
    ("/documents/events", "post"): {
        "GetDocument": (
            "/documents/{documentId}",
            "get",
            {"documentId": "$response.body#/documentId"},
        ),
    },
}

# (path, method, parameter) -> schema constraints the services enforce
_PARAMETERS: dict[tuple[str, str, str], dict[str, Any]] = {
    ("/documents/{documentId}/events", "get", "after"): {"maximum": 1_000_000_000},
    ("/documents", "get", "cursor"): {"minLength": 1, "maxLength": 512},
}
_FILE_NAME = {
    "minLength": 1,
    "maxLength": 255,
    "pattern": r"^[^\s/\\\x00-\x1f\x7f](?:[^/\\\x00-\x1f\x7f]*[^\s/\\\x00-\x1f\x7f])?$",
}
_IDEMPOTENCY_KEY = {"minLength": 1, "maxLength": 255, "pattern": r"^\S(?:.*\S)?$"}


# pydantic writes the bounds of a union (``int | float``) with its own names, which JSON
# Schema ignores; they are renamed to the JSON Schema keywords.
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def declare(schema: dict[str, Any]) -> None:
    """Add the server's rules and the workflow links to a generated OpenAPI document."""
    components = schema.get("components", {}).get("schemas", {})
    _rename_bounds(components)
    for name in ("DocumentIn", "EventIn", "BatchEventIn"):
        if name in components:
            components[name]["allOf"] = list(_EXACTLY_ONE)
    for name in ("EventIn", "BatchEventIn"):
        if name in components:
            components[name].setdefault("allOf", []).extend(_BUILT_IN_FIELDS)
    for name, component in components.items():
        if name.endswith("In"):
            _forbid_nul(component)
    for name in ("VerifyIn", "PreviewIn"):
        if name in components:
            components[name]["properties"]["methodology"]["enum"] = list(METHODOLOGIES)
    if "AttachmentRequestIn" in components:
        components["AttachmentRequestIn"]["properties"]["contentType"]["enum"] = list(CONTENT_TYPES)
    paths: dict[str, dict[str, Any]] = schema.get("paths", {})
    for path, operations in paths.items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                extra = _PARAMETERS.get((path, method, parameter["name"]), {})
                if parameter["name"] == "fileName":
                    extra = _FILE_NAME
                elif parameter["name"] == "Idempotency-Key":
                    extra = _IDEMPOTENCY_KEY
                _constrain(parameter, extra)
    for (path, method), links in _LINKS.items():
        operation = paths[path][method]
        created = next(status for status in ("201", "200") if status in operation["responses"])
        operation["responses"][created]["links"] = {
            name: {
                "operationId": paths[target][target_method]["operationId"],
                "parameters": parameters,
            }
            for name, (target, target_method, parameters) in links.items()
        }


def _constrain(parameter: dict[str, Any], extra: dict[str, Any]) -> None:
    if not extra:
        return
    schema = parameter.setdefault("schema", {})
    branches = [b for b in schema.get("anyOf", []) if b.get("type") != "null"]
    for target in branches or [schema]:
        target.update(extra)


def _rename_bounds(node: Any) -> None:
    if isinstance(node, dict):
        if "anyOf" in node:
            for old, new in _BOUNDS.items():
                if old in node and isinstance(node[old], int | float):
                    node[new] = node.pop(old)
        for value in node.values():
            _rename_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _rename_bounds(value)


def _forbid_nul(node: Any) -> None:
    """Every free-text string of a request schema says it holds no U+0000."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"format", "enum", "pattern", "const"} & set(node):
            node["pattern"] = _NO_NUL
        for value in node.values():
            _forbid_nul(value)
    elif isinstance(node, list):
        for value in node:
            _forbid_nul(value)
