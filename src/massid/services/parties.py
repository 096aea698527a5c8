"""Resolving participants and addresses (inline or by id) to shared ids and snapshots."""

from __future__ import annotations

import json
from typing import Any

from massid.domain.commands import AddressIn, ParticipantIn, dump
from massid.domain.errors import ValidationFailed
from massid.domain.identity import address_key, participant_key, participant_key_of
from massid.services.representation import dumps
from massid.storage.ports import PartyStore


class Party:
    """A resolved participant: its id, natural key and the snapshot stored with the record."""

    __slots__ = ("id", "key", "snapshot")

    def __init__(self, party_id: str, key: str, snapshot: dict[str, Any]) -> None:
        self.id = party_id
        self.key = key
        self.snapshot = snapshot


async def resolve_participant(
    tx: PartyStore,
    environment: str,
    inline: ParticipantIn | None,
    by_id: str | None,
    pointer: str,
) -> Party:
    if inline is not None:
        data = dump(inline)
        key = participant_key_of(inline)
        party_id = await tx.resolve_participant(environment, key, dumps(data))
        return Party(party_id, key, {"id": party_id, **data})
    assert by_id is not None
    stored = await tx.participant_data(environment, by_id)
    if stored is None:
        raise ValidationFailed(
            f"{pointer}/participantId", f"no participant {by_id} in the {environment} environment"
        )
    data = json.loads(stored)
    key = participant_key(data["countryCode"], data["taxIdType"], data["taxId"])
    return Party(by_id, key, {"id": by_id, **data})


async def resolve_address(
    tx: PartyStore,
    environment: str,
    inline: AddressIn | None,
    by_id: str | None,
    pointer: str,
) -> dict[str, Any]:
    """The address snapshot with its server id (``{"id": …, …}``)."""
    if inline is not None:
        data = dump(inline)
        address_id = await tx.resolve_address(environment, address_key(inline), dumps(data))
        return {"id": address_id, **data}
    assert by_id is not None
    stored = await tx.address_data(environment, by_id)
    if stored is None:
        raise ValidationFailed(
            f"{pointer}/addressId", f"no address {by_id} in the {environment} environment"
        )
    return {"id": by_id, **json.loads(stored)}
