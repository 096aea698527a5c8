"""SQL of the ``attachments`` table: upload requests, finished uploads, lookups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from massid.domain.clock import to_utc
from massid.storage.ports import EXPIRED, PENDING, UPLOADED, AttachmentRecord
from massid.storage.sql.tables import attachments, documents

F = attachments.c


def _record(row: Any) -> AttachmentRecord:
    return AttachmentRecord(
        document_id=row.document_id,
        file_name=row.file_name,
        file_id=row.file_id,
        environment=row.environment,
        status=row.status,
        content_type=row.content_type,
        content_length=int(row.content_length),
        sha256=row.sha256,
        storage_key=row.storage_key,
        client_id=row.client_id,
        requested_at=to_utc(row.requested_at),
        url_expires_at=to_utc(row.url_expires_at),
        uploaded_at=None if row.uploaded_at is None else to_utc(row.uploaded_at),
    )


def _still_pending(record: AttachmentRecord) -> Any:
    return sa.and_(
        F.document_id == record.document_id, F.file_id == record.file_id, F.status == PENDING
    )


# Every GET /documents/{id} lists its files: built once (see store.py), the id bound.
_UPLOADED = (
    sa.select(attachments)
    .where(F.document_id == sa.bindparam("document_id"), F.status == UPLOADED)
    .order_by(F.uploaded_at, F.file_name)
)


class AttachmentQueries:
    """Mixed into the SQL transaction: ``self.connection`` is its open connection."""

    connection: AsyncConnection

    async def _records(self, query: sa.Select[Any]) -> list[AttachmentRecord]:
        return [_record(row) for row in (await self.connection.execute(query)).all()]

    async def get_attachment(self, document_id: str, file_name: str) -> AttachmentRecord | None:
        query = sa.select(attachments).where(F.document_id == document_id, F.file_name == file_name)
        found = await self._records(query)
        return found[0] if found else None

    async def attachment_by_file_id(
        self, document_id: str, file_id: str
    ) -> AttachmentRecord | None:
        query = sa.select(attachments).where(F.document_id == document_id, F.file_id == file_id)
        found = await self._records(query)
        return found[0] if found else None

    async def count_attachments(self, document_id: str) -> int:
        query = sa.select(sa.func.count()).where(F.document_id == document_id)
        return int((await self.connection.execute(query)).scalar_one())

    async def put_attachment(self, record: AttachmentRecord) -> None:
        """Insert a new upload request, or replace the not-yet-uploaded one of that file."""
        values = {
            "file_id": record.file_id,
            "environment": record.environment,
            "status": record.status,
            "content_type": record.content_type,
            "content_length": record.content_length,
            "sha256": None,
            "storage_key": record.storage_key,
            "client_id": record.client_id,
            "requested_at": record.requested_at,
            "url_expires_at": record.url_expires_at,
            "uploaded_at": None,
        }
        updated = await self.connection.execute(
            attachments.update()
            .where(
                F.document_id == record.document_id,
                F.file_name == record.file_name,
                F.status != UPLOADED,
            )
            .values(**values)
        )
        if updated.rowcount == 0:
            await self.connection.execute(
                attachments.insert().values(
                    document_id=record.document_id, file_name=record.file_name, **values
                )
            )

    async def finish_upload(
        self, record: AttachmentRecord, sha256: str, storage_key: str, uploaded_at: datetime
    ) -> bool:
        """Mark the pending upload ``record`` done (and its document changed); False if it was
        not pending any more (another upload with the same URL won, or it was replaced)."""
        done = await self.connection.execute(
            attachments.update()
            .where(_still_pending(record))
            .values(
                status=UPLOADED, sha256=sha256, storage_key=storage_key, uploaded_at=uploaded_at
            )
        )
        if done.rowcount != 1:
            return False
        await self.connection.execute(
            documents.update()
            .where(documents.c.id == record.document_id)
            .values(updated_at=uploaded_at)
        )
        return True

    async def expire_upload(self, record: AttachmentRecord) -> bool:
        result = await self.connection.execute(
            attachments.update().where(_still_pending(record)).values(status=EXPIRED)
        )
        return bool(result.rowcount == 1)

    async def uploaded_attachments(self, document_id: str) -> list[AttachmentRecord]:
        rows = await self.connection.execute(_UPLOADED, {"document_id": document_id})
        return [_record(row) for row in rows.all()]

    async def uploaded_file_names(self, document_id: str, names: Sequence[str]) -> set[str]:
        if not names:
            return set()
        query = sa.select(F.file_name).where(
            F.document_id == document_id,
            F.status == UPLOADED,
            F.file_name.in_(sorted(set(names))),
        )
        return set((await self.connection.execute(query)).scalars())

    async def pending_attachments(
        self, environment: str, document_ids: Sequence[str]
    ) -> list[AttachmentRecord]:
        if not document_ids:
            return []
        query = sa.select(attachments).where(
            F.status == PENDING,
            F.environment == environment,
            F.document_id.in_(sorted(set(document_ids))),
        )
        return await self._records(query)
