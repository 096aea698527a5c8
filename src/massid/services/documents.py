"""Creating documents and reading them back with their whole timeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from massid.domain.access import Principal, creation_refusal, may_read
from massid.domain.clock import Clock, format_ts
from massid.domain.commands import DocumentIn
from massid.domain.errors import Forbidden, NotFound, ValidationFailed
from massid.domain.event_rules import check_document
from massid.domain.ids import is_uuid, uuid7
from massid.domain.timeline import OPEN, DocumentHead, to_decimal
from massid.services.dedup import DOCUMENT, dedup_key_for, replay_or_raise, scope_of
from massid.services.parties import resolve_address, resolve_participant
from massid.services.representation import (
    Outcome,
    assemble_document_text,
    attachment_json,
    author,
    dumps,
    fingerprint,
)
from massid.storage.ports import DedupRecord, NewDocument, Store, StoredDocument, Tx

_OPTIONAL_FIELDS = (
    "subtype",
    "measurementUnit",
    "value",
    "externalId",
    "title",
    "shortTitle",
    "tags",
    "parentDocumentId",
    "deduplicationId",
)


# Brings a document's pending uploads up to date before it is read (S3 backend).
Settler = Callable[[str, Sequence[str]], Awaitable[None]]


async def nothing_to_settle(_environment: str, _document_ids: Sequence[str]) -> None:
    return None


@dataclass(frozen=True, slots=True)
class DocumentView:
    body: str
    etag: str


def new_head(
    document_id: str, environment: str, integrator_id: str, command: DocumentIn
) -> DocumentHead:
    """The folded state of a document just created from ``command`` (no events yet)."""
    return DocumentHead(
        id=document_id,
        environment=environment,
        integrator_id=integrator_id,
        category=command.category,
        type=command.type,
        subtype=command.subtype,
        measurement_unit=command.measurementUnit,
        status=OPEN,
        current_value=to_decimal(command.value),
        last_seq=0,
        last_event_at=None,
        external_created_at=command.externalCreatedAt,
        is_public=command.isPublic,
        is_publicly_searchable=command.isPubliclySearchable,
    )


def require_writer(principal: Principal) -> None:
    if principal.is_auditor:
        raise Forbidden("auditor clients can read every document but write nothing")


def visible(principal: Principal, stored: StoredDocument | None) -> StoredDocument:
    """``stored`` if the caller may read it, else the same 404 as for a missing document."""
    if stored is None or not may_read(principal, stored.facts):
        raise NotFound("document not found")
    return stored


def document_body(
    *,
    document_id: str,
    environment: str,
    principal: Principal,
    fields: dict[str, Any],
    participant: dict[str, Any],
    address: dict[str, Any],
    created_at: str,
) -> str:
    """The stored creation body: the given fields with server ids, minus the folded state."""
    body: dict[str, Any] = {
        "id": document_id,
        "category": fields["category"],
        "type": fields["type"],
    }
    for field in _OPTIONAL_FIELDS:
        if field in fields:
            body[field] = fields[field]
    body["externalCreatedAt"] = fields["externalCreatedAt"]
    body["dataSetName"] = environment
    body["primaryParticipant"] = participant
    body["primaryAddress"] = address
    body["author"] = author(principal.client_id, principal.integrator_id, environment)
    body["createdAt"] = created_at
    return dumps(body)


class DocumentService:
    def __init__(self, store: Store, clock: Clock, settle: Settler = nothing_to_settle) -> None:
        self.store = store
        self.clock = clock
        self.settle = settle

    async def create(
        self, principal: Principal, command: DocumentIn, idempotency_key: str | None
    ) -> Outcome:
        """Create a document (idempotently when a deduplication key is given)."""
        require_writer(principal)
        refusal = creation_refusal(principal, command.category, command.type)
        if refusal is not None:
            raise Forbidden(refusal)
        check_document(command)
        key = dedup_key_for(command.deduplicationId, idempotency_key, "/deduplicationId")
        fields = command.model_dump(mode="json", exclude_unset=True)
        fields["externalCreatedAt"] = format_ts(command.externalCreatedAt)
        print_ = fingerprint(DOCUMENT, fields)
        scope = scope_of(principal, DOCUMENT)

        async def work(tx: Tx) -> Outcome:
            if key is not None:
                existing = await tx.get_dedup(scope, [key])
                if key in existing:
                    return replay_or_raise(existing[key], print_, "/deduplicationId")
            env = principal.environment
            party = await resolve_participant(
                tx, env, command.participant, command.participantId, ""
            )
            address = await resolve_address(tx, env, command.address, command.addressId, "")
            if command.parentDocumentId is not None:
                await self._check_parent(tx, principal, command.parentDocumentId)
            now = self.clock()
            document_id = uuid7()
            head = new_head(document_id, env, principal.integrator_id, command)
            body = document_body(
                document_id=document_id,
                environment=env,
                principal=principal,
                fields=fields,
                participant=party.snapshot,
                address=address,
                created_at=format_ts(now),
            )
            await tx.insert_document(
                NewDocument(
                    head=head,
                    client_id=principal.client_id,
                    external_id=command.externalId,
                    parent_document_id=command.parentDocumentId,
                    primary_participant_id=party.id,
                    primary_address_id=address["id"],
                    created_at=now,
                    body=body,
                )
            )
            response = dumps({"id": document_id})
            if key is not None:
                await tx.put_dedup(scope, {key: DedupRecord(print_, 201, response)}, now)
            return Outcome(201, response, written=1)

        return await self.store.write(work)

    @staticmethod
    async def _check_parent(tx: Tx, principal: Principal, parent_id: str) -> None:
        refs = await tx.document_refs(principal.environment, [parent_id], principal.participant_key)
        ref = refs.get(parent_id)
        if ref is None or not may_read(principal, ref.facts):
            raise ValidationFailed(
                "/parentDocumentId",
                f"no document {parent_id} visible to this client in the "
                f"{principal.environment} environment",
            )

    async def get(self, principal: Principal, document_id: str) -> DocumentView:
        """The document with its whole timeline, if the caller may read it."""
        if not is_uuid(document_id):
            raise NotFound("document not found")
        await self.settle(principal.environment, [document_id])
        async with self.store.read() as tx:
            found = await tx.get_document_timeline(
                principal.environment, document_id, principal.participant_key
            )
            if found is None:
                raise NotFound("document not found")
            stored, timeline, has_files = found
            stored = visible(principal, stored)
            # After the events: a file an event names was uploaded before it, so it is listed
            # (and has_files, read with the events, was true).
            records = await tx.uploaded_attachments(document_id) if has_files else []
            files = [attachment_json(f) for f in records]
        # Files are only ever added, so (last event, file count) names one state of the body.
        etag = f"{stored.head.last_seq}.{len(files)}" if files else str(stored.head.last_seq)
        return DocumentView(assemble_document_text(stored, timeline, files), etag)
