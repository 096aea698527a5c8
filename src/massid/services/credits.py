"""``GET /credits/summary``: certified mass, prevented emissions and credits, from the database.

For accreditor and auditor clients of an environment. Figures are SQL aggregates over the
``certificates`` table (live certificates only), per methodology and per recycler; ``from``
(inclusive) and ``to`` (exclusive) select certificates by issuance time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from massid.domain.access import Principal
from massid.domain.clock import format_ts
from massid.domain.errors import Forbidden, ValidationFailed
from massid.methodologies.certificates import CREDIT_SYMBOLS
from massid.methodologies.registry import METHODOLOGIES
from massid.methodologies.rewards import format_decimal
from massid.services.query_params import choice, single_values, timestamp, where
from massid.services.representation import dumps
from massid.storage.ports import CreditTotals, Store

SUMMARY_PARAMS = ("methodology", "from", "to")


def _moment(values: dict[str, str], name: str) -> datetime | None:
    """A timestamp with a zone, or a date (00:00 UTC that day)."""
    value = values.get(name)
    if value is not None and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValidationFailed(
                where(name), "must be a date (2026-01-31) or an ISO 8601 timestamp with a zone"
            ) from None
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return timestamp(values, name)


def _figures(totals: CreditTotals | None) -> dict[str, Any]:
    if totals is None:
        return {
            "certificates": 0,
            "certifiedKg": "0",
            "preventedCo2eKg": "0",
            "creditsIssued": "0",
            "creditsSold": "0",
        }
    return {
        "certificates": totals.certificates,
        "certifiedKg": format_decimal(totals.certified_kg),
        "preventedCo2eKg": format_decimal(totals.prevented_co2e_kg),
        "creditsIssued": format_decimal(totals.credits_issued),
        "creditsSold": format_decimal(totals.credits_sold),
    }


class CreditService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def summary(self, principal: Principal, params: Sequence[tuple[str, str]]) -> str:
        """Totals per methodology and per recycler (JSON), or a 400 naming the parameter."""
        if not (principal.is_accreditor or principal.is_auditor):
            raise Forbidden("credit totals are for accreditor and auditor clients only")
        values = single_values(params, SUMMARY_PARAMS)
        methodology = choice(values, "methodology", tuple(METHODOLOGIES))
        since, until = _moment(values, "from"), _moment(values, "to")
        if since is not None and until is not None and since >= until:
            raise ValidationFailed(where("to"), "must be later than 'from'")
        async with self.store.read() as tx:
            rows = await tx.credit_totals(principal.environment, methodology, since, until)
        by_methodology = {row.methodology: row for row in rows if row.recycler_id is None}
        wanted = [methodology] if methodology else list(METHODOLOGIES)
        return dumps(
            {
                "environment": principal.environment,
                "methodology": methodology,
                "from": format_ts(since) if since else None,
                "to": format_ts(until) if until else None,
                "methodologies": [
                    {
                        "methodology": slug,
                        "certificateType": METHODOLOGIES[slug].certificate_type,
                        "creditSymbol": CREDIT_SYMBOLS[METHODOLOGIES[slug].certificate_type],
                        **_figures(by_methodology.get(slug)),
                    }
                    for slug in wanted
                ],
                "recyclers": [
                    {
                        "methodology": row.methodology,
                        "recyclerId": row.recycler_id,
                        "recyclerName": row.recycler_name,
                        **_figures(row),
                    }
                    for row in rows
                    if row.recycler_id is not None
                ],
            }
        )
