"""Appending events inside one transaction: the shared core of single and batch appends.

All target documents are locked first (in id order), then deduplication keys are read, then
each event is checked and folded in request order. Nothing is written until every event has
passed, so a failing event leaves the store untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from massid.domain.access import Grant, Principal, grant_from_permissions, may_read, write_refusal
from massid.domain.clock import format_ts
from massid.domain.commands import EventIn
from massid.domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from massid.domain.event_rules import ACTOR, OUTPUT, SPLIT
from massid.domain.ids import is_uuid, new_event_id, uuid7
from massid.domain.timeline import OPEN, DocumentHead, apply_event, check_append, to_decimal
from massid.services.certificate_sales import CertificateSales
from massid.services.dedup import EVENT, scope_of
from massid.services.massid_index import MassIdIndex
from massid.services.parties import resolve_address, resolve_participant
from massid.services.representation import author, dumps, event_json, fingerprint
from massid.storage.ports import (
    DedupRecord,
    NewDocument,
    NewEvent,
    StoredDocument,
    Tx,
)

REFERENCE = "REFERENCE"


@dataclass(frozen=True, slots=True)
class EventItem:
    """One event to append: where it points, what it is, and its idempotency key."""

    pointer: str
    document_id: str
    event: EventIn
    key: str | None

    @property
    def fingerprint(self) -> str:
        data = self.event.model_dump(mode="json", exclude_unset=True, exclude={"documentId"})
        data["externalCreatedAt"] = format_ts(self.event.externalCreatedAt)
        return fingerprint(EVENT, self.document_id, data)


@dataclass(slots=True)
class Applied:
    """The per-event result: ``{"documentId", "eventId", "targetDocumentId"?}``."""

    result: dict[str, str]
    replayed: bool


@dataclass(slots=True)
class _Pending:
    events: list[NewEvent] = field(default_factory=list)
    heads: dict[str, DocumentHead] = field(default_factory=dict)
    grants: dict[str, dict[str, Grant]] = field(default_factory=dict)
    dedup: dict[str, DedupRecord] = field(default_factory=dict)


class Appender:
    def __init__(self, tx: Tx, principal: Principal, now: datetime, max_events: int) -> None:
        self.tx = tx
        self.principal = principal
        self.now = now
        self.max_events = max_events
        self.documents: dict[str, StoredDocument] = {}
        self.index = MassIdIndex(tx)
        self.sales = CertificateSales(tx, principal)

    async def lock_targets(self, items: list[EventItem]) -> None:
        """Lock every target document and check the caller may write to it."""
        for item in items:
            if not is_uuid(item.document_id):
                raise NotFound(f"{item.pointer or '/'}: document {item.document_id} not found")
        self.documents = await self.tx.lock_documents(
            self.principal.environment,
            [item.document_id for item in items],
            self.principal.participant_key,
        )
        for item in items:
            stored = self.documents.get(item.document_id)
            if stored is None or not may_read(self.principal, stored.facts):
                raise NotFound(f"{item.pointer or '/'}: document {item.document_id} not found")
            refusal = write_refusal(self.principal, stored.facts, item.event.name)
            if refusal is not None:
                raise Forbidden(f"{item.pointer or '/'}: document {item.document_id}: {refusal}")

    async def apply(self, items: list[EventItem]) -> list[Applied]:
        """Check and fold every event in order; write them all, or raise and write nothing."""
        scope = scope_of(self.principal, EVENT)
        keys = [item.key for item in items if item.key is not None]
        if len(items) == 1:
            # One event: its deduplication key and its MassID key in one read (one round trip
            # on PostgreSQL); a replay then ignores the MassID key it did not need.
            wanted = self.index.wanted(
                [(self.documents[items[0].document_id].head, items[0].event)]
            )
            existing, stored = await self.tx.get_dedup_and_massid_keys(scope, keys, wanted)
            self.index.preload(wanted, stored)
        else:
            existing = await self.tx.get_dedup(scope, keys)
            # Replays change nothing: only the events to apply need their MassID keys read.
            await self.index.prefetch(
                [
                    (self.documents[item.document_id].head, item.event)
                    for item in items
                    if item.key is None or item.key not in existing
                ]
            )
        pending = _Pending()
        results: list[Applied] = []
        seen: set[str] = set()
        for item in items:
            if item.key is not None:
                if item.key in seen:
                    raise ValidationFailed(
                        f"{item.pointer}/deduplicationId",
                        "the same deduplicationId appears twice in this request",
                    )
                seen.add(item.key)
                record = existing.get(item.key)
                if record is not None:
                    if record.fingerprint != item.fingerprint:
                        raise Conflict(
                            "DEDUPLICATION_MISMATCH",
                            f"{item.pointer}/deduplicationId: this key was already used for a "
                            "different event; use a new key for new data",
                        )
                    results.append(Applied(json.loads(record.response), replayed=True))
                    continue
            result = await self._apply_one(item, pending)
            if item.key is not None:
                pending.dedup[item.key] = DedupRecord(item.fingerprint, 201, dumps(result))
            results.append(Applied(result, replayed=False))
        await self._flush(pending, scope)
        return results

    async def _flush(self, pending: _Pending, scope: Any) -> None:
        for document_id, grants in pending.grants.items():
            await self.tx.set_grants(document_id, grants)
        await self.tx.write_appended(
            pending.events,
            list(pending.heads.values()),
            self.now,
            scope,
            pending.dedup,
            self.index.rows(),
        )
        await self.sales.flush()

    async def _apply_one(self, item: EventItem, pending: _Pending) -> dict[str, str]:
        event, pointer = item.event, item.pointer
        stored = self.documents[item.document_id]
        head = stored.head
        check_append(head, event, pointer, max_events=self.max_events)
        env = self.principal.environment
        party = await resolve_participant(
            self.tx, env, event.participant, event.participantId, pointer
        )
        address = await resolve_address(self.tx, env, event.address, event.addressId, pointer)
        await self._check_references(event, pointer)
        await self._check_attachments(event, pointer, head.id)
        await self.sales.check(stored, event, pointer)
        event_id = new_event_id()
        target_id = None
        if event.name in (SPLIT, OUTPUT):
            target_id = await self._create_child(stored, event, party.id, party.snapshot, address)
        apply_event(head, event)
        pending.heads[head.id] = head
        await self.index.record(head, event, party.id, address["id"])
        if event.name == ACTOR and event.permissions is not None:
            grant = grant_from_permissions(list(event.permissions))
            pending.grants.setdefault(head.id, {})[party.key] = grant
        body = self._event_body(event, event_id, head.last_seq, party.snapshot, address, target_id)
        pending.events.append(
            NewEvent(
                document_id=head.id,
                seq=head.last_seq,
                id=event_id,
                name=event.name,
                label=event.label,
                external_created_at=event.externalCreatedAt,
                created_at=self.now,
                participant_id=party.id,
                related_document_id=event.relatedDocument.documentId
                if event.relatedDocument
                else None,
                target_document_id=target_id,
                body=body,
            )
        )
        result = {"documentId": head.id, "eventId": event_id}
        if target_id is not None:
            result["targetDocumentId"] = target_id
        return result

    def _event_body(
        self,
        event: EventIn,
        event_id: str,
        seq: int,
        participant: dict[str, Any],
        address: dict[str, Any],
        target_id: str | None,
    ) -> str:
        body = event_json(
            event,
            event_id,
            seq,
            participant,
            address,
            author(
                self.principal.client_id, self.principal.integrator_id, self.principal.environment
            ),
            format_ts(self.now),
        )
        if target_id is not None:
            body["targetDocumentId"] = target_id
        return dumps(body)

    async def _check_attachments(self, event: EventIn, pointer: str, document_id: str) -> None:
        """Every file an event names must be uploaded to the document it is appended to."""
        names = [attachment.fileName for attachment in event.attachments or []]
        if not names:
            return
        uploaded = await self.tx.uploaded_file_names(document_id, names)
        seen: set[str] = set()
        for index, name in enumerate(names):
            where = f"{pointer}/attachments/{index}/fileName"
            if name in seen:
                raise ValidationFailed(where, f"{name!r} is listed twice on this event")
            seen.add(name)
            if name not in uploaded:
                raise ValidationFailed(
                    where,
                    f"document {document_id} has no uploaded file named {name!r}; request an "
                    f"upload URL with PUT /documents/{document_id}/attachments/{{fileName}} "
                    "and upload the bytes first",
                )

    async def _check_references(self, event: EventIn, pointer: str) -> None:
        wanted: list[tuple[str, str, str | None]] = []
        if event.relatedDocument is not None:
            wanted.append(
                (f"{pointer}/relatedDocument/documentId", event.relatedDocument.documentId, None)
            )
        attributes = event.metadata.attributes if event.metadata else []
        for index, attribute in enumerate(attributes):
            if attribute.type != REFERENCE:
                continue
            where = f"{pointer}/metadata/attributes/{index}/value"
            value = attribute.value
            if (
                not isinstance(value, dict)
                or not isinstance(value.get("documentId"), str)
                or not set(value) <= {"documentId", "eventId"}
                or not isinstance(value.get("eventId", ""), str)
            ):
                raise ValidationFailed(
                    where, 'a REFERENCE value must be {"documentId": "…", "eventId"?: "…"}'
                )
            event_id = value.get("eventId")
            wanted.append((where, str(value["documentId"]), str(event_id) if event_id else None))
        if not wanted:
            return
        refs = await self.tx.document_refs(
            self.principal.environment,
            [document_id for _, document_id, _ in wanted],
            self.principal.participant_key,
        )
        for where, document_id, event_id in wanted:
            ref = refs.get(document_id)
            if ref is None or not may_read(self.principal, ref.facts):
                raise ValidationFailed(
                    where,
                    f"no document {document_id} visible to this client in the "
                    f"{self.principal.environment} environment",
                )
            if event_id is not None and not await self.tx.event_exists(document_id, event_id):
                raise ValidationFailed(where, f"document {document_id} has no event {event_id}")

    async def _create_child(
        self,
        parent: StoredDocument,
        event: EventIn,
        participant_id: str,
        participant: dict[str, Any],
        address: dict[str, Any],
    ) -> str:
        """The document a SPLIT (part of the value) or OUTPUT (downstream record) creates."""
        head = parent.head
        child_id = uuid7()
        value = to_decimal(event.value) if event.value is not None else None
        child = DocumentHead(
            id=child_id,
            environment=head.environment,
            integrator_id=head.integrator_id,
            category=head.category,
            type=head.type,
            subtype=head.subtype,
            measurement_unit=head.measurement_unit,
            status=OPEN,
            current_value=value if value is not None else to_decimal(0),
            last_seq=0,
            last_event_at=None,
            external_created_at=event.externalCreatedAt,
            is_public=head.is_public,
            is_publicly_searchable=head.is_publicly_searchable,
        )
        body: dict[str, Any] = {"id": child_id, "category": head.category, "type": head.type}
        if head.subtype is not None:
            body["subtype"] = head.subtype
        if head.measurement_unit is not None:
            body["measurementUnit"] = head.measurement_unit
        if event.value is not None:
            body["value"] = event.value
        body["parentDocumentId"] = head.id
        body["externalCreatedAt"] = format_ts(event.externalCreatedAt)
        body["dataSetName"] = head.environment
        body["primaryParticipant"] = participant
        body["primaryAddress"] = address
        body["author"] = author(
            self.principal.client_id, self.principal.integrator_id, head.environment
        )
        body["createdAt"] = format_ts(self.now)
        await self.tx.insert_document(
            NewDocument(
                head=child,
                client_id=self.principal.client_id,
                external_id=None,
                parent_document_id=head.id,
                primary_participant_id=participant_id,
                primary_address_id=address["id"],
                created_at=self.now,
                body=dumps(body),
            )
        )
        await self.tx.copy_grants(head.id, child_id)
        return child_id
