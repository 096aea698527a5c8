"""Identity of shared records: participants by tax id, addresses by content."""

from __future__ import annotations

import hashlib
import json
import re

from massid.domain.commands import AddressIn, ParticipantIn

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def participant_key(country_code: str, tax_id_type: str, tax_id: str) -> str:
    """The natural key of a participant: country, tax id type and the tax id's digits/letters.

    ``12.345.678/0001-90`` and ``12345678000190`` name the same company.
    """
    digits = _NOT_ALNUM.sub("", tax_id).upper() or tax_id.strip()
    return f"{country_code.strip().upper()}|{tax_id_type.strip().upper()}|{digits}"


def participant_key_of(participant: ParticipantIn) -> str:
    return participant_key(participant.countryCode, participant.taxIdType, participant.taxId)


_ADDRESS_TEXT_FIELDS = (
    "name",
    "street",
    "number",
    "complement",
    "neighborhood",
    "city",
    "countryState",
    "countryCode",
    "zipCode",
)


def address_key(address: AddressIn) -> str:
    """Content hash of an address: text fields trimmed and case-folded, coordinates as numbers."""
    parts: dict[str, object] = {
        field: (getattr(address, field) or "").strip().casefold() for field in _ADDRESS_TEXT_FIELDS
    }
    parts["latitude"] = float(address.latitude)
    parts["longitude"] = float(address.longitude)
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
