"""Typed request bodies, with the field names of api.md §4–§5 and verification.md.

They are open (unknown fields are passed through, so a field the server knows and this SDK does
not still reaches it; the server refuses typos) and check only what the client itself needs:
the required fields, real booleans and numbers, and timestamps with a time zone. Numbers may be
``int``, ``float`` or ``Decimal``; they are sent as JSON numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, Strict, StrictBool

Number = Annotated[int, Strict()] | Annotated[float, Strict()] | Annotated[Decimal, Strict()]


class Body(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def wire(self) -> dict[str, Any]:
        """The fields that were set, extras included, ready for :func:`encoding.dumps`."""
        return self.model_dump(mode="python", exclude_unset=True, by_alias=True)


class Participant(Body):
    """An inline participant, identified by (countryCode, taxIdType, taxId) per environment."""

    name: str
    countryCode: str
    taxId: str
    taxIdType: str
    type: str
    businessName: str | None = None
    email: str | None = None
    phone: str | None = None


class Address(Body):
    """An inline address; equal addresses resolve to one ``addressId``."""

    street: str
    number: str
    neighborhood: str
    city: str
    countryState: str
    countryCode: str
    zipCode: str
    latitude: Number
    longitude: Number
    name: str | None = None
    complement: str | None = None


class Attribute(Body):
    name: str
    value: Any = None
    isPublic: StrictBool
    sensitive: StrictBool | None = None
    format: Literal["KILOGRAM", "LITER", "CUBIC_METER", "DATE"] | None = None
    type: str | None = None


class Metadata(Body):
    attributes: list[Attribute] = []


class AttachmentRef(Body):
    """A reference, on an event, to a file uploaded to its document."""

    fileName: str
    isPublic: StrictBool
    label: str | None = None


class RelatedDocument(Body):
    documentId: str


class Permission(Body):
    effect: Literal["ALLOW", "DENY"]
    actions: list[Literal["READ", "WRITE"]]
    condition: dict[str, Any] | None = None


class NewEvent(Body):
    """An event to append; ``documentId`` names its target inside a batch."""

    name: str
    externalCreatedAt: AwareDatetime
    isPublic: StrictBool
    participantId: str | None = None
    participant: Participant | None = None
    addressId: str | None = None
    address: Address | None = None
    label: str | None = None
    value: Number | None = None
    metadata: Metadata | None = None
    attachments: list[AttachmentRef] | None = None
    relatedDocument: RelatedDocument | None = None
    permissions: list[Permission] | None = None
    preserveSensitiveData: StrictBool | None = None
    externalId: str | None = None
    deduplicationId: str | None = Field(default=None, min_length=1)
    documentId: str | None = None


class NewDocument(Body):
    """The body of ``POST /documents`` (a MassID is ``category="MassID"``)."""

    category: str
    type: str
    externalCreatedAt: AwareDatetime
    isPublic: StrictBool
    isPubliclySearchable: StrictBool
    subtype: str | None = None
    measurementUnit: str | None = None
    value: Number | None = None
    participantId: str | None = None
    participant: Participant | None = None
    addressId: str | None = None
    address: Address | None = None
    externalId: str | None = None
    title: str | None = None
    shortTitle: str | None = None
    tags: dict[str, str | None] | None = None
    deduplicationId: str | None = Field(default=None, min_length=1)
    parentDocumentId: str | None = None


class VerificationRequest(Body):
    """``POST /documents/{id}/verifications``: which methodology, and strict mode."""

    methodology: str
    strict: StrictBool | None = None


class PreviewRequest(Body):
    """``POST /verifications/preview``: a MassID that is not stored, and its events."""

    methodology: str
    document: NewDocument
    events: list[NewEvent] = []
    strict: StrictBool | None = None
