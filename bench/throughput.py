"""Sizing figures for docs/deploy.md: requests/s and latency of a real ``massid serve``.

Starts ``massid serve --workers N`` on a fresh database (SQLite file or a new PostgreSQL
database), optionally with Redis rate limits, creates one client whose rate limit is out of
the way, and drives an integrator-like mix from C concurrent loops for D seconds: create a
MassID, append three events one by one, append a batch of two, read the document back.
Prints requests/s, latency percentiles per request kind, and the server processes' memory.

    .venv/bin/python bench/throughput.py --database postgresql --workers 2 --redis
    .venv/bin/python bench/throughput.py --database sqlite --workers 1

The load generator runs on the same machine as the server and takes CPU from it: the figures
are what this machine does with both on it, a floor for a dedicated server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.server import ServerProcess
from tests.e2e.test_quickstart import exports_from, token
from tests.factories import make_document, make_event

PG = os.environ.get("MASSID_TEST_PG", "127.0.0.1:5432")


async def admin_sql(statement: str) -> None:
    """Run one statement as the PostgreSQL superuser (CREATE / DROP DATABASE)."""
    admin = create_async_engine(
        f"postgresql+asyncpg://postgres@{PG}/postgres",
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
    )
    async with admin.connect() as connection:
        await connection.execute(sa.text(statement))
    await admin.dispose()


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (the workers), in MiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


async def drive(
    url: str, headers: dict[str, str], seconds: float, loops: int
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    stop = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:

        async def timed(kind: str, call: object) -> httpx.Response:
            started = time.perf_counter()
            response: httpx.Response = await call  # type: ignore[misc]
            timings.setdefault(kind, []).append(time.perf_counter() - started)
            if response.status_code >= 400:
                errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
            return response

        async def loop() -> None:
            while time.monotonic() < stop:
                created = await timed("create", http.post("/documents", json=make_document()))
                document = created.json()["id"]
                for _ in range(3):
                    await timed(
                        "append", http.post(f"/documents/{document}/events", json=make_event())
                    )
                batch = {"documentId": document, "events": [make_event(), make_event()]}
                await timed("batch", http.post("/documents/events", json=batch))
                await timed("read", http.get(f"/documents/{document}"))

        await asyncio.gather(*(loop() for _ in range(loops)))
    if errors:
        print(f"{len(errors)} errors, first: {errors[0]}")
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def prepare_client(server: ServerProcess, workdir: Path) -> dict[str, str]:
    """The welcome client, its rate limit lifted, and a Bearer header for it."""
    exports = exports_from(server.output())
    update = ["clients", "update", exports["CLIENT_ID"], "--rate", "100000"]
    subprocess.run(
        [sys.executable, "-m", "massid", *update],
        env=server.env,
        cwd=workdir,
        capture_output=True,
        check=True,
    )
    access = token(server.url, exports["CLIENT_ID"], exports["CLIENT_SECRET"])
    return {"Authorization": f"Bearer {access}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="Redis rate-limit counters")
    parser.add_argument("--loops", type=int, default=16, help="concurrent client loops")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="massid-bench-"))
    pg_name = f"massid_bench_{uuid.uuid4().hex[:8]}" if args.database == "postgresql" else None
    if pg_name:
        asyncio.run(admin_sql(f'CREATE DATABASE "{pg_name}"'))
    url = (
        f"postgresql+asyncpg://postgres@{PG}/{pg_name}"
        if pg_name
        else f"sqlite+aiosqlite:///{workdir}/bench.db"
    )
    env = {"MASSID_LOG_LEVEL": "WARNING"}
    if args.redis:
        env["MASSID_REDIS_URL"] = "redis://127.0.0.1:6379/0"
        env["MASSID_REDIS_PREFIX"] = f"bench-{uuid.uuid4().hex[:6]}:"
    server = ServerProcess(workdir, url, extra_env=env, args=["--workers", str(args.workers)])
    try:
        server.start(timeout=60)
        headers = prepare_client(server, workdir)
        asyncio.run(drive(server.url, headers, 3, args.loops))  # warm-up
        started = time.monotonic()
        timings = asyncio.run(drive(server.url, headers, args.seconds, args.loops))
        elapsed = time.monotonic() - started
        assert server.process is not None
        memory = rss_mib(server.process.pid)
    finally:
        server.stop()
        if pg_name:
            asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
    report(args, timings, elapsed, memory)


def report(
    args: argparse.Namespace, timings: dict[str, list[float]], elapsed: float, memory: float
) -> None:
    total = sum(len(values) for values in timings.values())
    limits = "Redis" if args.redis else "in-process"
    events = len(timings["append"]) + 2 * len(timings["batch"])
    print(f"== {args.database}, {args.workers} worker(s), {limits} limits, {args.loops} loops")
    print(
        f"{total / elapsed:8.1f} requests/s over {elapsed:.1f} s "
        f"({len(timings['create']) / elapsed:.1f} MassIDs/s, {events / elapsed:.1f} events/s)"
    )
    for kind, values in timings.items():
        print(
            f"  {kind:7s} n={len(values):6d}  p50 {percentile(values, 0.5):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms  p99 {percentile(values, 0.99):7.1f} ms  "
            f"mean {statistics.mean(values) * 1000:7.1f} ms"
        )
    print(f"  server memory (RSS, all processes): {memory:.0f} MiB")
    print(f"  machine load average (1, 5, 15 min) at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
