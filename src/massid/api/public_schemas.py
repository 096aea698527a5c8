"""Response models of the public API (OpenAPI only: bodies come from the masking module)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PublicOut(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PublicParticipantOut(PublicOut):
    """A public participant has a name; a private one only a stable anonymous id."""

    roles: list[str] = Field(description="Roles from the document's public ACTOR events")
    id: str | None = Field(default=None, description="Salted hash, for private participants")
    name: str | None = None
    businessName: str | None = None
    countryCode: str | None = None
    type: str | None = None


class PublicAddressOut(PublicOut):
    city: str | None = None
    countryState: str | None = None
    countryCode: str | None = None
    latitude: float | None = Field(default=None, description="Rounded to 0.1°")
    longitude: float | None = Field(default=None, description="Rounded to 0.1°")


class PublicAttributeOut(PublicOut):
    name: str
    isPublic: bool
    value: Any = Field(
        default=None, description="Masked when sensitive; absent for sensitive numbers and dates"
    )
    sensitive: bool | None = None
    format: str | None = None
    type: str | None = None
    valuePrefix: str | None = None
    valueSuffix: str | None = None


class PublicMetadataOut(PublicOut):
    attributes: list[PublicAttributeOut]


class PublicAttachmentOut(PublicOut):
    isPublic: bool
    label: str | None = None
    fileName: str | None = Field(default=None, description="Only for public attachments")


class PublicEventOut(PublicOut):
    id: str
    sequence: int
    name: str
    externalCreatedAt: str
    createdAt: str
    isPublic: bool
    participant: PublicParticipantOut
    address: PublicAddressOut
    label: str | None = None
    value: float | None = None
    metadata: PublicMetadataOut | None = None
    attachments: list[PublicAttachmentOut] | None = None
    relatedDocument: dict[str, Any] | None = None
    targetDocumentId: str | None = None
    updates: dict[str, bool] | None = None


class PublicSummaryOut(PublicOut):
    id: str
    category: str
    type: str
    status: str
    currentValue: float
    dataSetName: str
    isPublic: bool
    isPubliclySearchable: bool
    externalCreatedAt: str
    createdAt: str
    updatedAt: str
    primaryAddress: PublicAddressOut
    subtype: str | None = None
    measurementUnit: str | None = None
    value: float | None = None
    externalId: str | None = None
    title: str | None = None
    shortTitle: str | None = None
    tags: dict[str, str | None] | None = None
    parentDocumentId: str | None = None


class PublicRuleOut(PublicOut):
    slug: str | None
    name: str | None
    status: str | None
    comment: str | None = Field(description="Values the masked view hides read [hidden]")


class PublicRewardOut(PublicOut):
    actorType: str | None
    percentage: str | None


class PublicCertificateOut(PublicOut):
    documentId: str | None
    type: str | None
    value: Any = Field(description="Certified kg (RecycledID) or prevented kg CO2e (GasID)")
    measurementUnit: str | None
    credits: str | None
    creditSymbol: str | None
    status: str | None
    rewards: list[PublicRewardOut]


class PublicVerificationOut(PublicOut):
    methodology: str | None
    methodologyVersion: str | None
    status: str | None
    evaluatedAt: str | None
    rules: list[PublicRuleOut]
    certificate: PublicCertificateOut | None


class PublicDocumentOut(PublicSummaryOut):
    primaryParticipant: PublicParticipantOut
    attachments: list[PublicAttachmentOut]
    externalEvents: list[PublicEventOut]
    participants: list[PublicParticipantOut] = Field(
        description="Every participant shown on the document, once, with its public roles"
    )
    verifications: list[PublicVerificationOut] = Field(
        default_factory=list, description="Audits of the document, newest first"
    )


class PublicPageOut(PublicOut):
    items: list[PublicSummaryOut]
    nextCursor: str | None = Field(description="Pass as `cursor` for the next page")
