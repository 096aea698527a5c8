"""Attachments (api.md §8): signed upload and download URLs, and the files of a document.

A file name is unique per document and a file is immutable once uploaded: requesting an
upload URL again for a name whose file arrived is a 409, while a name still waiting for its
bytes gets a new URL (the previous one stops working). The local backend receives the bytes
itself (:mod:`massid.services.uploads`); the S3 backend lets clients upload to the bucket and
*settles* each upload — checks and accepts it — the next time the file is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from massid.auth.signing import Signer
from massid.domain.access import Principal, write_refusal
from massid.domain.attachments import AttachmentRequestIn, check_file_name, check_request
from massid.domain.clock import Clock, format_ts
from massid.domain.errors import Conflict, Forbidden, NotFound
from massid.domain.ids import is_uuid, new_uuid
from massid.domain.timeline import CANCELLED
from massid.services.documents import require_writer, visible
from massid.services.representation import dumps
from massid.storage.files.local import LocalFiles
from massid.storage.files.s3 import ObjectChanged, S3Files
from massid.storage.ports import PENDING, UPLOADED, AttachmentRecord, Store, Tx

log = logging.getLogger("massid.attachments")

# How long after its URL expired an upload may still be found in the bucket (S3 checks the
# expiry when a PUT starts; a slow 10 MB upload can end well after it).
SETTLE_GRACE = timedelta(hours=1)
# Clock difference tolerated between this server and the bucket when checking upload times.
CLOCK_SKEW = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class AttachmentLimits:
    max_bytes: int
    url_ttl_seconds: int
    max_per_document: int


def file_url(
    signer: Signer, base_url: str, method: str, record: AttachmentRecord, expires: int
) -> str:
    """A massid-served signed URL for one upload (PUT) or download (GET) of a file."""
    signature = signer.sign(file_url_message(method, record.document_id, record.file_id, expires))
    path = f"/files/{record.document_id}/{record.file_id}"
    return f"{base_url.rstrip('/')}{path}?expires={expires}&signature={signature}"


def file_url_message(method: str, document_id: str, file_id: str, expires: int) -> str:
    return f"{method}\n{document_id}\n{file_id}\n{expires}"


class AttachmentService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        signer: Signer,
        limits: AttachmentLimits,
        *,
        local: LocalFiles | None = None,
        s3: S3Files | None = None,
    ) -> None:
        if (local is None) == (s3 is None):
            raise ValueError("exactly one attachment backend must be configured")
        self.store = store
        self.clock = clock
        self.signer = signer
        self.limits = limits
        self.local = local
        self.s3 = s3

    async def request_upload(
        self,
        principal: Principal,
        document_id: str,
        file_name: str,
        request: AttachmentRequestIn,
        base_url: str,
    ) -> str:
        """A signed URL to PUT the file's bytes to: ``{"uploadUrl", "expiresAt"}``."""
        require_writer(principal)
        check_file_name(file_name)
        check_request(request, self.limits.max_bytes)
        if not is_uuid(document_id):
            raise NotFound("document not found")

        async def work(tx: Tx) -> AttachmentRecord:
            stored = visible(
                principal,
                await tx.get_document(
                    principal.environment, document_id, principal.participant_key, lock=True
                ),
            )
            refusal = write_refusal(principal, stored.facts, None)
            if refusal is not None:
                raise Forbidden(f"document {document_id}: {refusal}")
            if stored.head.status == CANCELLED:
                raise Conflict(
                    "DOCUMENT_CANCELLED", f"document {document_id} is CANCELLED; it takes no files"
                )
            existing = await tx.get_attachment(document_id, file_name)
            if existing is not None and existing.status == UPLOADED:
                raise Conflict(
                    "ATTACHMENT_EXISTS",
                    f"document {document_id} already has a file named {file_name!r}; "
                    "uploaded files never change: upload under another fileName",
                )
            if existing is None and await tx.count_attachments(document_id) >= (
                self.limits.max_per_document
            ):
                raise Conflict(
                    "ATTACHMENT_LIMIT_REACHED",
                    f"document {document_id} already has {self.limits.max_per_document} files",
                )
            now = self.clock()
            file_id = new_uuid()
            staging = (
                self.s3.staging_key(principal.environment, document_id, file_id)
                if self.s3
                else None
            )
            record = AttachmentRecord(
                document_id=document_id,
                file_name=file_name,
                file_id=file_id,
                environment=principal.environment,
                status=PENDING,
                content_type=request.contentType,
                content_length=request.contentLength,
                sha256=None,
                storage_key=staging,
                client_id=principal.client_id,
                requested_at=now,
                url_expires_at=now + timedelta(seconds=self.limits.url_ttl_seconds),
                uploaded_at=None,
            )
            await tx.put_attachment(record)
            return record

        record = await self.store.write(work)
        if self.s3 is not None and record.storage_key is not None:
            url = self.s3.upload_url(
                record.storage_key,
                record.content_type,
                record.content_length,
                self.limits.url_ttl_seconds,
            )
        else:
            expires = int(record.url_expires_at.timestamp())
            url = file_url(self.signer, base_url, "PUT", record, expires)
        return dumps({"uploadUrl": url, "expiresAt": format_ts(record.url_expires_at)})

    async def request_download(
        self, principal: Principal, document_id: str, file_name: str, base_url: str
    ) -> str:
        """A signed URL to GET an uploaded file: ``{"downloadUrl", "expiresAt"}``."""
        check_file_name(file_name)
        if not is_uuid(document_id):
            raise NotFound("document not found")
        await self.settle(principal.environment, [document_id])
        async with self.store.read() as tx:
            visible(
                principal,
                await tx.get_document(
                    principal.environment, document_id, principal.participant_key, lock=False
                ),
            )
            record = await tx.get_attachment(document_id, file_name)
        if record is None or record.status != UPLOADED:
            waiting = " (an upload URL was issued but its bytes have not arrived)"
            raise NotFound(
                f"document {document_id} has no uploaded file named {file_name!r}"
                + (waiting if record is not None and record.status == PENDING else "")
            )
        now = self.clock()
        ttl = self.limits.url_ttl_seconds
        expires_at = now + timedelta(seconds=ttl)
        if self.s3 is not None and record.storage_key is not None:
            url = self.s3.download_url(record.storage_key, record.content_type, file_name, ttl)
        else:
            url = file_url(self.signer, base_url, "GET", record, int(expires_at.timestamp()))
        return dumps({"downloadUrl": url, "expiresAt": format_ts(expires_at)})

    async def settle(self, environment: str, document_ids: Sequence[str]) -> None:
        """S3 backend: accept or refuse the uploads of these documents that are still pending."""
        if self.s3 is None:
            return
        ids = [document_id for document_id in set(document_ids) if is_uuid(document_id)]
        if not ids:
            return
        async with self.store.read() as tx:
            pending = await tx.pending_attachments(environment, ids)
        for record in pending:
            await self._settle_one(self.s3, record)

    async def _settle_one(self, s3: S3Files, record: AttachmentRecord) -> None:
        staging = record.storage_key or s3.staging_key(
            record.environment, record.document_id, record.file_id
        )
        now = self.clock()
        staged = await s3.staged(staging)
        if staged is None:
            if now > record.url_expires_at + SETTLE_GRACE:
                await self.store.write(lambda tx: tx.expire_upload(record))
            return
        refusal = None
        if staged.size != record.content_length:
            refusal = f"{staged.size} bytes instead of {record.content_length}"
        elif staged.content_type != record.content_type:
            refusal = f"type {staged.content_type!r} instead of {record.content_type!r}"
        elif staged.modified_at > record.url_expires_at + CLOCK_SKEW:
            refusal = "uploaded after its URL expired"
        if refusal is not None:
            log.warning(
                "attachment upload refused: document %s file %s: %s",
                record.document_id,
                record.file_id,
                refusal,
            )
            await s3.delete(staging)
            return
        final = s3.final_key(record.environment, record.document_id, record.file_id)
        try:
            sha256 = await s3.accept(staging, final, staged.etag)
        except ObjectChanged:
            return  # the URL was reused meanwhile; the next settle looks again
        await self.store.write(lambda tx: tx.finish_upload(record, sha256, final, now))
        await s3.delete(staging)
