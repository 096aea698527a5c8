"""Keeps each MassID's uniqueness key current as events are appended (one row per MassID).

Within one transaction a MassID's key parts are read once, folded with every appended event
and written once, so an append costs one primary-key read and one upsert per MassID.
"""

from __future__ import annotations

from massid.domain.commands import EventIn
from massid.domain.timeline import DocumentHead
from massid.domain.uniqueness import PLATE, KeyParts, fingerprint
from massid.storage.ports import MassIdKeyRow, Tx

MASS_ID = "MassID"


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

    async def record(
        self, head: DocumentHead, event: EventIn, participant_id: str, address_id: str
    ) -> None:
        """Fold one appended event (already applied to ``head``) into the MassID's key."""
        if head.category != MASS_ID:
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
        rows = [
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
        await self.tx.put_massid_keys(rows)
