"""The loaded document graph the rules read: typed, read-only views of stored JSON.

Services load documents and their timelines (as ``GET /documents/{id}`` returns them, with
numbers parsed as ``Decimal``) and build a :class:`Graph`; rules never do I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from massid.domain.clock import parse_ts

SERVER = "server"  # author role of documents and events the server wrote itself


@dataclass(frozen=True, slots=True)
class Address:
    id: str
    street: str
    number: str
    city: str
    country_state: str
    country_code: str
    latitude: float | None
    longitude: float | None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    value: Any
    format: str | None


@dataclass(slots=True)
class Event:
    id: str
    name: str
    label: str | None
    at: datetime
    value: Decimal | None
    participant_id: str
    address: Address | None
    attributes: dict[str, Attribute]
    attachment_labels: tuple[str | None, ...]
    related_document_id: str | None
    author_client_id: str | None
    participant_name: str = ""
    preserve_sensitive_data: bool | None = None

    def attr(self, name: str) -> Any:
        """The value of the first attribute called ``name`` (None when absent)."""
        attribute = self.attributes.get(name)
        return None if attribute is None else attribute.value


@dataclass(slots=True)
class Document:
    id: str
    category: str
    type: str | None
    subtype: str | None
    measurement_unit: str | None
    current_value: Decimal
    status: str
    data_set_name: str
    external_created_at: datetime
    primary_participant_id: str | None
    primary_address: Address | None
    parent_document_id: str | None
    events: list[Event]
    author_role: str | None = None
    by_name: dict[str, list[Event]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[Event]] = {}
        for event in self.events:
            index.setdefault(event.name, []).append(event)
        self.by_name = index

    def named(self, name: str) -> list[Event]:
        return self.by_name.get(name, [])

    def first(self, name: str) -> Event | None:
        found = self.by_name.get(name)
        return found[0] if found else None

    def last(self, name: str) -> Event | None:
        found = self.by_name.get(name)
        return found[-1] if found else None

    def actors(self, label: str) -> list[Event]:
        return [event for event in self.named("ACTOR") if event.label == label]


@dataclass(frozen=True, slots=True)
class Duplicates:
    """Other non-cancelled MassIDs of the environment with the same uniqueness key."""

    count: int
    visible_ids: tuple[str, ...] = ()


@dataclass(slots=True)
class Graph:
    """A MassID and every document the rules may read about it."""

    mass_id: Document
    accreditations: list[Document] = field(default_factory=list)
    audits: list[Document] = field(default_factory=list)
    certificates: list[Document] = field(default_factory=list)
    credit_orders: list[Document] = field(default_factory=list)
    definition: Document | None = None
    duplicates: Duplicates | None = None
    audit_id: str | None = None
    # Strict mode: prevented kg CO₂e of the recycler's live GasIDs in the 12 months before
    # this MassID was recycled (None when not loaded).
    recycler_recent_co2e: Decimal | None = None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return float(value)


def address_from_json(data: Mapping[str, Any] | None) -> Address | None:
    if not data:
        return None
    return Address(
        id=str(data.get("id", "")),
        street=str(data.get("street", "")),
        number=str(data.get("number", "")),
        city=str(data.get("city", "")),
        country_state=str(data.get("countryState", "")),
        country_code=str(data.get("countryCode", "")),
        latitude=_float(data.get("latitude")),
        longitude=_float(data.get("longitude")),
    )


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return None


def event_from_json(data: Mapping[str, Any]) -> Event:
    attributes: dict[str, Attribute] = {}
    metadata = data.get("metadata") or {}
    for item in metadata.get("attributes") or ():
        name = item.get("name")
        if isinstance(name, str) and name not in attributes:
            attributes[name] = Attribute(name, item.get("value"), item.get("format"))
    related = data.get("relatedDocument") or {}
    author = data.get("author") or {}
    participant = data.get("participant") or {}
    return Event(
        id=str(data.get("id", "")),
        name=str(data.get("name", "")),
        label=data.get("label"),
        at=parse_ts(str(data["externalCreatedAt"])),
        value=_decimal(data.get("value")),
        participant_id=str(participant.get("id", "")),
        address=address_from_json(data.get("address")),
        attributes=attributes,
        attachment_labels=tuple(item.get("label") for item in data.get("attachments") or ()),
        related_document_id=related.get("documentId"),
        author_client_id=author.get("clientId"),
        participant_name=str(participant.get("name", "")),
        preserve_sensitive_data=data.get("preserveSensitiveData"),
    )


def document_from_json(
    body: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    *,
    status: str,
    current_value: Decimal,
    author_role: str | None = None,
) -> Document:
    """A document from its stored creation body, its folded state and its event bodies."""
    participant = body.get("primaryParticipant") or {}
    return Document(
        id=str(body.get("id", "")),
        category=str(body.get("category", "")),
        type=body.get("type"),
        subtype=body.get("subtype"),
        measurement_unit=body.get("measurementUnit"),
        current_value=current_value,
        status=status,
        data_set_name=str(body.get("dataSetName", "")),
        external_created_at=parse_ts(str(body["externalCreatedAt"])),
        primary_participant_id=participant.get("id"),
        primary_address=address_from_json(body.get("primaryAddress")),
        parent_document_id=body.get("parentDocumentId"),
        events=[event_from_json(event) for event in events],
        author_role=author_role,
    )
