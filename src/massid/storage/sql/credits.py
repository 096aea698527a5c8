"""SQL for certificates and credit orders: the ``certificates`` table and its aggregates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from massid.domain.clock import to_utc
from massid.domain.kinds import GAS_ID
from massid.storage.ports import CertificateRow, CreditTotals
from massid.storage.sql.tables import certificates, documents, participants

C = certificates.c
D = documents.c
CANCELLED = "CANCELLED"


def to_micro(value: Decimal) -> int:
    """Whole millionths, rounded down (an exact integer for SQL sums)."""
    return int(value.scaleb(6).to_integral_value(rounding=ROUND_DOWN))


def from_micro(value: Any) -> Decimal:
    return Decimal(value or 0).scaleb(-6)


def _row(row: Any) -> CertificateRow:
    return CertificateRow(
        document_id=row.document_id,
        environment=row.environment,
        methodology=row.methodology,
        type=row.type,
        mass_id_document_id=row.mass_id_document_id,
        audit_document_id=row.audit_document_id,
        recycler_id=row.recycler_id,
        mass_kg=from_micro(row.mass_mg),
        co2e_kg=from_micro(row.co2e_mg),
        credits=from_micro(row.credits_micro),
        issued_at=to_utc(row.issued_at),
        recycled_at=to_utc(row.recycled_at) if row.recycled_at is not None else None,
        sold_in=row.sold_in,
        status=row.status,
    )


def _live() -> sa.FromClause:
    return certificates.join(documents, D.id == C.document_id)


class CreditQueries:
    """Mixed into the SQL transaction (``self.connection``, ``self.dialect``)."""

    connection: AsyncConnection
    dialect: str

    async def insert_certificate(self, row: CertificateRow) -> None:
        await self.connection.execute(
            certificates.insert().values(
                document_id=row.document_id,
                environment=row.environment,
                methodology=row.methodology,
                type=row.type,
                mass_id_document_id=row.mass_id_document_id,
                audit_document_id=row.audit_document_id,
                recycler_id=row.recycler_id,
                mass_mg=to_micro(row.mass_kg),
                co2e_mg=to_micro(row.co2e_kg),
                credits_micro=to_micro(row.credits),
                issued_at=row.issued_at,
                recycled_at=row.recycled_at,
                sold_in=row.sold_in,
            )
        )

    async def get_certificates(
        self, document_ids: Sequence[str], *, lock: bool
    ) -> dict[str, CertificateRow]:
        if not document_ids:
            return {}
        query = (
            sa.select(certificates, D.status)
            .select_from(_live())
            .where(C.document_id.in_(sorted(set(document_ids))))
            .order_by(C.document_id)
        )
        if lock and self.dialect == "postgresql":
            query = query.with_for_update(of=[documents, certificates])
        rows = (await self.connection.execute(query)).all()
        return {row.document_id: _row(row) for row in rows}

    async def sell_certificates(self, document_ids: Sequence[str], order_id: str) -> None:
        if document_ids:
            await self.connection.execute(
                certificates.update()
                .where(C.document_id.in_(sorted(set(document_ids))))
                .values(sold_in=order_id)
            )

    async def release_order(self, order_id: str) -> None:
        await self.connection.execute(
            certificates.update().where(C.sold_in == order_id).values(sold_in=None)
        )

    async def recycler_co2e(
        self, environment: str, recycler_id: str, since: datetime, until: datetime
    ) -> Decimal:
        query = (
            sa.select(sa.func.coalesce(sa.func.sum(C.co2e_mg), 0))
            .select_from(_live())
            .where(
                C.environment == environment,
                C.recycler_id == recycler_id,
                C.type == GAS_ID,
                C.recycled_at > since,
                C.recycled_at <= until,
                D.status != CANCELLED,
            )
        )
        return from_micro((await self.connection.execute(query)).scalar_one())

    async def credit_totals(
        self,
        environment: str,
        methodology: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[CreditTotals]:
        conditions: list[Any] = [C.environment == environment, D.status != CANCELLED]
        if methodology is not None:
            conditions.append(C.methodology == methodology)
        if since is not None:
            conditions.append(C.issued_at >= since)
        if until is not None:
            conditions.append(C.issued_at < until)
        sold = sa.case((C.sold_in.is_not(None), C.credits_micro), else_=0)
        figures = (
            sa.func.count().label("certificates"),
            sa.func.sum(C.mass_mg).label("mass"),
            sa.func.sum(C.co2e_mg).label("co2e"),
            sa.func.sum(C.credits_micro).label("credits"),
            sa.func.sum(sold).label("sold"),
        )
        totals: list[CreditTotals] = []
        for keys in ((C.methodology,), (C.methodology, C.recycler_id)):
            query = (
                sa.select(*keys, *figures)
                .select_from(_live())
                .where(*conditions)
                .group_by(*keys)
                .order_by(*keys)
            )
            rows = (await self.connection.execute(query)).all()
            names = await self._names([row.recycler_id for row in rows if len(keys) == 2])
            for row in rows:
                recycler = row.recycler_id if len(keys) == 2 else None
                totals.append(
                    CreditTotals(
                        methodology=row.methodology,
                        recycler_id=recycler,
                        recycler_name=names.get(recycler) if recycler else None,
                        certificates=int(row.certificates),
                        certified_kg=from_micro(row.mass),
                        prevented_co2e_kg=from_micro(row.co2e),
                        credits_issued=from_micro(row.credits),
                        credits_sold=from_micro(row.sold),
                    )
                )
        return totals

    async def _names(self, participant_ids: list[str]) -> dict[str, str]:
        if not participant_ids:
            return {}
        query = sa.select(participants.c.id, participants.c.data).where(
            participants.c.id.in_(sorted(set(participant_ids)))
        )
        rows = (await self.connection.execute(query)).all()
        return {row.id: str(json.loads(row.data).get("name", "")) for row in rows}

    async def document_statuses(self, document_ids: Sequence[str]) -> dict[str, str]:
        if not document_ids:
            return {}
        query = sa.select(D.id, D.status).where(D.id.in_(sorted(set(document_ids))))
        return {row.id: row.status for row in (await self.connection.execute(query)).all()}
