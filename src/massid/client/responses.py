"""Typed responses. Open and lenient models: fields a newer server (or Carrot) adds are kept, and
only what the SDK relies on is required. Numbers with a fraction arrive as ``Decimal`` (the JSON
is decoded without floats)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class Reply(BaseModel):
    model_config = ConfigDict(extra="allow")


class Created(Reply):
    """``POST /documents`` → 201; ``replayed`` when the deduplicationId was already used."""

    id: str
    replayed: bool = False


class EventCreated(Reply):
    documentId: str
    eventId: str
    targetDocumentId: str | None = None
    replayed: bool = False


class BatchItem(Reply):
    eventId: str
    targetDocumentId: str
    createdDocumentId: str | None = None


class BatchCreated(Reply):
    documentId: str
    events: list[BatchItem]
    replayed: bool = False


class ParticipantRef(Reply):
    id: str | None = None
    name: str | None = None
    countryCode: str | None = None
    taxId: str | None = None
    taxIdType: str | None = None
    type: str | None = None


class AddressRef(Reply):
    id: str | None = None
    city: str | None = None
    countryState: str | None = None
    countryCode: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class Author(Reply):
    clientId: str
    participantId: str
    dataSetName: str


class Event(Reply):
    id: str
    name: str
    externalCreatedAt: datetime
    isPublic: bool
    sequence: int | None = None
    createdAt: datetime | None = None
    participant: ParticipantRef | None = None
    address: AddressRef | None = None
    author: Author | None = None
    label: str | None = None
    value: Decimal | None = None
    metadata: dict[str, Any] | None = None
    attachments: list[dict[str, Any]] | None = None
    relatedDocument: dict[str, Any] | None = None
    externalId: str | None = None
    deduplicationId: str | None = None
    targetDocumentId: str | None = None


class Attachment(Reply):
    fileName: str
    contentLength: int | None = None
    contentType: str | None = None
    sha256: str | None = None
    uploadedAt: datetime | None = None


class Document(Reply):
    """``GET /documents/{id}``: the document, its derived state and its whole timeline."""

    id: str
    category: str
    type: str
    status: str
    externalCreatedAt: datetime
    subtype: str | None = None
    currentValue: Decimal | None = None
    value: Decimal | None = None
    measurementUnit: str | None = None
    dataSetName: str | None = None
    isPublic: bool | None = None
    isPubliclySearchable: bool | None = None
    createdAt: datetime | None = None
    updatedAt: datetime | None = None
    primaryParticipant: ParticipantRef | None = None
    primaryAddress: AddressRef | None = None
    author: Author | None = None
    externalId: str | None = None
    title: str | None = None
    shortTitle: str | None = None
    tags: dict[str, str | None] | None = None
    parentDocumentId: str | None = None
    deduplicationId: str | None = None
    attachments: list[Attachment] = []
    externalEvents: list[Event] = []


class DocumentPage(Reply):
    """One page of ``GET /documents``; ``nextCursor`` is None on the last page."""

    items: list[Document] = Field(validation_alias=AliasChoices("items", "documents", "data"))
    nextCursor: str | None = None


class UploadTarget(Reply):
    uploadUrl: str
    expiresAt: datetime | None = None


class DownloadTarget(Reply):
    downloadUrl: str
    expiresAt: datetime | None = None


class UploadedAttachment(Reply):
    """What :meth:`upload_attachment` stored; ``replayed`` when it was stored already."""

    documentId: str
    fileName: str
    contentLength: int
    contentType: str
    replayed: bool = False


class RuleResult(Reply):
    slug: str
    status: str
    name: str | None = None
    comment: str | None = None
    content: Any = None


class Reward(Reply):
    actorType: str
    participantId: str | None = None
    percentage: Decimal


class Certificate(Reply):
    documentId: str | None = None
    type: str
    value: Decimal
    measurementUnit: str | None = None
    credits: Decimal | None = None
    creditSymbol: str | None = None
    status: str | None = None
    rewards: list[Reward] = []


class CertificateNotIssued(Reply):
    """Why a verification issued no certificate (``reason`` is machine-readable)."""

    reason: str
    message: str | None = None


class Verification(Reply):
    """The result of a verification or a preview (verification.md): status and every rule."""

    methodology: str
    status: str
    rules: list[RuleResult]
    documentId: str | None = None
    auditDocumentId: str | None = None
    methodologyVersion: str | None = None
    evaluatedAt: datetime | None = None
    strict: bool | None = None
    certificate: Certificate | None = None
    certificateNotIssued: CertificateNotIssued | None = None
