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


def _totals(
    methodology: str, recycler: str | None, name: str | None, figures: tuple[int, ...]
) -> CreditTotals:
    count, mass, co2e, credits, sold = figures
    return CreditTotals(
        methodology=methodology,
        recycler_id=recycler,
        recycler_name=name,
        certificates=count,
        certified_kg=from_micro(mass),
        prevented_co2e_kg=from_micro(co2e),
        credits_issued=from_micro(credits),
        credits_sold=from_micro(sold),
    )


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
                status=row.status,
            )
        )

    async def get_certificates(
        self, document_ids: Sequence[str], *, lock: bool
    ) -> dict[str, CertificateRow]:
        if not document_ids:
            return {}
        query = (
            sa.select(certificates)
            .where(C.document_id.in_(sorted(set(document_ids))))
            .order_by(C.document_id)
        )
        if lock and self.dialect == "postgresql":
            query = query.with_for_update()
        rows = (await self.connection.execute(query)).all()
        return {row.document_id: _row(row) for row in rows}

    async def sell_certificates(self, document_ids: Sequence[str], order_id: str) -> None:
        if document_ids:
            await self.connection.execute(
                certificates.update()
                .where(C.document_id.in_(sorted(set(document_ids))))
                .values(sold_in=order_id)
            )

    async def cancel_certificates(self, document_ids: Sequence[str]) -> None:
        if document_ids:
            await self.connection.execute(
                certificates.update()
                .where(C.document_id.in_(sorted(set(document_ids))))
                .values(status=CANCELLED)
            )

    async def release_order(self, order_id: str) -> None:
        await self.connection.execute(
            certificates.update().where(C.sold_in == order_id).values(sold_in=None)
        )

    async def recycler_co2e(
        self, environment: str, recycler_id: str, since: datetime, until: datetime
    ) -> Decimal:
        query = sa.select(sa.func.coalesce(sa.func.sum(C.co2e_mg), 0)).where(
            C.environment == environment,
            C.recycler_id == recycler_id,
            C.type == GAS_ID,
            C.recycled_at > since,
            C.recycled_at <= until,
            C.status != CANCELLED,
        )
        return from_micro((await self.connection.execute(query)).scalar_one())

    async def credit_totals(
        self,
        environment: str,
        methodology: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[CreditTotals]:
        """Per (methodology, recycler) sums in one ``GROUP BY``; per methodology, their roll-up."""
        conditions: list[Any] = [C.environment == environment, C.status != CANCELLED]
        if methodology is not None:
            conditions.append(C.methodology == methodology)
        if since is not None:
            conditions.append(C.issued_at >= since)
        if until is not None:
            conditions.append(C.issued_at < until)
        sold = sa.case((C.sold_in.is_not(None), C.credits_micro), else_=0)
        keys = (C.methodology, C.recycler_id)
        query = (
            sa.select(
                *keys,
                sa.func.count().label("certificates"),
                sa.func.sum(C.mass_mg).label("mass"),
                sa.func.sum(C.co2e_mg).label("co2e"),
                sa.func.sum(C.credits_micro).label("credits"),
                sa.func.sum(sold).label("sold"),
            )
            .where(*conditions)
            .group_by(*keys)
            .order_by(*keys)
        )
        rows = (await self.connection.execute(query)).all()
        names = await self._names([row.recycler_id for row in rows])
        recyclers = [
            (
                row.methodology,
                row.recycler_id,
                (int(row.certificates), *(int(v or 0) for v in row[3:])),
            )
            for row in rows
        ]
        sums: dict[str, list[int]] = {}
        for slug, _recycler, figures in recyclers:
            total = sums.setdefault(slug, [0] * len(figures))
            sums[slug] = [a + b for a, b in zip(total, figures, strict=True)]
        totals = [_totals(slug, None, None, tuple(figures)) for slug, figures in sums.items()]
        totals += [
            _totals(slug, recycler, names.get(recycler), figures)
            for slug, recycler, figures in recyclers
        ]
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
        query = sa.select(documents.c.id, documents.c.status).where(
            documents.c.id.in_(sorted(set(document_ids)))
        )
        return {row.id: row.status for row in (await self.connection.execute(query)).all()}
