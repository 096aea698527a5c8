"""``POST /documents`` and ``GET /documents/{documentId}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import Response

from massid.api.body import json_body
from massid.api.deps import ContainerDep, IdempotencyKeyDep, PrincipalDep
from massid.api.openapi import query_parameters
from massid.api.responses import json_response, json_text, observe_write
from massid.api.schemas import (
    COMMON_ERRORS,
    DocumentCreated,
    DocumentOut,
    DocumentPage,
    error_responses,
)
from massid.domain.commands import DocumentIn

router = APIRouter(tags=["documents"])

DocumentIdPath = Annotated[str, Path(alias="documentId", max_length=64)]


def json_request(model_name: str) -> dict[str, object]:
    """OpenAPI text for a JSON body that is parsed by :func:`json_body`."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model_name}"}}
            },
        }
    }


@router.post(
    "/documents",
    status_code=201,
    response_model=DocumentCreated,
    responses=error_responses(*COMMON_ERRORS, 403, 409),
    openapi_extra=json_request("DocumentIn"),
)
async def create_document(
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyDep,
    command: Annotated[DocumentIn, Depends(json_body(DocumentIn))],
) -> Response:
    """Create a document (e.g. a MassID) with its primary participant and address."""
    outcome = await container.documents.create(principal, command, idempotency_key)
    observe_write("document", principal.environment, outcome)
    return json_response(outcome)


_TEXT = {"type": "string", "minLength": 1, "maxLength": 255}
_TIME = {"type": "string", "format": "date-time"}
LIST_PARAMETERS = query_parameters(
    ("category", _TEXT, "Only documents of this category (exact match)"),
    ("type", _TEXT, "Only documents of this type"),
    ("subtype", _TEXT, "Only documents of this subtype"),
    ("status", {"type": "string", "enum": ["OPEN", "CLOSED", "CANCELLED"]}, "Only this status"),
    ("externalId", _TEXT, "Only documents with this externalId"),
    ("createdAfter", _TIME, "Created by massid strictly after this time (with a zone)"),
    (
        "updatedAfter",
        _TIME,
        "Changed strictly after this time; the page is then ordered by (updatedAt, id)",
    ),
    ("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "Page size"),
    ("cursor", {"type": "string"}, "nextCursor of the previous page, with the same filters"),
)


@router.get(
    "/documents",
    response_model=DocumentPage,
    responses=error_responses(400, 401, 429, 500, 503),
    openapi_extra=LIST_PARAMETERS,
)
async def list_documents(
    container: ContainerDep, principal: PrincipalDep, request: Request
) -> Response:
    """List the documents this client may read, oldest first (by id), a page at a time."""
    body = await container.listing.list_documents(principal, request.query_params.multi_items())
    return json_text(body)


@router.get(
    "/documents/{documentId}",
    response_model=DocumentOut,
    responses={
        **error_responses(400, 401, 404, 429, 500, 503),
        304: {"description": "Not modified (If-None-Match matched the ETag)"},
    },
)
async def get_document(
    container: ContainerDep,
    principal: PrincipalDep,
    document_id: DocumentIdPath,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    """Read a document with its status, currentValue and whole timeline (externalEvents)."""
    view = await container.documents.get(principal, document_id)
    etag = f'"{view.etag}"'
    if if_none_match is not None and etag in [tag.strip() for tag in if_none_match.split(",")]:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(
        content=view.body.encode(), media_type="application/json", headers={"ETag": etag}
    )
