"""The uniqueness key of a MassID (methodology-reference.md §7.2) and its fingerprint.

The same physical load registered twice has the same category, type, subtype, current
value, first Pick-up (address, time, vehicle plate), first Drop-off (address, time), Waste
Generator and Recycler. The server keeps one fingerprint per MassID, updated as events are
appended, so the uniqueness rule is one indexed lookup.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal

from massid.domain.clock import format_ts

PICK_UP = "Pick-up"
DROP_OFF = "Drop-off"
WASTE_GENERATOR = "Waste Generator"
RECYCLER = "Recycler"
PLATE = "Vehicle License Plate"


def normalise_plate(plate: str) -> str:
    """A plate compared case-insensitively, without spaces and dashes."""
    return "".join(plate.split()).replace("-", "").upper()


@dataclass(frozen=True, slots=True)
class KeyParts:
    """The parts of the key that come from the timeline (the first event of each kind wins)."""

    pick_up_address_id: str | None = None
    pick_up_at: str | None = None
    plate: str | None = None
    drop_off_address_id: str | None = None
    drop_off_at: str | None = None
    waste_generator_id: str | None = None
    recycler_id: str | None = None

    def missing(self) -> list[str]:
        return [field.name for field in fields(self) if getattr(self, field.name) is None]

    def with_event(
        self,
        name: str,
        label: str | None,
        at: datetime,
        participant_id: str,
        address_id: str,
        plate: object,
    ) -> KeyParts:
        """The parts after one more event (unchanged when the event fills nothing new)."""
        if name == PICK_UP and self.pick_up_at is None:
            return replace(
                self,
                pick_up_address_id=address_id,
                pick_up_at=format_ts(at),
                plate=normalise_plate(plate) if isinstance(plate, str) and plate.strip() else None,
            )
        if name == DROP_OFF and self.drop_off_at is None:
            return replace(self, drop_off_address_id=address_id, drop_off_at=format_ts(at))
        if name == "ACTOR" and label == WASTE_GENERATOR and self.waste_generator_id is None:
            return replace(self, waste_generator_id=participant_id)
        if name == "ACTOR" and label == RECYCLER and self.recycler_id is None:
            return replace(self, recycler_id=participant_id)
        return self


def fingerprint(
    environment: str,
    category: str,
    type_: str,
    subtype: str | None,
    current_value: Decimal,
    parts: KeyParts,
) -> str | None:
    """The SHA-256 of the whole key, or None while a part is still missing."""
    if parts.missing():
        return None
    values = [
        environment,
        category,
        type_,
        subtype or "",
        format(current_value.normalize(), "f"),
        *(str(getattr(parts, field.name)) for field in fields(parts)),
    ]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()
