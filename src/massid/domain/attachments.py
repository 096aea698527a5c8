"""Attachment rules: file names, accepted content types, the upload request body (api.md §8)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from massid.domain.commands import StrictModel
from massid.domain.errors import PayloadTooLarge, ValidationFailed

# Evidence an integrator attaches to a chain-of-custody record: documents, photos, data
# exports. Nothing a browser would run or render as a page (HTML, SVG, scripts).
CONTENT_TYPES = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/heic",
    "image/heif",
    "image/tiff",
    "text/plain",
    "text/csv",
    "application/json",
    "application/xml",
    "application/zip",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
)
FILE_NAME_POINTER = "/fileName (path parameter)"


class AttachmentRequestIn(StrictModel):
    """The body of ``PUT /documents/{documentId}/attachments/{fileName}``."""

    contentLength: Annotated[int, Field(ge=1, description="Exact size of the file in bytes")]
    contentType: Annotated[
        str,
        StringConstraints(min_length=1, max_length=255),
        Field(description="One of the accepted media types, exactly as listed"),
    ]


def check_file_name(name: str) -> None:
    """A file name is 1–255 printable characters, without slashes and surrounding spaces."""
    problem = None
    if not 1 <= len(name) <= 255:
        problem = "must be 1 to 255 characters"
    elif name in (".", "..") or "/" in name or "\\" in name:
        problem = "must not be '.', '..' or contain a slash or backslash"
    elif any(ord(c) < 32 or ord(c) == 127 for c in name):
        problem = "must not contain control characters"
    elif name != name.strip():
        problem = "must not start or end with white space"
    if problem:
        raise ValidationFailed(FILE_NAME_POINTER, problem)


def check_request(request: AttachmentRequestIn, max_bytes: int) -> None:
    if request.contentType not in CONTENT_TYPES:
        raise ValidationFailed(
            "/contentType",
            f"{request.contentType!r} is not accepted; use one of: {', '.join(CONTENT_TYPES)}",
        )
    if request.contentLength > max_bytes:
        raise PayloadTooLarge(
            f"/contentLength: {request.contentLength} bytes is over the limit of "
            f"{max_bytes} bytes per file"
        )
