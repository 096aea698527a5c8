"""Methodology routes: list, verify a MassID, list its verifications, preview one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from massid.api.body import json_body
from massid.api.deps import ContainerDep, IdempotencyKeyDep, PrincipalDep
from massid.api.responses import json_response
from massid.api.routes.documents import DocumentIdPath, json_request
from massid.api.schemas import COMMON_ERRORS, error_responses
from massid.domain.verification_commands import PreviewIn, VerifyIn
from massid.services.verification import VerificationService

router = APIRouter(tags=["verification"])


@router.get("/methodologies", responses=error_responses(401, 429, 500))
async def list_methodologies(_principal: PrincipalDep) -> list[dict[str, Any]]:
    """The methodologies this server runs, each with its rules in execution order."""
    return VerificationService.methodologies()


@router.post(
    "/documents/{documentId}/verifications",
    status_code=201,
    responses=error_responses(*COMMON_ERRORS, 404, 409),
    openapi_extra=json_request("VerifyIn"),
)
async def verify_document(
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKeyDep,
    document_id: DocumentIdPath,
    command: Annotated[VerifyIn, Depends(json_body(VerifyIn))],
) -> Response:
    """Verify a MassID under a methodology; the audit is stored and the result returned."""
    outcome = await container.verification.verify(principal, document_id, command, idempotency_key)
    return json_response(outcome)


@router.get(
    "/documents/{documentId}/verifications", responses=error_responses(400, 401, 404, 429, 500)
)
async def list_verifications(
    container: ContainerDep, principal: PrincipalDep, document_id: DocumentIdPath
) -> Response:
    """Every verification (audit) of a MassID, newest first."""
    return json_response(await container.verification.list(principal, document_id))


@router.post(
    "/verifications/preview",
    responses=error_responses(*COMMON_ERRORS, 409),
    openapi_extra=json_request("PreviewIn"),
)
async def preview_verification(
    container: ContainerDep,
    principal: PrincipalDep,
    command: Annotated[PreviewIn, Depends(json_body(PreviewIn))],
) -> Response:
    """Verify an unsaved MassID and its events; nothing is written."""
    return json_response(await container.verification.preview(principal, command))
