"""``POST /documents`` and ``GET /documents/{documentId}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path
from fastapi.responses import Response

from massid.api.body import json_body
from massid.api.deps import ContainerDep, IdempotencyKeyDep, PrincipalDep
from massid.api.responses import json_response, observe_write
from massid.api.schemas import COMMON_ERRORS, DocumentCreated, DocumentOut, error_responses
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
    etag = f'"{view.version}"'
    if if_none_match is not None and etag in [tag.strip() for tag in if_none_match.split(",")]:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(
        content=view.body.encode(), media_type="application/json", headers={"ETag": etag}
    )
