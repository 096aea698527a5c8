"""``GET /documents`` (filters, opaque keyset cursors) and ``GET /documents/{id}/events``.

Order: by document id (UUIDv7, creation order), or by ``(updatedAt, id)`` when
``updatedAfter`` is given, so a client following changes can resume from the last
``updatedAt`` it saw. The cursor holds the sort key of the last item returned, never an
offset: documents inserted while a client pages do not shift the ones it has not seen yet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from massid.auth.signing import Signer, b64url, unb64url
from massid.domain.access import Principal
from massid.domain.clock import parse_ts
from massid.domain.errors import NotFound, ValidationFailed
from massid.domain.ids import is_uuid
from massid.domain.timeline import CANCELLED, CLOSED, OPEN
from massid.services.documents import visible
from massid.services.query_params import choice, integer, single_values, text, timestamp, where
from massid.services.representation import assemble_summary, dumps, fingerprint
from massid.storage.ports import DocumentQuery, Store

DOCUMENT_PARAMS = (
    "category",
    "type",
    "subtype",
    "status",
    "externalId",
    "createdAfter",
    "updatedAfter",
    "limit",
    "cursor",
)
EVENT_PARAMS = ("after", "limit")
_BAD_CURSOR = "is not a cursor this server issued; send nextCursor exactly as received"


@dataclass(frozen=True, slots=True)
class ListLimits:
    documents_default: int = 50
    documents_max: int = 200
    events_default: int = 100
    events_max: int = 1000


class CursorCodec:
    """Opaque, signed cursors: ``base64url(json).signature``, bound to the listing's filters."""

    def __init__(self, signer: Signer) -> None:
        self.signer = signer

    def encode(self, payload: dict[str, Any]) -> str:
        body = b64url(dumps(payload).encode())
        return f"{body}.{self.signer.sign(body)}"

    def decode(self, token: str) -> dict[str, Any]:
        body, _, signature = token.partition(".")
        if not self.signer.verify(body, signature):
            raise ValidationFailed(where("cursor"), _BAD_CURSOR)
        try:
            payload = json.loads(unb64url(body))
        except ValueError:
            raise ValidationFailed(where("cursor"), _BAD_CURSOR) from None
        if not isinstance(payload, dict):
            raise ValidationFailed(where("cursor"), _BAD_CURSOR)
        return payload


class ListingService:
    def __init__(self, store: Store, cursors: CursorCodec, limits: ListLimits) -> None:
        self.store = store
        self.cursors = cursors
        self.limits = limits

    def parse(self, principal: Principal, params: Sequence[tuple[str, str]]) -> DocumentQuery:
        """The page a ``GET /documents`` query asks for, or a 400 naming the parameter."""
        values = single_values(params, DOCUMENT_PARAMS)
        query = DocumentQuery(
            environment=principal.environment,
            integrator_id=None if principal.is_auditor else principal.integrator_id,
            participant_key=principal.participant_key,
            limit=integer(
                values,
                "limit",
                default=self.limits.documents_default,
                low=1,
                high=self.limits.documents_max,
            ),
            category=text(values, "category"),
            type=text(values, "type"),
            subtype=text(values, "subtype"),
            status=choice(values, "status", (OPEN, CLOSED, CANCELLED)),
            external_id=text(values, "externalId"),
            created_after=timestamp(values, "createdAfter"),
            updated_after=timestamp(values, "updatedAfter"),
            certificates=principal.is_accreditor,
        )
        cursor = text(values, "cursor", max_length=512)
        if cursor is None:
            return query
        payload = self.cursors.decode(cursor)
        if payload.get("f") != _filters_print(query):
            raise ValidationFailed(
                where("cursor"),
                "this cursor belongs to a listing with other filters; "
                "send the same filters as for the first page",
            )
        after_id = payload.get("id")
        after_updated = payload.get("u")
        try:
            if not isinstance(after_id, str) or not is_uuid(after_id):
                raise ValueError("id")
            updated = parse_ts(after_updated) if isinstance(after_updated, str) else None
        except ValueError:
            raise ValidationFailed(where("cursor"), _BAD_CURSOR) from None
        if (updated is None) != (query.updated_after is None):
            raise ValidationFailed(where("cursor"), _BAD_CURSOR)
        return replace(query, after_id=after_id, after_updated_at=updated)

    async def list_documents(self, principal: Principal, params: Sequence[tuple[str, str]]) -> str:
        """One page of the documents the caller may read: ``{"items", "nextCursor"}``."""
        query = self.parse(principal, params)
        async with self.store.read() as tx:
            rows = await tx.list_documents(query)
        page, more = rows[: query.limit], len(rows) > query.limit
        next_cursor = None
        if more:
            last = page[-1]
            payload: dict[str, Any] = {"f": _filters_print(query), "id": last.head.id}
            if query.updated_after is not None:
                payload["u"] = _exact_ts(last.updated_at)
            next_cursor = self.cursors.encode(payload)
        items = ",".join(assemble_summary(stored) for stored in page)
        return f'{{"items":[{items}],"nextCursor":{dumps(next_cursor)}}}'

    async def list_events(
        self, principal: Principal, document_id: str, params: Sequence[tuple[str, str]]
    ) -> str:
        """Events of a document after sequence ``after``: ``{"items", "nextAfter"}``."""
        values = single_values(params, EVENT_PARAMS)
        after = integer(values, "after", default=0, low=0, high=10**9)
        limit = integer(
            values,
            "limit",
            default=self.limits.events_default,
            low=1,
            high=self.limits.events_max,
        )
        if not is_uuid(document_id):
            raise NotFound("document not found")
        async with self.store.read() as tx:
            visible(
                principal,
                await tx.get_document(
                    principal.environment, document_id, principal.participant_key, lock=False
                ),
            )
            bodies = await tx.list_event_bodies(document_id, after, limit + 1)
        page = bodies[:limit]
        next_after = after + limit if len(bodies) > limit else None
        return f'{{"items":[{",".join(page)}],"nextAfter":{dumps(next_after)}}}'


def _exact_ts(value: datetime) -> str:
    """Microsecond-exact UTC text: the cursor must compare equal to the stored value."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _filters_print(query: DocumentQuery) -> str:
    filters = [
        query.environment,
        query.category,
        query.type,
        query.subtype,
        query.status,
        query.external_id,
        None if query.created_after is None else _exact_ts(query.created_after),
        None if query.updated_after is None else _exact_ts(query.updated_after),
    ]
    return fingerprint("documents", filters)[:16]
