"""The SQL implementation of :class:`massid.storage.ports.Store` (documents, events, dedup)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from massid.domain.access import Grant
from massid.domain.clock import to_utc, utc_now
from massid.domain.ids import new_uuid
from massid.domain.timeline import DocumentHead
from massid.domain.uniqueness import KeyParts
from massid.storage.ports import (
    DedupKey,
    DedupRecord,
    DocumentQuery,
    DocumentRef,
    MassIdKeyRow,
    NewDocument,
    NewEvent,
    PublicQuery,
    StoredDocument,
    Tx,
)
from massid.storage.sql import public_queries
from massid.storage.sql.attachments import AttachmentQueries
from massid.storage.sql.credits import CreditQueries
from massid.storage.sql.database import Database
from massid.storage.sql.known_ids import KnownIds
from massid.storage.sql.listing import page_query
from massid.storage.sql.methodology import PART_COLUMNS, MethodologyQueries, key_parts
from massid.storage.sql.statements import (
    DEDUP,
    DEDUP_AND_MASSID_KEY,
    DOCUMENT_TIMELINE,
    FIND_PARTY,
    HEAD_COLUMNS,
    LOCK_DOCUMENT,
    ONE_DOCUMENT,
    SINGLE_APPEND,
    dedup_rows,
    event_row,
    head_update,
)
from massid.storage.sql.tables import (
    addresses,
    dedup_keys,
    document_access,
    documents,
    events,
    participants,
)

T = TypeVar("T")
D = documents.c
A = document_access.c


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else to_utc(value)


def _grant(row: Any) -> Grant | None:
    if getattr(row, "can_read", None) is None:
        return None
    return Grant(can_read=bool(row.can_read), can_write=bool(row.can_write))


def _head(row: Any) -> DocumentHead:
    return DocumentHead(
        id=row.id,
        environment=row.environment,
        integrator_id=row.integrator_id,
        category=row.category,
        type=row.type,
        subtype=row.subtype,
        measurement_unit=row.measurement_unit,
        status=row.status,
        current_value=Decimal(row.current_value).normalize()
        if row.current_value is not None
        else Decimal(0),
        last_seq=row.last_seq,
        last_event_at=_aware(row.last_event_at),
        external_created_at=to_utc(row.external_created_at),
        is_public=bool(row.is_public),
        is_publicly_searchable=bool(row.is_publicly_searchable),
    )


def _stored(row: Any) -> StoredDocument:
    return StoredDocument(
        head=_head(row),
        grant=_grant(row),
        updated_at=to_utc(row.updated_at),
        created_at=to_utc(row.created_at),
        body=row.body,
        client_id=row.client_id,
        parent_document_id=row.parent_document_id,
    )


class SqlTx(AttachmentQueries, MethodologyQueries, CreditQueries, Tx):
    """Repositories over one open transaction."""

    def __init__(
        self, connection: AsyncConnection, dialect: str, known: KnownIds | None = None
    ) -> None:
        self.connection = connection
        self.dialect = dialect
        # (table, environment, key) → id resolved in this transaction: a batch whose events
        # share a participant or address looks it up once, not once per event. Exact for the
        # transaction's life (rows are found or inserted by it, never removed); a retried
        # transaction gets a new SqlTx.
        self._resolved: dict[tuple[str, str, str], str] = {}
        self._known = known if known is not None else KnownIds()

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    async def get_document(
        self, environment: str, document_id: str, principal_key: str | None, *, lock: bool
    ) -> StoredDocument | None:
        query = LOCK_DOCUMENT if lock and self.dialect == "postgresql" else ONE_DOCUMENT
        parameters = {
            "principal_key": principal_key or "",
            "document_id": document_id,
            "environment": environment,
        }
        row = (await self.connection.execute(query, parameters)).first()
        return None if row is None else _stored(row)

    async def get_document_timeline(
        self, environment: str, document_id: str, principal_key: str | None
    ) -> tuple[StoredDocument, str, bool] | None:
        if self.dialect != "postgresql":
            # SQLite reads run in one transaction: both statements see the same snapshot.
            stored = await self.get_document(environment, document_id, principal_key, lock=False)
            if stored is None:
                return None
            return stored, ",".join(await self.list_event_bodies(document_id)), True
        # One statement, one round trip, one snapshot: the row, its bodies joined in order by
        # PostgreSQL (they are stored as returned, so joining them is the whole work) and
        # whether it has uploaded files at all.
        parameters = {
            "principal_key": principal_key or "",
            "document_id": document_id,
            "environment": environment,
        }
        row = (await self.connection.execute(DOCUMENT_TIMELINE, parameters)).first()
        return None if row is None else (_stored(row), row.timeline or "", bool(row.has_files))

    async def list_documents(self, query: DocumentQuery) -> list[StoredDocument]:
        rows = (await self.connection.execute(page_query(query))).all()
        return [_stored(row) for row in rows]

    async def lock_documents(
        self, environment: str, document_ids: Sequence[str], principal_key: str | None
    ) -> dict[str, StoredDocument]:
        found: dict[str, StoredDocument] = {}
        # One by one in id order: concurrent batches lock shared documents in the same order.
        for document_id in sorted(set(document_ids)):
            stored = await self.get_document(environment, document_id, principal_key, lock=True)
            if stored is not None:
                found[document_id] = stored
        return found

    async def document_refs(
        self, environment: str, document_ids: Sequence[str], principal_key: str | None
    ) -> dict[str, DocumentRef]:
        if not document_ids:
            return {}
        query = (
            sa.select(D.id, D.integrator_id, D.client_id, D.category, D.type, D.subtype, A.can_read)
            .add_columns(A.can_write)
            .select_from(
                documents.outerjoin(
                    document_access,
                    sa.and_(A.document_id == D.id, A.principal_key == (principal_key or "")),
                )
            )
        )
        query = query.where(D.environment == environment, D.id.in_(sorted(set(document_ids))))
        rows = (await self.connection.execute(query)).all()
        return {
            row.id: DocumentRef(
                id=row.id,
                integrator_id=row.integrator_id,
                grant=_grant(row),
                category=row.category,
                type=row.type,
                subtype=row.subtype,
                client_id=row.client_id,
            )
            for row in rows
        }

    async def event_exists(self, document_id: str, event_id: str) -> bool:
        query = sa.select(events.c.seq).where(
            events.c.document_id == document_id, events.c.id == event_id
        )
        return (await self.connection.execute(query)).first() is not None

    async def search_public(self, query: PublicQuery) -> list[StoredDocument]:
        rows = (await self.connection.execute(public_queries.public_listing(query))).all()
        return [_stored(row) for row in rows]

    async def public_ids(self, environment: str, document_ids: Sequence[str]) -> set[str]:
        return await public_queries.public_ids(self.connection, environment, document_ids)

    async def list_event_bodies(
        self, document_id: str, after_seq: int = 0, limit: int | None = None
    ) -> list[str]:
        query = (
            sa.select(events.c.body)
            .where(events.c.document_id == document_id, events.c.seq > after_seq)
            .order_by(events.c.seq)
        )
        if limit is not None:
            query = query.limit(limit)
        return list((await self.connection.execute(query)).scalars())

    async def insert_document(self, document: NewDocument) -> None:
        head = document.head
        await self.connection.execute(
            documents.insert().values(
                id=head.id,
                environment=head.environment,
                integrator_id=head.integrator_id,
                client_id=document.client_id,
                category=head.category,
                type=head.type,
                subtype=head.subtype,
                measurement_unit=head.measurement_unit,
                status=head.status,
                current_value=head.current_value,
                last_seq=head.last_seq,
                last_event_at=head.last_event_at,
                external_created_at=head.external_created_at,
                is_public=head.is_public,
                is_publicly_searchable=head.is_publicly_searchable,
                external_id=document.external_id,
                parent_document_id=document.parent_document_id,
                primary_participant_id=document.primary_participant_id,
                primary_address_id=document.primary_address_id,
                created_at=document.created_at,
                updated_at=document.created_at,
                body=document.body,
                **public_queries.search_columns(document.body),
            )
        )

    async def update_heads(self, heads: Sequence[DocumentHead], updated_at: datetime) -> None:
        for head in heads:
            await self.connection.execute(head_update(head, updated_at))

    async def insert_events(self, new_events: Sequence[NewEvent]) -> None:
        if not new_events:
            return
        await self.connection.execute(events.insert(), [event_row(e) for e in new_events])

    async def write_appended(
        self,
        new_events: Sequence[NewEvent],
        heads: Sequence[DocumentHead],
        updated_at: datetime,
        scope: DedupKey,
        records: dict[str, DedupRecord],
        key_rows: Sequence[MassIdKeyRow],
    ) -> None:
        single = len(new_events) == len(heads) == 1 and len(records) <= 1 and len(key_rows) <= 1
        if self.dialect != "postgresql" or not single:
            await self.insert_events(new_events)
            await self.update_heads(heads, updated_at)
            await self.put_dedup(scope, records, updated_at)
            await self.put_massid_keys(key_rows)
            return
        # One event (the single append): its row, the head update, the deduplication key and
        # the MassID key in one statement (writable CTEs) — one round trip instead of four.
        # Same transaction, same constraints: a duplicate key still fails the whole statement.
        head = heads[0]
        parameters: dict[str, Any] = {"head_id": head.id, "head_updated_at": updated_at}
        for name in HEAD_COLUMNS[:-1]:
            parameters[f"head_{name}"] = getattr(head, name)
        for name, value in event_row(new_events[0]).items():
            parameters[f"event_{name}"] = value
        for row in dedup_rows(scope, records, updated_at):
            for name, value in row.items():
                parameters[f"key_{name}"] = value
        for key_row in key_rows:
            parameters["massid_document_id"] = key_row.document_id
            parameters["massid_environment"] = key_row.environment
            parameters["massid_fingerprint"] = key_row.fingerprint
            for name in PART_COLUMNS:
                parameters[f"massid_{name}"] = getattr(key_row.parts, name)
        statement = SINGLE_APPEND[(bool(records), bool(key_rows))]
        await self.connection.execute(statement, parameters)

    async def set_grants(self, document_id: str, grants: dict[str, Grant]) -> None:
        for principal_key, grant in grants.items():
            statement = self._insert(document_access).values(
                document_id=document_id,
                principal_key=principal_key,
                can_read=grant.can_read,
                can_write=grant.can_write,
            )
            statement = statement.on_conflict_do_update(
                index_elements=["document_id", "principal_key"],
                set_={"can_read": grant.can_read, "can_write": grant.can_write},
            )
            await self.connection.execute(statement)

    async def copy_grants(self, source_id: str, target_id: str) -> None:
        rows = (
            await self.connection.execute(
                sa.select(A.principal_key, A.can_read, A.can_write).where(
                    A.document_id == source_id
                )
            )
        ).all()
        await self.set_grants(
            target_id,
            {r.principal_key: Grant(bool(r.can_read), bool(r.can_write)) for r in rows},
        )

    async def _resolve(
        self, table: sa.Table, key_column: str, environment: str, key: str, data: str
    ) -> str:
        memo = (table.name, environment, key)
        known = self._resolved.get(memo) or self._known.get(memo)
        if known is None:
            known = await self._find_or_insert(table, key_column, environment, key, data, memo)
        self._resolved[memo] = known
        return known

    async def _find_or_insert(
        self,
        table: sa.Table,
        key_column: str,
        environment: str,
        key: str,
        data: str,
        memo: tuple[str, str, str],
    ) -> str:
        select = FIND_PARTY[table.name]
        parameters = {"environment": environment, "key": key}
        found = (await self.connection.execute(select, parameters)).scalar()
        if found is not None:
            # Not inserted by this transaction (that would be in ``_resolved``), so committed:
            # safe to remember beyond it. Rows this transaction inserts are not, as it may
            # still roll back.
            self._known.put(memo, str(found))
            return str(found)
        statement = (
            self._insert(table)
            .values(
                id=new_uuid(),
                environment=environment,
                data=data,
                created_at=utc_now(),
                **{key_column: key},
            )
            .on_conflict_do_nothing(index_elements=["environment", key_column])
            .returning(table.c.id)
        )
        inserted = (await self.connection.execute(statement)).scalar()
        if inserted is not None:
            return str(inserted)
        return str((await self.connection.execute(select, parameters)).scalar_one())

    async def resolve_participant(self, environment: str, natural_key: str, data: str) -> str:
        return await self._resolve(participants, "natural_key", environment, natural_key, data)

    async def resolve_address(self, environment: str, content_key: str, data: str) -> str:
        return await self._resolve(addresses, "content_key", environment, content_key, data)

    async def _data(self, table: sa.Table, environment: str, row_id: str) -> str | None:
        query = sa.select(table.c.data).where(
            table.c.id == row_id, table.c.environment == environment
        )
        value = (await self.connection.execute(query)).scalar()
        return None if value is None else str(value)

    async def participant_data(self, environment: str, participant_id: str) -> str | None:
        return await self._data(participants, environment, participant_id)

    async def address_data(self, environment: str, address_id: str) -> str | None:
        return await self._data(addresses, environment, address_id)

    async def get_dedup(self, scope: DedupKey, keys: Sequence[str]) -> dict[str, DedupRecord]:
        if not keys:
            return {}
        parameters = {
            "integrator_id": scope.integrator_id,
            "environment": scope.environment,
            "kind": scope.kind,
            "keys": sorted(set(keys)),
        }
        rows = (await self.connection.execute(DEDUP, parameters)).all()
        return {r.key: DedupRecord(r.fingerprint, r.status_code, r.response) for r in rows}

    async def get_dedup_and_massid_keys(
        self, scope: DedupKey, keys: Sequence[str], document_ids: Sequence[str]
    ) -> tuple[dict[str, DedupRecord], dict[str, KeyParts]]:
        keys, document_ids = sorted(set(keys)), sorted(set(document_ids))
        if self.dialect != "postgresql" or len(keys) != 1 or len(document_ids) != 1:
            found = await self.get_dedup(scope, keys)
            if keys and all(key in found for key in keys):
                return found, {}  # a replay: its MassID keys are not needed
            return found, await self.get_massid_keys(document_ids)
        # Both read after the document lock, in one statement (one snapshot, taken after
        # the lock as the two separate statements' were): one round trip instead of two.
        parameters = {
            "integrator_id": scope.integrator_id,
            "environment": scope.environment,
            "kind": scope.kind,
            "key": keys[0],
            "document_id": document_ids[0],
        }
        row = (await self.connection.execute(DEDUP_AND_MASSID_KEY, parameters)).one()
        found = {}
        if row.key is not None:
            found[row.key] = DedupRecord(row.fingerprint, row.status_code, row.response)
        parts = {}
        if row.massid_document_id is not None:
            parts[row.massid_document_id] = key_parts(row)
        return found, parts

    async def put_dedup(
        self, scope: DedupKey, records: dict[str, DedupRecord], created_at: datetime
    ) -> None:
        if not records:
            return
        await self.connection.execute(dedup_keys.insert(), dedup_rows(scope, records, created_at))


class SqlStore:
    """Runs services' work in SQL transactions (see :class:`Database` for retry rules)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.known_ids = KnownIds()

    async def write(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        dialect = self.database.dialect

        async def run(connection: AsyncConnection) -> T:
            return await work(SqlTx(connection, dialect, self.known_ids))

        return await self.database.run_write(run)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        async with self.database.read() as connection:
            yield SqlTx(connection, self.database.dialect)
