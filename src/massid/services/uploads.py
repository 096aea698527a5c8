"""The local backend's signed file URLs: receiving an upload, serving a download.

Checks run from the cheapest to the costliest, and the body is read only when everything
else is right: the signature, the expiry, the upload still waiting (not used, not replaced),
the declared ``Content-Type`` and ``Content-Length``; then the bytes are counted as they
arrive. A failed attempt leaves the URL usable until it expires; a successful one uses it up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from massid.auth.signing import Signer
from massid.domain.clock import Clock
from massid.domain.errors import (
    Conflict,
    Forbidden,
    NotFound,
    UnsupportedMediaType,
    ValidationFailed,
)
from massid.domain.ids import is_uuid
from massid.services.attachments import file_url_message
from massid.services.representation import attachment_json, dumps
from massid.storage.files.local import LocalFiles, SizeMismatch
from massid.storage.ports import PENDING, UPLOADED, AttachmentRecord, Store, Tx

MISMATCH = "CONTENT_LENGTH_MISMATCH"


@dataclass(frozen=True, slots=True)
class Download:
    path: Path
    content_type: str
    file_name: str


class LocalTransfers:
    def __init__(self, store: Store, clock: Clock, signer: Signer, files: LocalFiles) -> None:
        self.store = store
        self.clock = clock
        self.signer = signer
        self.files = files

    async def _verified(
        self,
        method: str,
        document_id: str,
        file_id: str,
        expires: str | None,
        signature: str | None,
    ) -> AttachmentRecord | None:
        """The file row a signed URL names, after its signature and expiry are checked."""
        if (
            not expires
            or not expires.isdigit()
            or len(expires) > 12
            or not signature
            or not self.signer.verify(
                file_url_message(method, document_id, file_id, int(expires)), signature
            )
        ):
            raise Forbidden(
                "this URL's signature is not valid: use the URL exactly as it was issued",
                reason="INVALID_SIGNATURE",
            )
        if datetime.fromtimestamp(int(expires), UTC) <= self.clock():
            raise Forbidden(
                "this URL has expired; request a new one from the attachments endpoint",
                reason="URL_EXPIRED",
            )
        if not is_uuid(document_id):
            return None
        async with self.store.read() as tx:
            return await tx.attachment_by_file_id(document_id, file_id)

    async def receive(
        self,
        document_id: str,
        file_id: str,
        expires: str | None,
        signature: str | None,
        content_type: str | None,
        content_length: str | None,
        chunks: AsyncIterator[bytes],
    ) -> str:
        """Store an upload sent to a signed URL; the file's description as JSON."""
        record = await self._verified("PUT", document_id, file_id, expires, signature)
        _check_waiting(record)
        assert record is not None
        if (content_type or "").strip() != record.content_type:
            raise UnsupportedMediaType(
                f"Content-Type must be {record.content_type!r} as declared for this file, "
                f"not {content_type!r}"
            )
        if content_length is not None and content_length.strip() != str(record.content_length):
            raise ValidationFailed(
                "/Content-Length",
                f"this URL accepts exactly {record.content_length} bytes, not {content_length}",
                reason=MISMATCH,
            )
        key = self.files.new_key(record.environment, document_id, file_id)
        try:
            sha256 = await self.files.save(key, chunks, record.content_length)
        except SizeMismatch as error:
            got = f"more than {record.content_length}" if error.over else str(error.received)
            raise ValidationFailed(
                "/",
                f"the upload has {got} bytes; this URL accepts exactly "
                f"{record.content_length} bytes (the declared contentLength)",
                reason=MISMATCH,
            ) from None
        now = self.clock()

        async def work(tx: Tx) -> AttachmentRecord | None:
            if await tx.finish_upload(record, sha256, key, now):
                return await tx.attachment_by_file_id(document_id, file_id)
            return None

        done = await self.store.write(work)
        if done is None:
            await self.files.delete(key)
            async with self.store.read() as tx:
                _check_waiting(await tx.attachment_by_file_id(document_id, file_id))
            raise Conflict("UPLOAD_URL_USED", "this upload URL was used meanwhile")
        return dumps(attachment_json(done))

    async def download(
        self, document_id: str, file_id: str, expires: str | None, signature: str | None
    ) -> Download:
        """The stored file a signed download URL names."""
        record = await self._verified("GET", document_id, file_id, expires, signature)
        if record is None or record.status != UPLOADED or record.storage_key is None:
            raise NotFound("no such file")
        return Download(self.files.path(record.storage_key), record.content_type, record.file_name)


def _check_waiting(record: AttachmentRecord | None) -> None:
    """Raise unless ``record`` is an upload still waiting for its bytes."""
    if record is None:
        raise Conflict(
            "UPLOAD_URL_REPLACED",
            "a newer upload URL was issued for this file (or its document is gone); use that one",
        )
    if record.status == UPLOADED:
        raise Conflict(
            "UPLOAD_URL_USED",
            f"this upload URL was already used: {record.file_name!r} is uploaded, and uploaded "
            "files never change",
        )
    if record.status != PENDING:
        raise Forbidden(
            "this URL has expired; request a new one from the attachments endpoint",
            reason="URL_EXPIRED",
        )
