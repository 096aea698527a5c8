"""Measure ``GET /documents`` on a large table: prints milliseconds per page, no assertions.

Usage: ``.venv/bin/python bench/listing.py [sqlite|postgresql] [documents]``. Rows are bulk
inserted (20 integrators, 4 categories, a few grants), then pages are read in-process
through the HTTP app: first pages, deep pages (via cursors), filters, an auditor, a grantee.
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

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.api.app import create_app
from massid.bootstrap import build_container
from massid.config import Settings
from massid.domain.ids import uuid7
from massid.storage.sql.tables import document_access, documents

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_database

CATEGORIES = ["MassID", "Credit", "Certificate", "Methodology"]
BODY = json.dumps({"category": "MassID", "type": "Organic", "externalCreatedAt": "x"})


async def fill(url: str, count: int, integrators: list[str], partner_key: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for n in range(count):
        at = start + timedelta(seconds=n)
        document_id = uuid7()
        rows.append(
            {
                "id": document_id,
                "environment": "TEST",
                "integrator_id": integrators[n % len(integrators)],
                "client_id": "bench",
                "category": CATEGORIES[n % 4],
                "type": "Organic",
                "subtype": None,
                "measurement_unit": "kg",
                "status": "OPEN",
                "current_value": 1000,
                "last_seq": 0,
                "last_event_at": None,
                "external_created_at": at,
                "is_public": True,
                "is_publicly_searchable": True,
                "external_id": f"ext-{n}",
                "parent_document_id": None,
                "primary_participant_id": "p",
                "primary_address_id": "a",
                "created_at": at,
                "updated_at": at + timedelta(seconds=(n * 7919) % count),
                "body": json.dumps({"id": document_id, **json.loads(BODY)}),
            }
        )
    async with engine.begin() as connection:
        for offset in range(0, count, 5000):
            await connection.execute(documents.insert(), rows[offset : offset + 5000])
        grants = [
            {
                "document_id": row["id"],
                "principal_key": partner_key,
                "can_read": True,
                "can_write": False,
            }
            for row in rows[::50]
        ]
        await connection.execute(document_access.insert(), grants)
    await engine.dispose()


async def timed(
    http: httpx.AsyncClient, headers: dict[str, str], params: dict[str, str], pages: int
) -> tuple[float, float]:
    """Median ms of the first page, and median ms per page over ``pages`` pages."""
    first = []
    for _ in range(5):
        started = time.perf_counter()
        response = await http.get("/documents", params=params, headers=headers)
        first.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    cursor = response.json()["nextCursor"]
    deep = []
    for _ in range(pages):
        if cursor is None:
            break
        started = time.perf_counter()
        response = await http.get(
            "/documents", params={**params, "cursor": cursor}, headers=headers
        )
        deep.append((time.perf_counter() - started) * 1000)
        cursor = response.json()["nextCursor"]
    return statistics.median(first), statistics.median(deep) if deep else 0.0


async def main(kind: str, count: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="massid-bench-"))
    async with scratch_database(kind, workdir) as url:
        settings = Settings(
            database_url=url,
            data_dir=workdir,
            secret_key="b" * 40,
            log_level="WARNING",
            rate_limit_test=1_000_000,  # measure the query, not the rate limiter
        )
        container = build_container(settings)
        owner = await container.clients.create("Owner", "TEST")
        partner = await container.clients.create("Partner", "TEST", participant_key="BR|CNPJ|1")
        auditor = await container.clients.create("Auditor", "TEST", "auditor")
        ids = [owner.record.integrator_id] + [str(uuid.uuid4()) for _ in range(19)]
        started = time.perf_counter()
        await fill(url, count, ids, "BR|CNPJ|1")
        print(f"{kind}: inserted {count} documents in {time.perf_counter() - started:.1f} s")
        if kind == "postgresql":
            engine = create_async_engine(url, poolclass=NullPool)
            async with engine.begin() as connection:
                await connection.execute(sa.text("ANALYZE"))
            await engine.dispose()
        app = create_app(container=container)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as http:
            tokens = {}
            for label, client in (("owner", owner), ("partner", partner), ("auditor", auditor)):
                creds = client.as_json()
                response = await http.post(
                    "/oauth2/token",
                    data={"grant_type": "client_credentials"},
                    auth=(creds["clientId"], creds["clientSecret"]),
                )
                tokens[label] = {"Authorization": f"Bearer {response.json()['access_token']}"}
            cases = [
                ("owner, limit 50", "owner", {"limit": "50"}),
                ("owner, category=MassID", "owner", {"category": "MassID", "limit": "50"}),
                (
                    "owner, updatedAfter (change feed)",
                    "owner",
                    {"updatedAfter": "2026-01-01T00:00:00Z", "limit": "50"},
                ),
                ("owner, externalId", "owner", {"externalId": "ext-40"}),
                ("grantee (own + granted)", "partner", {"limit": "50"}),
                ("auditor, limit 200", "auditor", {"limit": "200"}),
            ]
            print(f"{'case':40} {'first page ms':>14} {'next 20 pages ms/page':>22}")
            for label, who, params in cases:
                first, deep = await timed(http, tokens[who], params, 20)
                print(f"{label:40} {first:14.1f} {deep:22.1f}")
        await container.close()


if __name__ == "__main__":
    asyncio.run(
        main(
            sys.argv[1] if len(sys.argv) > 1 else "sqlite",
            int(sys.argv[2]) if len(sys.argv) > 2 else 100_000,
        )
    )
