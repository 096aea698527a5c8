"""The OpenAPI document: routes plus the request models parsed outside FastAPI's binding."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from massid import __version__
from massid.api.openapi_contract import declare
from massid.domain.attachments import AttachmentRequestIn
from massid.domain.commands import BatchIn, DocumentIn, EventIn

REQUEST_MODELS: list[type[BaseModel]] = [DocumentIn, EventIn, BatchIn, AttachmentRequestIn]

DESCRIPTION = (
    "A self-hostable server wire-compatible with the Carrot Network integrator API. "
    "Authenticate with `POST /oauth2/token` (client credentials), then send "
    "`Authorization: Bearer <token>`. Every error uses the envelope "
    "`{statusCode, errors: [{code, message, reason, id, timestamp}]}`."
)


def install_openapi(app: FastAPI, extra_models: list[type[BaseModel]] | None = None) -> None:
    models = REQUEST_MODELS + (extra_models or [])

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title="massid",
            version=__version__,
            description=DESCRIPTION,
            routes=app.routes,
        )
        _, definitions = models_json_schema(
            [(model, "validation") for model in models],
            ref_template="#/components/schemas/{model}",
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in definitions.get("$defs", {}).items():
            components.setdefault(name, definition)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        }
        declare(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def query_parameters(*specs: tuple[str, dict[str, Any], str]) -> dict[str, Any]:
    """OpenAPI text for query parameters parsed by the service (strictly, by name)."""
    return {
        "parameters": [
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": schema,
                "description": description,
            }
            for name, schema, description in specs
        ]
    }
