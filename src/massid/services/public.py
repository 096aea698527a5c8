"""The public registry: one public document, and the search over publicly searchable ones.

Anyone may call these, without a token. They read only the configured public environment
(``MASSID_PUBLIC_ENVIRONMENT``, ``PROD`` by default) and return only what
:func:`massid.domain.masking.public_view` lets through.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from massid.domain.errors import NotFound, ValidationFailed
from massid.domain.ids import is_uuid
from massid.domain.masking import hidden_values, public_summary, public_view
from massid.domain.search import city_key, search_terms
from massid.services.representation import assemble_document
from massid.storage.ports import PublicQuery, Store

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_FILTER_LENGTH = 255


class VerificationSource(Protocol):
    """Public verification results of a document (the verification engine plugs in here).

    It returns the stored results of ``verification.md`` (``rules``, ``status``,
    ``certificate``…), newest first, already reduced to what the public may see; ``hidden``
    holds the values of the document the public view leaves out, to redact from free text.
    """

    async def public_results(
        self, document_id: str, hidden: frozenset[str]
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class PublicDocument:
    """A public document's masked view, which linked documents are public, and its audits."""

    view: dict[str, Any]
    public_links: frozenset[str]
    verifications: list[dict[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class SearchParams:
    q: str | None = None
    category: str | None = None
    type: str | None = None
    subtype: str | None = None
    city: str | None = None
    cursor: str | None = None
    limit: int = 20


@dataclass(frozen=True, slots=True)
class PublicPage:
    items: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str | None = None


def encode_cursor(document_id: str) -> str:
    return base64.urlsafe_b64encode(document_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The document id a cursor continues after; a 400 naming ``cursor`` when it is not one."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        document_id = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        document_id = ""
    if not is_uuid(document_id):
        raise ValidationFailed("/cursor", "not a cursor returned by this endpoint")
    return document_id


def linked_ids(view: Mapping[str, Any]) -> set[str]:
    """Documents a public view points to: parent, related, split and output documents."""
    found: set[str] = set()
    if isinstance(view.get("parentDocumentId"), str):
        found.add(view["parentDocumentId"])
    for event in view.get("externalEvents", []):
        related = event.get("relatedDocument") or {}
        for candidate in (related.get("documentId"), event.get("targetDocumentId")):
            if isinstance(candidate, str) and is_uuid(candidate):
                found.add(candidate)
    return found


class PublicDocumentService:
    def __init__(
        self,
        store: Store,
        *,
        environment: str,
        salt: bytes,
        verifications: VerificationSource | None = None,
    ) -> None:
        self.store = store
        self.environment = environment
        self.salt = salt
        self.verifications = verifications

    async def get(self, document_id: str) -> PublicDocument:
        """The public view of a public document; 404 for anything else."""
        if not is_uuid(document_id):
            raise NotFound("document not found")
        async with self.store.read() as tx:
            stored = await tx.get_document(self.environment, document_id, None, lock=False)
            if stored is None or not stored.head.is_public:
                raise NotFound("document not found")
            bodies = await tx.list_event_bodies(document_id)
            owner = json.loads(assemble_document(stored, bodies, []))
            view = public_view(owner, salt=self.salt)
            links = await tx.public_ids(self.environment, sorted(linked_ids(view)))
        results = None
        if self.verifications is not None:
            hidden = hidden_values(owner, view)
            results = await self.verifications.public_results(document_id, hidden)
        return PublicDocument(view, frozenset(links), results)

    async def search(self, params: SearchParams) -> PublicPage:
        """Public, publicly searchable documents matching every filter, newest first."""
        query = self._query(params)
        async with self.store.read() as tx:
            rows = await tx.search_public(query)
        page = rows[: params.limit]
        items = [public_summary(json.loads(assemble_document(row, [], []))) for row in page]
        more = len(rows) > params.limit
        return PublicPage(items, encode_cursor(page[-1].head.id) if more and page else None)

    def _query(self, params: SearchParams) -> PublicQuery:
        terms: tuple[str, ...] = ()
        if params.q is not None:
            if len(params.q) > MAX_QUERY_LENGTH:
                raise ValidationFailed("/q", f"at most {MAX_QUERY_LENGTH} characters")
            terms = tuple(search_terms(params.q))
            if len(terms) > MAX_TERMS:
                raise ValidationFailed("/q", f"at most {MAX_TERMS} words")
        for name in ("category", "type", "subtype", "city"):
            value = getattr(params, name)
            if value is not None and len(value) > MAX_FILTER_LENGTH:
                raise ValidationFailed(f"/{name}", f"at most {MAX_FILTER_LENGTH} characters")
        city = city_key(params.city) if params.city and params.city.strip() else None
        return PublicQuery(
            environment=self.environment,
            terms=terms,
            category=params.category or None,
            type=params.type or None,
            subtype=params.subtype or None,
            city_key=city,
            before_id=decode_cursor(params.cursor) if params.cursor else None,
            limit=params.limit + 1,
        )
