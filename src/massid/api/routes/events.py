"""``POST /documents/{documentId}/events`` and the atomic batch ``POST /documents/events``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from massid.api.body import json_body
from massid.api.deps import ContainerDep, IdempotencyKeyDep, PrincipalDep
from massid.api.openapi import query_parameters
from massid.api.responses import json_response, json_text, observe_write
from massid.api.routes.documents import DocumentIdPath, json_request
from massid.api.schemas import (
    COMMON_ERRORS,
    BatchCreated,
    EventCreated,
    EventPage,
    error_responses,
)
from massid.domain.commands import BatchIn, EventIn

router = APIRouter(tags=["events"])


@router.post(
    "/documents/events",
    status_code=201,
    response_model=BatchCreated,
    responses=error_responses(*COMMON_ERRORS, 403, 404, 409),
    openapi_extra=json_request("BatchIn"),
)
async def append_batch(
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyDep,
    batch: Annotated[BatchIn, Depends(json_body(BatchIn))],
) -> Response:
    """Append up to 500 events atomically, to one or many documents, in request order."""
    outcome = await container.events.append_batch(principal, batch, idempotency_key)
    observe_write("batch", principal.environment, outcome)
    return json_response(outcome)


@router.post(
    "/documents/{documentId}/events",
    status_code=201,
    response_model=EventCreated,
    responses=error_responses(*COMMON_ERRORS, 403, 404, 409),
    openapi_extra=json_request("EventIn"),
)
async def append_event(
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyDep,
    document_id: DocumentIdPath,
    event: Annotated[EventIn, Depends(json_body(EventIn))],
) -> Response:
    """Append one event to a document's timeline."""
    outcome = await container.events.append(principal, document_id, event, idempotency_key)
    observe_write("event", principal.environment, outcome)
    return json_response(outcome)


@router.get(
    "/documents/{documentId}/events",
    response_model=EventPage,
    responses=error_responses(400, 401, 404, 429, 500, 503),
    openapi_extra=query_parameters(
        ("after", {"type": "integer", "minimum": 0, "default": 0}, "Events after this sequence"),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, "Page size"),
    ),
)
async def list_events(
    container: ContainerDep, principal: PrincipalDep, document_id: DocumentIdPath, request: Request
) -> Response:
    """Page through a document's timeline in sequence order."""
    body = await container.listing.list_events(
        principal, document_id, request.query_params.multi_items()
    )
    return json_text(body)
