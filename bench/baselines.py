"""The ceilings each workload is compared with, measured in the same run on the same machine.

Raw asyncpg against the same PostgreSQL database (one event row per transaction; 100 rows per
transaction with executemany and with COPY; a document and its 100 events read back), raw
aiosqlite in WAL mode with the server's pragmas, and a bare FastAPI app under the same uvicorn
setup. The Python clients run in this process, pinned to the load-generator core.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from bench.harness import Usage

EVENT_COLUMNS = (
    "document_id",
    "seq",
    "id",
    "name",
    "label",
    "external_created_at",
    "created_at",
    "participant_id",
    "related_document_id",
    "target_document_id",
    "body",
)
INSERT = (
    f"INSERT INTO bench_raw_events ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join(f'${n + 1}' for n in range(len(EVENT_COLUMNS)))})"
)


@dataclass
class Rate:
    """Operations per second and per-operation latency from concurrent loops."""

    operations: int
    seconds: float
    p50_ms: float
    p99_ms: float
    client_cpu_ms: float  # CPU of this (client) process per operation
    postgres_cpu_ms: float = 0.0  # CPU of the database's backends per operation (a floor)

    @property
    def rate(self) -> float:
        return self.operations / self.seconds


async def closed_loops(
    seconds: float, concurrency: int, operation: Callable[[int], Awaitable[None]]
) -> Rate:
    """``concurrency`` loops each running ``operation(loop)`` back to back for ``seconds``."""
    timings: list[float] = []
    stop = time.perf_counter() + seconds

    async def loop(index: int) -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            await operation(index)
            timings.append(time.perf_counter() - started)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(loop(index) for index in range(concurrency)))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    ordered = sorted(timings)
    return Rate(
        len(ordered),
        elapsed,
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        1000 * cpu / max(1, len(ordered)),
    )


def event_row(document_id: str, seq: int, body: str) -> tuple[Any, ...]:
    now = datetime.now(UTC)
    return (
        document_id,
        seq,
        uuid.uuid4().hex,
        "Pick-up",
        None,
        now,
        now,
        str(uuid.uuid4()),
        None,
        None,
        body,
    )


class Counter:
    """A document id and next sequence number per loop, so rows never collide."""

    def __init__(self, concurrency: int) -> None:
        self.documents = [str(uuid.uuid4()) for _ in range(concurrency)]
        self.seqs = [0] * concurrency

    def rows(self, loop: int, count: int, body: str) -> list[tuple[Any, ...]]:
        first = self.seqs[loop]
        self.seqs[loop] += count
        return [event_row(self.documents[loop], first + n, body) for n in range(count)]


async def with_postgres_cpu(database: str, measuring: Awaitable[Rate]) -> Rate:
    usage = Usage(os.getpid(), database)
    rate = await measuring
    rate.postgres_cpu_ms = 1000 * usage.done()["postgres"] / max(1, rate.operations)
    return rate


async def asyncpg_baselines(
    dsn: str, body: str, read_ids: list[str], seconds: float, concurrency: int
) -> dict[str, Rate]:
    """Single-row transactions, 100-row transactions (executemany, COPY), document reads."""
    setup = await asyncpg.connect(dsn)
    await setup.execute("DROP TABLE IF EXISTS bench_raw_events")
    await setup.execute("CREATE TABLE bench_raw_events (LIKE events INCLUDING ALL)")
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)
    assert pool is not None
    results: dict[str, Rate] = {}
    try:
        counter = Counter(concurrency)

        async def single(loop: int) -> None:
            async with pool.acquire() as connection:
                await connection.execute(INSERT, *counter.rows(loop, 1, body)[0])

        async def executemany(loop: int) -> None:
            async with pool.acquire() as connection, connection.transaction():
                await connection.executemany(INSERT, counter.rows(loop, 100, body))

        async def copy(loop: int) -> None:
            async with pool.acquire() as connection, connection.transaction():
                await connection.copy_records_to_table(
                    "bench_raw_events",
                    records=counter.rows(loop, 100, body),
                    columns=EVENT_COLUMNS,
                )

        async def read(loop: int) -> None:
            document_id = read_ids[(loop + counter.seqs[loop]) % len(read_ids)]
            counter.seqs[loop] += 1
            async with pool.acquire() as connection:
                await connection.fetchrow("SELECT * FROM documents WHERE id = $1", document_id)
                rows = await connection.fetch(
                    "SELECT body FROM events WHERE document_id = $1 ORDER BY seq", document_id
                )
                assert len(rows) == 100, len(rows)

        database = dsn.rsplit("/", 1)[1]
        for key, operation in (
            ("pg_insert_1", single),
            ("pg_insert_100_executemany", executemany),
            ("pg_insert_100_copy", copy),
            ("pg_select_doc_100", read),
        ):
            measuring = closed_loops(seconds, concurrency, operation)
            results[key] = await with_postgres_cpu(database, measuring)
    finally:
        await pool.close()
        await setup.execute("DROP TABLE IF EXISTS bench_raw_events")
        await setup.close()
    return results


SQLITE_TABLE = """CREATE TABLE bench_raw_events (
    document_id VARCHAR(36) NOT NULL, seq INTEGER NOT NULL, id VARCHAR(32) NOT NULL,
    name VARCHAR(255) NOT NULL, label VARCHAR(255), external_created_at DATETIME NOT NULL,
    created_at DATETIME NOT NULL, participant_id VARCHAR(36) NOT NULL,
    related_document_id VARCHAR(36), target_document_id VARCHAR(36), body TEXT NOT NULL,
    PRIMARY KEY (document_id, seq), UNIQUE (document_id, id))"""


async def aiosqlite_baseline(path: Path, body: str, seconds: float, concurrency: int) -> Rate:
    """One event row per transaction on one WAL connection (the server's pragmas)."""
    connection = await aiosqlite.connect(path)
    await connection.execute("PRAGMA journal_mode = WAL")
    await connection.execute("PRAGMA synchronous = FULL")
    await connection.execute(SQLITE_TABLE)
    await connection.commit()
    insert = INSERT.replace("$", "?")
    for n in range(len(EVENT_COLUMNS), 0, -1):
        insert = insert.replace(f"?{n}", "?")
    lock = asyncio.Lock()  # one writer: transactions on the connection one after another
    counter = Counter(concurrency)

    async def single(loop: int) -> None:
        row = counter.rows(loop, 1, body)[0]
        async with lock:
            await connection.execute(
                insert, [str(v) if isinstance(v, datetime) else v for v in row]
            )
            await connection.commit()

    try:
        return await closed_loops(seconds, concurrency, single)
    finally:
        await connection.close()


def event_body(event: dict[str, Any]) -> str:
    """A stored event body of realistic size: the request's event with server fields."""
    return json.dumps({**event, "id": uuid.uuid4().hex, "participantId": str(uuid.uuid4())})
