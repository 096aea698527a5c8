"""``GET /credits/summary``: credit totals for accreditor and auditor clients."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from massid.api.deps import ContainerDep, PrincipalDep
from massid.api.openapi import query_parameters
from massid.api.responses import json_text
from massid.api.schemas import error_responses

router = APIRouter(tags=["credits"])

_WHEN = {"type": "string"}
SUMMARY_PARAMETERS = query_parameters(
    (
        "methodology",
        {"type": "string", "enum": ["bold-recycling", "bold-carbon"]},
        "Only this methodology",
    ),
    ("from", _WHEN, "Certificates issued at or after this date or time (with a zone)"),
    ("to", _WHEN, "Certificates issued before this date or time (with a zone)"),
)


@router.get(
    "/credits/summary",
    responses=error_responses(400, 401, 403, 429, 500, 503),
    openapi_extra=SUMMARY_PARAMETERS,
)
async def credit_summary(
    container: ContainerDep, principal: PrincipalDep, request: Request
) -> Response:
    """Certified kg, prevented kg CO₂e, credits issued and sold, per methodology and recycler."""
    body = await container.credits.summary(principal, request.query_params.multi_items())
    return json_text(body)
