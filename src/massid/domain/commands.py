"""The wire shape of what integrators send: documents, events and batches (api.md §4–§5).

Models are strict (no coercion: ``"false"`` is not a boolean, a number is not a timestamp) and
closed (unknown fields are errors, so typos are never silently dropped). Cross-field rules that
pydantic cannot point at precisely (exactly one of ``participant``/``participantId``, built-in
event requirements) live in :mod:`massid.domain.event_rules`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
)

Name = Annotated[str, StringConstraints(min_length=1, max_length=255)]
ShortText = Annotated[str, StringConstraints(max_length=255)]
LongText = Annotated[str, StringConstraints(max_length=4000)]
Key = Annotated[str, StringConstraints(min_length=1, max_length=255)]
CountryCode = Annotated[str, StringConstraints(min_length=2, max_length=3)]
Amount = Annotated[int | float, Field(ge=0, le=1e12, allow_inf_nan=False)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]

ATTRIBUTE_FORMATS = ("KILOGRAM", "LITER", "CUBIC_METER", "DATE")


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ParticipantIn(StrictModel):
    """An inline participant; identity is (countryCode, taxIdType, taxId) per environment."""

    name: Name
    businessName: ShortText | None = None
    countryCode: CountryCode
    taxId: Name
    taxIdType: Name
    type: Name
    email: ShortText | None = None
    phone: ShortText | None = None


class AddressIn(StrictModel):
    """An inline address; identical addresses (trimmed, case-folded) share one id."""

    name: ShortText | None = None
    street: Name
    number: Annotated[str, StringConstraints(max_length=64)]
    complement: ShortText | None = None
    neighborhood: ShortText
    city: Name
    countryState: Name
    countryCode: CountryCode
    zipCode: Annotated[str, StringConstraints(max_length=32)]
    latitude: Latitude
    longitude: Longitude


class AttributeIn(StrictModel):
    name: Name
    value: JsonValue = None
    isPublic: bool
    sensitive: bool | None = None
    sensible: bool | None = None
    format: Literal["KILOGRAM", "LITER", "CUBIC_METER", "DATE"] | None = None
    type: Name | None = None
    valuePrefix: ShortText | None = None
    valueSuffix: ShortText | None = None


class MetadataIn(StrictModel):
    attributes: Annotated[list[AttributeIn], Field(max_length=500)] = []


class AttachmentRefIn(StrictModel):
    fileName: Name
    isPublic: bool
    label: ShortText | None = None


class RelatedDocumentIn(StrictModel):
    documentId: Key
    category: ShortText | None = None
    type: ShortText | None = None
    subtype: ShortText | None = None
    bidirectional: bool | None = None


class PermissionIn(StrictModel):
    effect: Literal["ALLOW", "DENY"]
    actions: Annotated[list[Literal["READ", "WRITE"]], Field(min_length=1, max_length=2)]
    condition: dict[str, JsonValue] | None = None


class UpdatesIn(StrictModel):
    """What an ``UPDATE`` event changes on its document."""

    isPublic: bool | None = None
    isPubliclySearchable: bool | None = None


class EventIn(StrictModel):
    """One event for ``POST /documents/{id}/events``."""

    name: Name
    externalCreatedAt: AwareDatetime
    isPublic: bool
    participantId: Key | None = None
    participant: ParticipantIn | None = None
    addressId: Key | None = None
    address: AddressIn | None = None
    label: ShortText | None = None
    value: Amount | None = None
    metadata: MetadataIn | None = None
    attachments: Annotated[list[AttachmentRefIn], Field(max_length=100)] | None = None
    relatedDocument: RelatedDocumentIn | None = None
    preserveSensitiveData: bool | None = None
    permissions: Annotated[list[PermissionIn], Field(max_length=20)] | None = None
    updates: UpdatesIn | None = None
    externalId: ShortText | None = None
    deduplicationId: Key | None = None


class BatchEventIn(EventIn):
    """An event of a batch; ``documentId`` names its target (else the batch's)."""

    documentId: Key | None = None


class BatchIn(StrictModel):
    documentId: Key | None = None
    events: Annotated[list[BatchEventIn], Field(min_length=1)]


class DocumentIn(StrictModel):
    """The body of ``POST /documents``."""

    category: Name
    type: Name
    subtype: ShortText | None = None
    measurementUnit: ShortText | None = None
    value: Amount | None = None
    externalCreatedAt: AwareDatetime
    isPublic: bool
    isPubliclySearchable: bool
    participantId: Key | None = None
    participant: ParticipantIn | None = None
    addressId: Key | None = None
    address: AddressIn | None = None
    externalId: ShortText | None = None
    title: LongText | None = None
    shortTitle: ShortText | None = None
    tags: Annotated[dict[Name, ShortText | None], Field(max_length=100)] | None = None
    deduplicationId: Key | None = None
    parentDocumentId: Key | None = None


def dump(model: BaseModel) -> dict[str, Any]:
    """The model as JSON-ready data, without the fields the sender left out."""
    return model.model_dump(mode="json", exclude_unset=True)
