"""Measure the public search on N public documents (SQLite file, and PostgreSQL when reachable).

    .venv/bin/python bench/public_search.py [N]

Prints the median and worst time of each kind of query over 20 runs. Not a test: figures only.
"""

from __future__ import annotations

import asyncio
import json
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from massid.domain.ids import uuid7
from massid.domain.timeline import DocumentHead
from massid.services.public import PublicDocumentService, SearchParams
from massid.storage.ports import NewDocument
from massid.storage.sql.database import Database
from massid.storage.sql.store import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scratch import scratch_database

CITIES = ["São Paulo", "Campinas", "Curitiba", "Recife", "Belo Horizonte", "Porto Alegre"]
RUNS = 20


def new_document(index: int, now: datetime) -> NewDocument:
    document_id = uuid7()
    city = CITIES[index % len(CITIES)]
    body = {
        "id": document_id,
        "category": "MassID",
        "type": "Organic",
        "externalId": f"EXT-{index:08d}",
        "title": f"Batch {index} from {city}",
        "primaryAddress": {"city": city, "countryState": "XX", "countryCode": "BR"},
        "createdAt": "2026-01-10T10:00:00.000Z",
    }
    head = DocumentHead(
        document_id,
        "PROD",
        "integrator",
        "MassID",
        "Organic",
        None,
        "kg",
        "OPEN",
        Decimal(1000),
        0,
        None,
        now,
        True,
        index % 10 != 0,
    )
    return NewDocument(head, "client", body["externalId"], None, "p", "a", now, json.dumps(body))


async def fill(store: SqlStore, count: int) -> None:
    now = datetime.now(UTC)
    for start in range(0, count, 1000):

        async def work(tx, start=start):  # type: ignore[no-untyped-def]
            for index in range(start, min(start + 1000, count)):
                await tx.insert_document(new_document(index, now))

        await store.write(work)


async def measure(label: str, url: str, count: int) -> None:
    database = Database(url)
    store = SqlStore(database)
    started = time.perf_counter()
    await fill(store, count)
    print(f"{label}: inserted {count} documents in {time.perf_counter() - started:.1f} s")
    service = PublicDocumentService(store, environment="PROD", salt=b"bench-salt-0123456")
    cases = {
        "first page, no filter": SearchParams(),
        "q one word (city)": SearchParams(q="recife"),
        "q two words, rare": SearchParams(q="batch 12345"),
        "q no match": SearchParams(q="nothing-matches-this"),
        "city filter": SearchParams(city="porto alegre"),
        "page 50 (cursor)": None,
    }
    cursor = None
    for _ in range(49):
        page = await service.search(SearchParams(cursor=cursor))
        cursor = page.next_cursor
    cases["page 50 (cursor)"] = SearchParams(cursor=cursor)
    for name, params in cases.items():
        assert params is not None
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            await service.search(params)
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {name:24s} median {statistics.median(times):7.2f} ms   max {max(times):7.2f} ms")
    await database.dispose()


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with scratch_database("sqlite", Path(folder)) as url:
            await measure("SQLite", url, count)
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        print("PostgreSQL: not reachable at 127.0.0.1:5432, skipped")
        return
    async with scratch_database("postgresql", Path(".")) as url:
        await measure("PostgreSQL", url, count)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
