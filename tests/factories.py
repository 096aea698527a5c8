"""Plain ``make_*`` factories for request payloads (dicts, exactly as an integrator sends)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

BASE_TIME = datetime(2026, 1, 10, 10, 0, tzinfo=UTC)


def ts(offset_hours: float = 0, base: datetime = BASE_TIME) -> str:
    """An ISO 8601 UTC timestamp ``offset_hours`` after the base time."""
    return (base + timedelta(hours=offset_hours)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def make_participant(
    name: str = "Green Farm Ltda", tax_id: str | None = None, **overrides: Any
) -> dict[str, Any]:
    participant = {
        "name": name,
        "countryCode": "BR",
        "taxId": tax_id or f"{uuid.uuid4().int % 10**14:014d}",
        "taxIdType": "CNPJ",
        "type": "COMPANY",
    }
    participant.update(overrides)
    return participant


def make_address(street: str = "Rua das Flores", **overrides: Any) -> dict[str, Any]:
    address = {
        "street": street,
        "number": "100",
        "neighborhood": "Centro",
        "city": "São Paulo",
        "countryState": "SP",
        "countryCode": "BR",
        "zipCode": "01000-000",
        "latitude": -23.55,
        "longitude": -46.63,
    }
    address.update(overrides)
    return address


def make_document(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "category": "MassID",
        "type": "Organic",
        "subtype": "Food, Food Waste and Beverages",
        "measurementUnit": "kg",
        "value": 1000,
        "externalCreatedAt": ts(0),
        "isPublic": True,
        "isPubliclySearchable": True,
        "participant": make_participant(),
        "address": make_address(),
    }
    document.update(overrides)
    return document


def make_event(name: str = "Pick-up", offset_hours: float = 1, **overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "name": name,
        "externalCreatedAt": ts(offset_hours),
        "isPublic": True,
        "participant": make_participant("Hauler Transportes", tax_id="11111111000111"),
        "address": make_address(),
    }
    event.update(overrides)
    return event


def make_actor(
    role: str, participant: dict[str, Any] | None = None, **overrides: Any
) -> dict[str, Any]:
    return make_event(
        "ACTOR",
        overrides.pop("offset_hours", 0.5),
        label=role,
        participant=participant or make_participant(role),
        **overrides,
    )
