"""Attachments (api.md §8): ``PUT|GET /documents/{documentId}/attachments/{fileName}`` give
signed URLs; ``PUT|GET /files/{documentId}/{fileId}`` are those URLs on the local backend."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import FileResponse, Response

from massid.api.body import json_body
from massid.api.deps import ContainerDep, PrincipalDep
from massid.api.responses import json_text
from massid.api.routes.documents import DocumentIdPath, json_request
from massid.api.schemas import AttachmentOut, DownloadUrl, UploadUrl, error_responses
from massid.bootstrap import Container
from massid.domain.attachments import AttachmentRequestIn
from massid.domain.errors import NotFound
from massid.services.uploads import LocalTransfers

router = APIRouter(tags=["attachments"])

FileNamePath = Annotated[str, Path(alias="fileName", description="1–255 characters, no slash")]
FileIdPath = Annotated[str, Path(alias="fileId", max_length=64)]
ExpiresQuery = Annotated[str | None, Query(description="Part of the signed URL")]
SignatureQuery = Annotated[str | None, Query(description="Part of the signed URL")]


def base_url(container: Container, request: Request) -> str:
    """The URL clients reach this server at: ``MASSID_PUBLIC_URL``, else the request's."""
    return container.settings.public_url or str(request.base_url)


def transfers(container: Container) -> LocalTransfers:
    if container.transfers is None:
        raise NotFound("files are stored in an S3 bucket here; use the URLs the API returns")
    return container.transfers


@router.put(
    "/documents/{documentId}/attachments/{fileName}",
    response_model=UploadUrl,
    responses=error_responses(400, 401, 403, 404, 409, 413, 415, 429, 500, 503),
    openapi_extra=json_request("AttachmentRequestIn"),
)
async def request_upload(
    container: ContainerDep,
    principal: PrincipalDep,
    document_id: DocumentIdPath,
    file_name: FileNamePath,
    request: Request,
    body: Annotated[AttachmentRequestIn, Depends(json_body(AttachmentRequestIn))],
) -> Response:
    """Get a short-lived signed URL to upload one file of a document (write access)."""
    text = await container.attachments.request_upload(
        principal, document_id, file_name, body, base_url(container, request)
    )
    return json_text(text)


@router.get(
    "/documents/{documentId}/attachments/{fileName}",
    response_model=DownloadUrl,
    responses=error_responses(400, 401, 404, 429, 500, 503),
)
async def request_download(
    container: ContainerDep,
    principal: PrincipalDep,
    document_id: DocumentIdPath,
    file_name: FileNamePath,
    request: Request,
) -> Response:
    """Get a short-lived signed URL to download an uploaded file (read access)."""
    text = await container.attachments.request_download(
        principal, document_id, file_name, base_url(container, request)
    )
    return json_text(text)


@router.put(
    "/files/{documentId}/{fileId}",
    response_model=AttachmentOut,
    responses=error_responses(400, 403, 404, 409, 415, 500, 503),
    openapi_extra={
        "requestBody": {"required": True, "content": {"*/*": {"schema": {"type": "string"}}}}
    },
)
async def upload_file(
    container: ContainerDep,
    document_id: DocumentIdPath,
    file_id: FileIdPath,
    request: Request,
    expires: ExpiresQuery = None,
    signature: SignatureQuery = None,
    content_type: Annotated[str | None, Header(alias="Content-Type")] = None,
    content_length: Annotated[str | None, Header(alias="Content-Length")] = None,
) -> Response:
    """The upload URL (local storage): exactly the declared bytes and type, once, in time."""
    text = await transfers(container).receive(
        document_id,
        file_id,
        expires,
        signature,
        content_type,
        content_length,
        request.stream(),
    )
    return json_text(text)


@router.get(
    "/files/{documentId}/{fileId}",
    response_class=FileResponse,
    responses=error_responses(400, 403, 404, 500, 503),
)
async def download_file(
    container: ContainerDep,
    document_id: DocumentIdPath,
    file_id: FileIdPath,
    expires: ExpiresQuery = None,
    signature: SignatureQuery = None,
) -> Response:
    """The download URL (local storage): the file, as an attachment."""
    found = await transfers(container).download(document_id, file_id, expires, signature)
    if not found.path.is_file():
        raise NotFound("the stored file is missing; the operator has been told in the log")
    return FileResponse(
        found.path,
        media_type=found.content_type,
        filename=found.file_name,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=0"},
    )
