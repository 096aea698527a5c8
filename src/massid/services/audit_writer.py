"""Writing a verification as a MassID Audit document, linked to the MassID (verification.md).

The audit and its events are written by the server (author ``massid-server``): one ``RULE
EXECUTION`` event per rule, the ``Result: MassID <STATUS>`` event, then ``CLOSE``. The MassID
gets a ``RELATED`` event to the audit; server events do not count toward the event cap and are
accepted on a CLOSED MassID.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from massid.domain.access import SERVER_CLIENT_ID, Principal
from massid.domain.clock import format_ts
from massid.domain.commands import AttributeIn, EventIn, MetadataIn, RelatedDocumentIn
from massid.domain.ids import new_event_id
from massid.domain.timeline import OPEN, DocumentHead, apply_event, check_append
from massid.methodologies.bold.vocabulary import (
    EVALUATION_RESULT,
    MASS_ID_AUDIT,
    METHODOLOGY,
    METHODOLOGY_SLUG,
    PROCESS,
    RESULT_PREFIX,
    RULE_EXECUTION,
)
from massid.methodologies.engine import Evaluation
from massid.methodologies.graph import Graph
from massid.services.representation import author, dumps, event_json
from massid.services.verification_result import (
    EVALUATED_AT,
    METHODOLOGY_VERSION,
    REQUESTED_BY,
    RULE_COMMENT,
    RULE_CONTENT,
    RULE_NAME,
    RULE_SLUG,
    RULE_STATUS,
    jsonable,
)
from massid.storage.ports import NewDocument, NewEvent, StoredDocument, Tx


def _attributes(values: dict[str, Any]) -> MetadataIn:
    return MetadataIn(
        attributes=[
            AttributeIn(name=name, value=value, isPublic=False) for name, value in values.items()
        ]
    )


class _Timeline:
    """Events the server appends to one document, folded into its head as they go."""

    def __init__(
        self, head: DocumentHead, snapshot: dict[str, Any], at: datetime, *, created: datetime
    ) -> None:
        self.head, self.at, self.created = head, at, created
        self.participant = snapshot["primaryParticipant"]
        self.address = snapshot["primaryAddress"]
        self.rows: list[NewEvent] = []

    def add(
        self,
        name: str,
        related: RelatedDocumentIn | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        event = EventIn(
            name=name,
            externalCreatedAt=self.at,
            isPublic=False,
            participantId=self.participant["id"],
            addressId=self.address["id"],
            relatedDocument=related,
            metadata=_attributes(values) if values else None,
        )
        check_append(self.head, event, "", max_events=0, exempt_from_cap=True)
        apply_event(self.head, event)
        event_id = new_event_id()
        server = author(SERVER_CLIENT_ID, SERVER_CLIENT_ID, self.head.environment)
        created = format_ts(self.created)
        body = event_json(
            event, event_id, self.head.last_seq, self.participant, self.address, server, created
        )
        self.rows.append(
            NewEvent(
                document_id=self.head.id,
                seq=self.head.last_seq,
                id=event_id,
                name=name,
                label=None,
                external_created_at=self.at,
                created_at=self.created,
                participant_id=self.participant["id"],
                related_document_id=related.documentId if related else None,
                target_document_id=None,
                body=dumps(body),
            )
        )


async def write_audit(
    tx: Tx,
    stored: StoredDocument,
    graph: Graph,
    evaluation: Evaluation,
    audit_id: str,
    now: datetime,
    principal: Principal,
) -> None:
    """Store the audit of ``evaluation`` and link it to the MassID, in the caller's transaction."""
    mass_head = stored.head
    snapshot = json.loads(stored.body)
    # The link to the audit carries the MassID's latest event time (createdAt says when it was
    # written): it respects the ordering rule without moving the MassID's ordering floor, so the
    # integrator can still append events dated before the verification.
    link_at = mass_head.last_event_at or mass_head.external_created_at
    at = max(now, link_at)
    methodology = evaluation.methodology
    audit_head = DocumentHead(
        id=audit_id,
        environment=mass_head.environment,
        integrator_id=mass_head.integrator_id,
        category=METHODOLOGY,
        type=MASS_ID_AUDIT,
        subtype=PROCESS,
        measurement_unit=mass_head.measurement_unit,
        status=OPEN,
        current_value=mass_head.current_value,
        last_seq=0,
        last_event_at=None,
        external_created_at=at,
        is_public=False,
        is_publicly_searchable=False,
    )
    audit = _Timeline(audit_head, snapshot, at, created=now)
    mass = RelatedDocumentIn(
        documentId=mass_head.id, category=mass_head.category, type=mass_head.type,
        subtype=mass_head.subtype,
    )  # fmt: skip
    audit.add("RELATED", related=mass)
    if graph.definition is not None:
        definition = RelatedDocumentIn(
            documentId=graph.definition.id, category=METHODOLOGY, type="Definition"
        )
        audit.add("RELATED", definition, {METHODOLOGY_SLUG: methodology.slug})
    for doc in graph.accreditations:
        link = RelatedDocumentIn(
            documentId=doc.id, category=doc.category, type=doc.type, subtype=doc.subtype
        )
        audit.add("RELATED", related=link)
    for outcome in evaluation.rules:
        audit.add(
            RULE_EXECUTION,
            None,
            {
                RULE_SLUG: outcome.slug,
                RULE_NAME: outcome.name,
                RULE_STATUS: outcome.status,
                RULE_COMMENT: outcome.comment,
                RULE_CONTENT: jsonable(outcome.content),
                METHODOLOGY_SLUG: methodology.slug,
            },
        )
    audit.add(
        f"{RESULT_PREFIX}{evaluation.status}",
        None,
        {
            EVALUATION_RESULT: evaluation.status,
            METHODOLOGY_SLUG: methodology.slug,
            METHODOLOGY_VERSION: methodology.version,
            EVALUATED_AT: format_ts(now),
            REQUESTED_BY: principal.client_id,
        },
    )
    audit.add("CLOSE")
    await tx.insert_document(
        NewDocument(
            head=audit_head,
            client_id=SERVER_CLIENT_ID,
            external_id=None,
            parent_document_id=mass_head.id,
            primary_participant_id=audit.participant["id"],
            primary_address_id=audit.address["id"],
            created_at=now,
            body=dumps(
                {
                    "id": audit_id,
                    "category": METHODOLOGY,
                    "type": MASS_ID_AUDIT,
                    "subtype": PROCESS,
                    "measurementUnit": mass_head.measurement_unit,
                    "parentDocumentId": mass_head.id,
                    "externalCreatedAt": format_ts(at),
                    "dataSetName": mass_head.environment,
                    "primaryParticipant": audit.participant,
                    "primaryAddress": audit.address,
                    "author": author(SERVER_CLIENT_ID, SERVER_CLIENT_ID, mass_head.environment),
                    "createdAt": format_ts(now),
                }
            ),
        )
    )
    await tx.insert_events(audit.rows)
    await tx.copy_grants(mass_head.id, audit_id)
    mass_timeline = _Timeline(mass_head, snapshot, link_at, created=now)
    mass_timeline.add("RELATED", related=RelatedDocumentIn(
        documentId=audit_id, category=METHODOLOGY, type=MASS_ID_AUDIT, subtype=PROCESS
    ))  # fmt: skip
    await tx.insert_events(mass_timeline.rows)
    await tx.update_heads([mass_head], now)
