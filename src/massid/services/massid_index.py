"""Keeps each MassID's uniqueness key current as events are appended (one row per MassID).

Within one transaction the key parts of every target MassID are read in one query, folded
with each appended event and written back in one statement.
"""

from __future__ import annotations

from massid.domain.commands import EventIn
from massid.domain.event_rules import ACTOR, SPLIT
from massid.domain.timeline import DocumentHead
from massid.domain.uniqueness import (
    DROP_OFF,
    PICK_UP,
    PLATE,
    RECYCLER,
    WASTE_GENERATOR,
    KeyParts,
    fingerprint,
)
from massid.storage.ports import MassIdKeyRow, Tx

MASS_ID = "MassID"


def affects_key(event: EventIn) -> bool:
    """Whether an event can change a MassID's key or fingerprint (others need no work)."""
    if event.value is not None or event.name in (PICK_UP, DROP_OFF, SPLIT):
        return True
    return event.name == ACTOR and event.label in (WASTE_GENERATOR, RECYCLER)


def _plate(event: EventIn) -> object:
    for attribute in event.metadata.attributes if event.metadata else ():
        if attribute.name == PLATE:
            return attribute.value
    return None


class MassIdIndex:
    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.parts: dict[str, KeyParts] = {}
        self.heads: dict[str, DocumentHead] = {}

    async def prefetch(self, targets: list[tuple[DocumentHead, EventIn]]) -> None:
        """Read, in one query, the keys of the MassIDs these events will change."""
        wanted = self.wanted(targets)
        self.preload(wanted, await self.tx.get_massid_keys(wanted))

    @staticmethod
    def wanted(targets: list[tuple[DocumentHead, EventIn]]) -> list[str]:
        """The MassIDs whose keys these events will change."""
        return sorted(
            {head.id for head, event in targets if head.category == MASS_ID and affects_key(event)}
        )

    def preload(self, wanted: list[str], stored: dict[str, KeyParts]) -> None:
        """Take the keys of ``wanted`` as read (a MassID without a key row starts empty)."""
        for document_id in wanted:
            self.parts.setdefault(document_id, stored.get(document_id, KeyParts()))

    async def record(
        self, head: DocumentHead, event: EventIn, participant_id: str, address_id: str
    ) -> None:
        """Fold one appended event (already applied to ``head``) into the MassID's key."""
        if head.category != MASS_ID or not affects_key(event):
            return
        if head.id not in self.parts:
            stored = await self.tx.get_massid_keys([head.id])
            self.parts[head.id] = stored.get(head.id, KeyParts())
        self.parts[head.id] = self.parts[head.id].with_event(
            event.name,
            event.label,
            event.externalCreatedAt,
            participant_id,
            address_id,
            _plate(event),
        )
        self.heads[head.id] = head

    async def flush(self) -> None:
        await self.tx.put_massid_keys(self.rows())

    def rows(self) -> list[MassIdKeyRow]:
        """The keys to write for the events recorded so far."""
        return [
            MassIdKeyRow(
                document_id=document_id,
                environment=head.environment,
                parts=self.parts[document_id],
                fingerprint=fingerprint(
                    head.environment,
                    head.category,
                    head.type,
                    head.subtype,
                    head.current_value,
                    self.parts[document_id],
                ),
            )
            for document_id, head in self.heads.items()
        ]
