"""Measure ``GET /credits/summary`` and the project-size sum: prints milliseconds, no assertions.

Usage: ``.venv/bin/python bench/credit_totals.py [sqlite|postgresql] [certificates]``. Rows are
bulk inserted (certificate documents and their ``certificates`` rows: 2 methodologies, 200
recyclers, two years of issuance, a third sold), then the totals are read in-process through
the HTTP app as an accreditor, and the project-size sum straight from the store.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.api.app import create_app
from massid.bootstrap import build_container
from massid.config import Settings
from massid.domain.ids import uuid7
from massid.storage.sql.tables import certificates, documents, participants

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_database

RECYCLERS = 200
START = datetime(2025, 1, 1, tzinfo=UTC)


def status(n: int) -> str:
    return "CANCELLED" if n % 50 == 0 else "OPEN"


def _rows(count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    docs, rows = [], []
    for n in range(count):
        at = START + timedelta(minutes=n * 1051 % (2 * 365 * 24 * 60))
        document_id = uuid7()
        gas = n % 2 == 0
        type_ = "GasID" if gas else "RecycledID"
        docs.append(
            {
                "id": document_id,
                "environment": "TEST",
                "integrator_id": "i",
                "client_id": "massid-server",
                "category": "Methodology",
                "type": type_,
                "subtype": None,
                "measurement_unit": "kg",
                "status": status(n),
                "current_value": 1000,
                "last_seq": 0,
                "last_event_at": None,
                "external_created_at": at,
                "is_public": False,
                "is_publicly_searchable": False,
                "external_id": None,
                "parent_document_id": None,
                "primary_participant_id": "p",
                "primary_address_id": "a",
                "created_at": at,
                "updated_at": at,
                "body": json.dumps({"id": document_id}),
            }
        )
        rows.append(
            {
                "document_id": document_id,
                "environment": "TEST",
                "methodology": "bold-carbon" if gas else "bold-recycling",
                "type": type_,
                "mass_id_document_id": str(uuid.uuid4()),
                "audit_document_id": str(uuid.uuid4()),
                "recycler_id": f"recycler-{n % RECYCLERS:03d}",
                "mass_mg": 950_000_000 + n,
                "co2e_mg": 417_194_400 if gas else 0,
                "credits_micro": 417_194 if gas else 950_000,
                "issued_at": at,
                "recycled_at": at - timedelta(days=1),
                "sold_in": "order" if n % 3 == 0 else None,
                "status": status(n),
            }
        )
    return docs, rows


async def fill(url: str, count: int) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    docs, rows = _rows(count)
    names = [
        {
            "id": f"recycler-{n:03d}",
            "environment": "TEST",
            "natural_key": f"BR|CNPJ|{n}",
            "data": json.dumps({"name": f"Recycler {n}"}),
            "created_at": START,
        }
        for n in range(RECYCLERS)
    ]
    async with engine.begin() as connection:
        await connection.execute(participants.insert(), names)
        for offset in range(0, count, 5000):
            await connection.execute(documents.insert(), docs[offset : offset + 5000])
            await connection.execute(certificates.insert(), rows[offset : offset + 5000])
    await engine.dispose()


async def median_ms(call: Any, times: int = 7) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


async def main(kind: str, count: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="massid-bench-"))
    async with scratch_database(kind, workdir) as url:
        started = time.perf_counter()
        await fill(url, count)
        print(f"{kind}: inserted {count} certificates in {time.perf_counter() - started:.1f} s")
        if kind == "postgresql":
            engine = create_async_engine(url, poolclass=NullPool)
            async with engine.begin() as connection:
                await connection.execute(sa.text("ANALYZE"))
            await engine.dispose()
        settings = Settings(
            database_url=url,
            data_dir=workdir,
            secret_key="b" * 40,
            log_level="WARNING",
            rate_limit_test=1_000_000,  # measure the query, not the rate limiter
        )
        container = build_container(settings)
        creds = (await container.clients.create("Registry", "TEST", "accreditor")).as_json()
        app = create_app(container=container)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as http:
            token = await http.post(
                "/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=(creds["clientId"], creds["clientSecret"]),
            )
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

            def summary(query: str) -> Any:
                async def call() -> None:
                    response = await http.get(f"/credits/summary{query}", headers=headers)
                    assert response.status_code == 200, response.text

                return call

            print(f"{'case':52} {'median ms':>10}")
            for label, query in (
                ("summary, everything", ""),
                ("summary, methodology=bold-carbon", "?methodology=bold-carbon"),
                ("summary, one month", "?from=2026-03-01&to=2026-04-01"),
            ):
                print(f"{label:52} {await median_ms(summary(query)):10.1f}")

            async def project_size() -> None:
                async with container.store.read() as tx:
                    until = datetime(2026, 6, 1, tzinfo=UTC)
                    await tx.recycler_co2e(
                        "TEST", "recycler-007", until - timedelta(days=365), until
                    )

            label = "project-size sum, one recycler, 12 months"
            print(f"{label:52} {await median_ms(project_size):10.1f}")
        await container.close()


if __name__ == "__main__":
    asyncio.run(
        main(
            sys.argv[1] if len(sys.argv) > 1 else "sqlite",
            int(sys.argv[2]) if len(sys.argv) > 2 else 100_000,
        )
    )
