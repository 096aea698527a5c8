"""The Explorer's pages: ``/explorer/`` (search) and ``/explorer/document/{id}``.

Server-rendered HTML, no script, no external resource. Routes call the public service and
render view models; every value is escaped by Jinja's autoescaping.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from massid.domain.errors import NotFound, ValidationFailed
from massid.explorer.view_models import document_page, search_page
from massid.services.public import PublicDocumentService, SearchParams

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Defence in depth: even an escaping mistake could not run a script or load anything remote.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def public_service(request: Request) -> PublicDocumentService:
    service: PublicDocumentService = request.app.state.container.public
    return service


Service = Annotated[PublicDocumentService, Depends(public_service)]
router = APIRouter(include_in_schema=False)
# Lengths are checked by the public service, so a bad value gets an HTML page, not JSON.
Text = Annotated[str | None, Query()]


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def problem(status_code: int, title: str, message: str) -> HTMLResponse:
    return page("error.html", status_code, title=title, message=message)


@router.get("/explorer")
async def explorer_root() -> Response:
    """The Explorer lives at ``/explorer/``."""
    return RedirectResponse("/explorer/", status_code=308)


@router.get("/explorer/")
async def search(
    service: Service,
    q: Text = None,
    category: Text = None,
    type: Text = None,
    subtype: Text = None,
    city: Text = None,
    cursor: Text = None,
) -> Response:
    """Search the public registry."""
    params = SearchParams(q, category, type, subtype, city, cursor, limit=20)
    try:
        found = await service.search(params)
    except ValidationFailed as error:
        return problem(400, "Invalid search", error.message)
    return page("search.html", view=search_page(params, found))


@router.get("/explorer/document/{documentId}")
async def document(
    service: Service, document_id: Annotated[str, PathParam(alias="documentId")]
) -> Response:
    """One public document: header, timeline, participants, mass, route and links."""
    try:
        found = await service.get(document_id)
    except NotFound:
        return problem(404, "Not found", "There is no public document with this id.")
    return page("document.html", view=document_page(found))
