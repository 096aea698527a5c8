"""The public, masked registry: ``GET /public/documents`` and ``/public/documents/{id}``.

No token. Only public documents of the public environment, masked by the rules of privacy.md;
rate-limited per source address (``api/public_limits.py``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from massid.api.deps import ContainerDep
from massid.api.public_schemas import PublicDocumentOut, PublicPageOut
from massid.api.routes.documents import DocumentIdPath
from massid.api.schemas import error_responses
from massid.services.public import SearchParams
from massid.services.representation import dumps

router = APIRouter(prefix="/public", tags=["public"])

Filter = Annotated[str | None, Query(max_length=255)]


def _json(body: object) -> Response:
    return Response(content=dumps(body).encode(), media_type="application/json")


@router.get(
    "/documents",
    response_model=PublicPageOut,
    responses=error_responses(400, 429, 500, 503),
)
async def search_public_documents(
    container: ContainerDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in the id, externalId, title, city")
    ] = None,
    category: Filter = None,
    type: Filter = None,
    subtype: Filter = None,
    city: Annotated[
        str | None, Query(max_length=255, description="City of the primary address")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Search publicly searchable documents, newest first, one page at a time."""
    params = SearchParams(q, category, type, subtype, city, cursor, limit)
    page = await container.public.search(params)
    return _json({"items": page.items, "nextCursor": page.next_cursor})


@router.get(
    "/documents/{documentId}",
    response_model=PublicDocumentOut,
    responses=error_responses(400, 404, 429, 500, 503),
)
async def get_public_document(container: ContainerDep, document_id: DocumentIdPath) -> Response:
    """A public document, masked: public events only, private participants anonymised.

    ``verifications`` lists its audits, newest first: rule by rule, with comments redacted of
    anything the masked view hides, and the certificate issued, if any.
    """
    document = await container.public.get(document_id)
    return _json({**document.view, "verifications": document.verifications or []})
