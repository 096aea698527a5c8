"""Response models: what the server returns, declared for OpenAPI and contract tests."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from massid.domain.commands import (
    AttachmentRefIn,
    MetadataIn,
    PermissionIn,
    RelatedDocumentIn,
    UpdatesIn,
)


class Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorItem(BaseModel):
    code: str = Field(description="Carrot error code, e.g. validationError, conflictError")
    message: str = Field(description="What went wrong and what to fix")
    reason: str | None = Field(default=None, description="Machine-readable refinement")
    id: str = Field(description="Request id, also in the X-Request-Id header and the log")
    timestamp: str = Field(description="Unix seconds, as a string")


class ErrorEnvelope(BaseModel):
    statusCode: int
    errors: list[ErrorItem]


class TooManyRequests(BaseModel):
    message: str = "Too Many Requests"


class OAuthErrorBody(BaseModel):
    error: str
    error_description: str | None = None


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    scope: str


class DocumentCreated(BaseModel):
    id: str


class EventCreated(BaseModel):
    documentId: str
    eventId: str
    targetDocumentId: str | None = Field(
        default=None, description="The document a SPLIT or OUTPUT event created"
    )


class BatchItem(BaseModel):
    eventId: str
    targetDocumentId: str = Field(description="The document this event was appended to")
    createdDocumentId: str | None = Field(
        default=None, description="The document a SPLIT or OUTPUT event created"
    )


class BatchCreated(BaseModel):
    documentId: str
    events: list[BatchItem]


class ParticipantOut(Out):
    id: str
    name: str
    countryCode: str
    taxId: str
    taxIdType: str
    type: str
    businessName: str | None = None
    email: str | None = None
    phone: str | None = None


class AddressOut(Out):
    id: str
    street: str
    number: str
    neighborhood: str
    city: str
    countryState: str
    countryCode: str
    zipCode: str
    latitude: float
    longitude: float
    name: str | None = None
    complement: str | None = None


class AuthorOut(BaseModel):
    clientId: str
    participantId: str
    dataSetName: str


class EventOut(Out):
    id: str
    sequence: int
    name: str
    externalCreatedAt: str
    createdAt: str
    isPublic: bool
    participant: ParticipantOut
    address: AddressOut
    author: AuthorOut
    label: str | None = None
    value: float | None = None
    metadata: MetadataIn | None = None
    attachments: list[AttachmentRefIn] | None = None
    relatedDocument: RelatedDocumentIn | None = None
    preserveSensitiveData: bool | None = None
    permissions: list[PermissionIn] | None = None
    updates: UpdatesIn | None = None
    externalId: str | None = None
    deduplicationId: str | None = None
    targetDocumentId: str | None = None


class AttachmentOut(BaseModel):
    fileName: str
    contentType: str
    contentLength: int = Field(description="Size in bytes")
    sha256: str = Field(description="SHA-256 of the bytes, hex")
    uploadedAt: str = Field(description="When massid accepted the upload")


class UploadUrl(BaseModel):
    uploadUrl: str = Field(
        description="PUT the bytes here, without a bearer token, with the declared "
        "Content-Type and exactly contentLength bytes; usable once"
    )
    expiresAt: str


class DownloadUrl(BaseModel):
    downloadUrl: str = Field(description="GET the file here, without a bearer token")
    expiresAt: str


class EventPage(BaseModel):
    items: list[EventOut]
    nextAfter: int | None = Field(
        description="Pass as after for the next page (the last sequence returned); null at the end"
    )


class DocumentBase(Out):
    id: str
    category: str
    type: str
    status: str = Field(description="OPEN, CLOSED or CANCELLED")
    currentValue: float
    dataSetName: str
    isPublic: bool
    isPubliclySearchable: bool
    externalCreatedAt: str
    createdAt: str
    updatedAt: str
    primaryParticipant: ParticipantOut
    primaryAddress: AddressOut
    author: AuthorOut
    subtype: str | None = None
    measurementUnit: str | None = None
    value: float | None = None
    externalId: str | None = None
    title: str | None = None
    shortTitle: str | None = None
    tags: dict[str, str | None] | None = None
    parentDocumentId: str | None = None
    deduplicationId: str | None = None


class DocumentOut(DocumentBase):
    attachments: list[AttachmentOut]
    externalEvents: list[EventOut]


class DocumentSummary(DocumentBase):
    """A list item: the document without its timeline and files."""

    eventCount: int = Field(description="Number of events on the timeline")
    lastEventAt: str | None = Field(default=None, description="externalCreatedAt of the last event")


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    nextCursor: str | None = Field(description="Pass as cursor for the next page; null at the end")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the error responses a route can give."""
    descriptions = {
        400: "Invalid JSON or a validation error naming the field",
        401: "Missing, malformed, expired or revoked token",
        403: "Authenticated, but not allowed",
        404: "Not found, or not visible to this client",
        409: "State conflict (see reason) or the same deduplication key in flight",
        413: "Body or batch over the published limit",
        415: "The body is not JSON (or not the declared file type)",
        429: "Too many requests",
        500: "Internal error (no details are exposed)",
        503: "A dependency is unavailable; retry later",
    }
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        model: type[BaseModel] = TooManyRequests if status == 429 else ErrorEnvelope
        responses[status] = {"model": model, "description": descriptions[status]}
    return responses


COMMON_ERRORS = (400, 401, 413, 415, 429, 500, 503)
