"""An unsaved document and its events as the store would hold them (for previews).

Participants and addresses resolve to the ids the store already gives them; unknown ones get
a stable placeholder id (equal data, equal id), so rules that compare ids behave as they
would after submission. The timeline is checked and folded with the same domain rules as a
real append; nothing is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

from massid.domain.clock import format_ts
from massid.domain.commands import DocumentIn, EventIn, dump
from massid.domain.event_rules import check_document, check_event
from massid.domain.timeline import DocumentHead, apply_event, check_append
from massid.services.documents import new_head
from massid.services.parties import resolve_address, resolve_participant
from massid.services.representation import author, event_json
from massid.storage.ports import PartyStore

UNSAVED_ID = "unsaved"
_NO_CAP = 1 << 30


class Lookup(Protocol):
    """Look-ups that never write: unknown records get placeholder ids."""

    async def find_participant(self, environment: str, natural_key: str) -> str | None: ...

    async def find_address(self, environment: str, content_key: str) -> str | None: ...

    async def participant_data(self, environment: str, participant_id: str) -> str | None: ...

    async def address_data(self, environment: str, address_id: str) -> str | None: ...


def placeholder_id(kind: str, key: str) -> str:
    return f"unsaved-{kind}-{hashlib.sha256(key.encode()).hexdigest()[:20]}"


class ReadOnlyParties(PartyStore):
    """A :class:`PartyStore` over look-ups: known records keep their ids, nothing is written."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    async def resolve_participant(self, environment: str, natural_key: str, data: str) -> str:
        found = await self.lookup.find_participant(environment, natural_key)
        return found or placeholder_id("participant", natural_key)

    async def resolve_address(self, environment: str, content_key: str, data: str) -> str:
        found = await self.lookup.find_address(environment, content_key)
        return found or placeholder_id("address", content_key)

    async def participant_data(self, environment: str, participant_id: str) -> str | None:
        return await self.lookup.participant_data(environment, participant_id)

    async def address_data(self, environment: str, address_id: str) -> str | None:
        return await self.lookup.address_data(environment, address_id)


@dataclass(slots=True)
class Unsaved:
    body: dict[str, Any]
    events: list[dict[str, Any]]
    head: DocumentHead


async def build_unsaved(
    parties: PartyStore,
    environment: str,
    document: DocumentIn,
    events: list[EventIn],
    *,
    client_id: str,
    integrator_id: str,
    pointer: str = "",
) -> Unsaved:
    """The document's stored body, event bodies and folded head, checked like real writes."""
    check_document(document)
    party = await resolve_participant(
        parties, environment, document.participant, document.participantId, f"{pointer}/document"
    )
    address = await resolve_address(
        parties, environment, document.address, document.addressId, f"{pointer}/document"
    )
    created = format_ts(document.externalCreatedAt)
    fields = dump(document)
    body: dict[str, Any] = {"id": UNSAVED_ID, **fields, "externalCreatedAt": created}
    for field in ("participant", "participantId", "address", "addressId", "deduplicationId"):
        body.pop(field, None)
    body.update(dataSetName=environment, primaryParticipant=party.snapshot, primaryAddress=address)
    head = new_head(UNSAVED_ID, environment, integrator_id, document)
    event_author = author(client_id, integrator_id, environment)
    bodies: list[dict[str, Any]] = []
    for index, event in enumerate(events):
        where = f"{pointer}/events/{index}"
        check_event(event, where)
        check_append(head, event, where, max_events=_NO_CAP)
        who = await resolve_participant(
            parties, environment, event.participant, event.participantId, where
        )
        place = await resolve_address(parties, environment, event.address, event.addressId, where)
        apply_event(head, event)
        bodies.append(
            event_json(
                event,
                f"unsaved-{head.last_seq}",
                head.last_seq,
                who.snapshot,
                place,
                event_author,
                created,
            )
        )
    return Unsaved(body, bodies, head)
