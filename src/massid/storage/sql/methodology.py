"""SQL for verification: MassID uniqueness keys and the documents of a methodology graph."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from massid.domain.access import ACCREDITOR, SERVER_CLIENT_ID, Grant
from massid.domain.clock import to_utc
from massid.domain.uniqueness import KeyParts
from massid.storage.ports import DocumentRef, LoadedDocument, MassIdKeyRow
from massid.storage.sql.tables import (
    addresses,
    clients,
    document_access,
    documents,
    events,
    massid_keys,
    participants,
)

D = documents.c
K = massid_keys.c
SERVER_ROLE = "server"
PART_COLUMNS = (
    "pick_up_address_id",
    "pick_up_at",
    "plate",
    "drop_off_address_id",
    "drop_off_at",
    "waste_generator_id",
    "recycler_id",
)

# Built once (every MassID append reads and writes its key): see store.py.
_GET_KEYS = sa.select(massid_keys).where(K.document_id.in_(sa.bindparam("ids", expanding=True)))


def _put_keys(insert: Any) -> Any:
    updated = (*PART_COLUMNS, "fingerprint")
    return insert.on_conflict_do_update(
        index_elements=["document_id"],
        set_={name: insert.excluded[name] for name in updated},
    )


_PUT_KEYS = {
    "postgresql": _put_keys(postgresql.insert(massid_keys)),
    "sqlite": _put_keys(sqlite.insert(massid_keys)),
}


def key_parts(row: Any) -> KeyParts:
    """A MassID's stored key parts from a row with the ``massid_keys`` part columns."""
    return KeyParts(**{name: getattr(row, name) for name in PART_COLUMNS})


def _author_role() -> sa.ColumnElement[Any]:
    return sa.case((D.client_id == SERVER_CLIENT_ID, SERVER_ROLE), else_=clients.c.role)


def _graph_select() -> sa.Select[Any]:
    return sa.select(
        D.id, D.body, D.status, D.current_value, D.created_at, _author_role().label("role")
    ).select_from(documents.outerjoin(clients, clients.c.client_id == D.client_id))


class MethodologyQueries:
    """Mixed into the SQL transaction (``self.connection``, ``self.dialect``)."""

    connection: AsyncConnection
    dialect: str

    async def _load(self, query: sa.Select[Any]) -> list[LoadedDocument]:
        rows = (await self.connection.execute(query)).all()
        if not rows:
            return []
        ids = [row.id for row in rows]
        timeline: dict[str, list[str]] = {document_id: [] for document_id in ids}
        event_rows = await self.connection.execute(
            sa.select(events.c.document_id, events.c.body)
            .where(events.c.document_id.in_(ids))
            .order_by(events.c.document_id, events.c.seq)
        )
        for document_id, body in event_rows:
            timeline[document_id].append(body)
        return [
            LoadedDocument(
                id=row.id,
                body=row.body,
                event_bodies=timeline[row.id],
                status=row.status,
                current_value=Decimal(row.current_value).normalize(),
                author_role=row.role,
                created_at=to_utc(row.created_at),
            )
            for row in rows
        ]

    async def get_massid_keys(self, document_ids: Sequence[str]) -> dict[str, KeyParts]:
        if not document_ids:
            return {}
        ids = sorted(set(document_ids))
        rows = (await self.connection.execute(_GET_KEYS, {"ids": ids})).all()
        return {row.document_id: key_parts(row) for row in rows}

    async def put_massid_keys(self, rows: Sequence[MassIdKeyRow]) -> None:
        if not rows:
            return
        await self.connection.execute(
            _PUT_KEYS[self.dialect],
            [
                {
                    "document_id": row.document_id,
                    "environment": row.environment,
                    "fingerprint": row.fingerprint,
                    **{name: getattr(row.parts, name) for name in PART_COLUMNS},
                }
                for row in rows
            ],
        )

    async def find_duplicates(
        self, environment: str, fingerprint: str, exclude_id: str, principal_key: str | None
    ) -> list[DocumentRef]:
        access = document_access.c
        query = (
            sa.select(D.id, D.integrator_id, D.client_id, D.category, D.type, D.subtype)
            .add_columns(access.can_read)
            .add_columns(access.can_write)
            .select_from(
                massid_keys.join(documents, D.id == K.document_id).outerjoin(
                    document_access,
                    sa.and_(
                        access.document_id == D.id, access.principal_key == (principal_key or "")
                    ),
                )
            )
            .where(
                K.environment == environment,
                K.fingerprint == fingerprint,
                K.document_id != exclude_id,
                D.status != "CANCELLED",
            )
            .order_by(D.id)
        )
        rows = (await self.connection.execute(query)).all()
        return [
            DocumentRef(
                id=row.id,
                integrator_id=row.integrator_id,
                grant=None
                if row.can_read is None
                else Grant(bool(row.can_read), bool(row.can_write)),
                category=row.category,
                type=row.type,
                subtype=row.subtype,
                client_id=row.client_id,
            )
            for row in rows
        ]

    async def find_accreditations(
        self, environment: str, participant_ids: Sequence[str]
    ) -> list[LoadedDocument]:
        if not participant_ids:
            return []
        query = _graph_select().where(
            D.environment == environment,
            D.primary_participant_id.in_(sorted(set(participant_ids))),
            D.category == "Methodology",
            D.type == "Participant Accreditation",
            D.status != "CANCELLED",
            clients.c.role == ACCREDITOR,
        )
        return await self._load(query.order_by(D.id))

    async def find_definition(self, environment: str, slug: str) -> LoadedDocument | None:
        query = _graph_select().where(
            D.environment == environment,
            D.external_id == slug,
            D.category == "Methodology",
            D.type == "Definition",
            D.status != "CANCELLED",
            clients.c.role == ACCREDITOR,
        )
        found = await self._load(query.order_by(D.created_at.desc(), D.id.desc()).limit(1))
        return found[0] if found else None

    async def linked_documents(
        self, environment: str, document_ids: Sequence[str], types: Sequence[str]
    ) -> list[LoadedDocument]:
        if not document_ids:
            return []
        ids = sorted(set(document_ids))
        pointed_to = sa.select(events.c.related_document_id).where(events.c.document_id.in_(ids))
        pointing = sa.select(events.c.document_id).where(events.c.related_document_id.in_(ids))
        query = _graph_select().where(
            D.environment == environment,
            D.category == "Methodology",
            D.type.in_(sorted(set(types))),
            D.id.not_in(ids),
            sa.or_(D.parent_document_id.in_(ids), D.id.in_(pointed_to), D.id.in_(pointing)),
        )
        return await self._load(query.order_by(D.id))

    async def list_audits(self, document_id: str) -> list[LoadedDocument]:
        query = _graph_select().where(
            D.parent_document_id == document_id,
            D.category == "Methodology",
            D.type == "MassID Audit",
            D.client_id == SERVER_CLIENT_ID,
        )
        return await self._load(query.order_by(D.created_at.desc(), D.id.desc()))

    async def _find(self, table: sa.Table, column: str, environment: str, key: str) -> str | None:
        query = sa.select(table.c.id).where(
            table.c.environment == environment, table.c[column] == key
        )
        found = (await self.connection.execute(query)).scalar()
        return None if found is None else str(found)

    async def find_participant(self, environment: str, natural_key: str) -> str | None:
        return await self._find(participants, "natural_key", environment, natural_key)

    async def find_address(self, environment: str, content_key: str) -> str | None:
        return await self._find(addresses, "content_key", environment, content_key)
