"""What the server writes itself: documents (audits, certificates) and events on any document.

Server documents and events carry the author client id ``massid-server``. Server events do
not count toward the event cap, and are checked and folded like any event otherwise (so only
``RELATED`` and ``OUTPUT`` go onto a ``CLOSED`` document).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from massid.domain.access import SERVER_CLIENT_ID
from massid.domain.clock import format_ts
from massid.domain.commands import AttributeIn, EventIn, MetadataIn, RelatedDocumentIn
from massid.domain.ids import new_event_id
from massid.domain.timeline import OPEN, DocumentHead, apply_event, check_append
from massid.services.representation import author, dumps, event_json
from massid.storage.ports import NewDocument, NewEvent, Tx


def attributes(values: dict[str, Any]) -> MetadataIn:
    return MetadataIn(
        attributes=[
            AttributeIn(name=name, value=value, isPublic=False) for name, value in values.items()
        ]
    )


def link_to(head: DocumentHead) -> RelatedDocumentIn:
    """A ``relatedDocument`` naming ``head`` with its category, type and subtype."""
    return RelatedDocumentIn(
        documentId=head.id, category=head.category, type=head.type, subtype=head.subtype
    )


def server_author(environment: str) -> dict[str, str]:
    return author(SERVER_CLIENT_ID, SERVER_CLIENT_ID, environment)


class ServerTimeline:
    """Events the server appends to one document, folded into its head as they go.

    ``participant`` and ``address`` are the snapshots the events carry (the MassID's primary
    ones for audits and certificates, the order's for credit orders).
    """

    def __init__(
        self,
        head: DocumentHead,
        participant: dict[str, Any],
        address: dict[str, Any],
        at: datetime,
        *,
        created: datetime,
    ) -> None:
        self.head, self.at, self.created = head, at, created
        self.participant, self.address = participant, address
        self.rows: list[NewEvent] = []

    def add(
        self,
        name: str,
        related: RelatedDocumentIn | None = None,
        values: dict[str, Any] | None = None,
    ) -> str:
        """Append one event; returns its id."""
        event = EventIn(
            name=name,
            externalCreatedAt=self.at,
            isPublic=False,
            participantId=self.participant["id"],
            addressId=self.address["id"],
            relatedDocument=related,
            metadata=attributes(values) if values else None,
        )
        check_append(self.head, event, "", max_events=0, exempt_from_cap=True)
        apply_event(self.head, event)
        event_id = new_event_id()
        body = event_json(
            event,
            event_id,
            self.head.last_seq,
            self.participant,
            self.address,
            server_author(self.head.environment),
            format_ts(self.created),
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
        return event_id


def server_head(
    source: DocumentHead,
    document_id: str,
    type_: str,
    *,
    subtype: str | None,
    unit: str | None,
    value: Decimal,
    at: datetime,
) -> DocumentHead:
    """A new private server document of ``source``'s integrator and environment."""
    return DocumentHead(
        id=document_id,
        environment=source.environment,
        integrator_id=source.integrator_id,
        category="Methodology",
        type=type_,
        subtype=subtype,
        measurement_unit=unit,
        status=OPEN,
        current_value=value,
        last_seq=0,
        last_event_at=None,
        external_created_at=at,
        is_public=False,
        is_publicly_searchable=False,
    )


async def insert_server_document(
    tx: Tx, head: DocumentHead, timeline: ServerTimeline, *, parent_id: str, now: datetime
) -> None:
    """Store a server document (state from ``head``) and the events of ``timeline``."""
    body: dict[str, Any] = {"id": head.id, "category": head.category, "type": head.type}
    if head.subtype is not None:
        body["subtype"] = head.subtype
    body["measurementUnit"] = head.measurement_unit
    body["parentDocumentId"] = parent_id
    body["externalCreatedAt"] = format_ts(head.external_created_at)
    body["dataSetName"] = head.environment
    body["primaryParticipant"] = timeline.participant
    body["primaryAddress"] = timeline.address
    body["author"] = server_author(head.environment)
    body["createdAt"] = format_ts(now)
    await tx.insert_document(
        NewDocument(
            head=head,
            client_id=SERVER_CLIENT_ID,
            external_id=None,
            parent_document_id=parent_id,
            primary_participant_id=timeline.participant["id"],
            primary_address_id=timeline.address["id"],
            created_at=now,
            body=dumps(body),
        )
    )
    await tx.insert_events(timeline.rows)
