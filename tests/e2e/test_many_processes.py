"""Rate limits and deduplication over real HTTP: one server, two servers, and --workers 2.

Two ``massid serve`` processes share one PostgreSQL database and one Redis: a client
hammering both is allowed its limit in total, not per process, and concurrent twins with one
deduplicationId sent to different processes still make one record.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.bootstrap import build_container
from massid.config import Settings
from tests.conftest import SECRET
from tests.e2e.load import hammer
from tests.e2e.server import ServerProcess
from tests.e2e.test_quickstart import exports_from, token
from tests.factories import make_document

pytestmark = pytest.mark.e2e

DOCUMENTED_LIMITS = {
    "MASSID_RATE_LIMIT_TEST": "5",
    "MASSID_RATE_LIMIT_PROD": "10",
    "MASSID_TOKEN_RATE_LIMIT_PER_CLIENT": "30",
    "MASSID_TOKEN_RATE_LIMIT_PER_ADDRESS": "60",
}


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    import redis.asyncio as aioredis

    prefix = f"massid-e2e-{uuid.uuid4().hex[:8]}:"
    yield prefix
    client = aioredis.Redis.from_url(redis_url)
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


def bearer(server: ServerProcess) -> dict[str, str]:
    exports = exports_from(server.output())
    access = token(server.url, exports["CLIENT_ID"], exports["CLIENT_SECRET"])
    return {"Authorization": f"Bearer {access}"}


def document_url(server: ServerProcess, headers: dict[str, str]) -> str:
    created = httpx.post(f"{server.url}/documents", json=make_document(), headers=headers)
    assert created.status_code == 201, created.text
    return f"/documents/{created.json()['id']}"


async def test_one_server_allows_the_limit_per_second(tmp_path: Path, server_database: str) -> None:
    with ServerProcess(tmp_path, server_database, extra_env=DOCUMENTED_LIMITS) as server:
        headers = bearer(server)
        path = document_url(server, headers)
        await asyncio.sleep(1.01)  # the create above leaves the window
        run = await hammer([server.url + path], headers, seconds=3, loops_per_url=4)
    lower, upper = run.bounds(5, 1)
    print("one server, TEST 5/s:", run.report(5, 1))
    assert lower <= run.allowed <= upper, run.report(5, 1)
    assert {a.status for a in run.attempts} == {200, 429}


@pytest.fixture
def two_servers(
    tmp_path: Path, redis_url: str, redis_prefix: str, request: pytest.FixtureRequest
) -> Iterator[tuple[ServerProcess, ServerProcess, str]]:
    """Two processes on one PostgreSQL database and one Redis (started one after the other,
    so the first one migrates and welcomes, the second finds both done)."""
    database = request.getfixturevalue("postgres_database")
    env = {**DOCUMENTED_LIMITS, "MASSID_REDIS_URL": redis_url, "MASSID_REDIS_PREFIX": redis_prefix}
    first = ServerProcess(tmp_path, database, extra_env=env).start()
    try:
        second = ServerProcess(tmp_path, database, extra_env=env).start()
        try:
            assert "no API client existed" not in second.output()
            yield first, second, database
        finally:
            second.stop()
    finally:
        first.stop()


async def test_two_servers_share_one_limit(
    two_servers: tuple[ServerProcess, ServerProcess, str],
) -> None:
    first, second, _ = two_servers
    headers = bearer(first)
    path = document_url(first, headers)
    await asyncio.sleep(1.01)
    run = await hammer([first.url + path, second.url + path], headers, seconds=3, loops_per_url=3)
    lower, upper = run.bounds(5, 1)
    print("two servers, one Redis, TEST 5/s:", run.report(5, 1))
    assert lower <= run.allowed <= upper, run.report(5, 1)
    for server in (first, second):
        statuses = {a.status for a in run.attempts if a.server.startswith(server.url)}
        assert statuses == {200, 429}, f"{server.url} answered {statuses}"


async def test_twins_sent_to_two_servers_make_one_record(
    two_servers: tuple[ServerProcess, ServerProcess, str],
) -> None:
    first, second, database = two_servers
    container = build_container(Settings(database_url=database, secret_key=SECRET))  # type: ignore[arg-type]
    try:
        created = await container.clients.create("Twins Ltd", "TEST")
        await container.clients.set_rate_limit(created.record.client_id, 1000)
    finally:
        await container.close()
    credentials = created.as_json()
    access = token(first.url, credentials["clientId"], credentials["clientSecret"])
    headers = {"Authorization": f"Bearer {access}"}
    async with httpx.AsyncClient(timeout=30) as http:
        for round_number in range(12):
            payload = make_document(deduplicationId=f"twin-{round_number}")
            answers = await asyncio.gather(
                http.post(f"{first.url}/documents", json=payload, headers=headers),
                http.post(f"{second.url}/documents", json=payload, headers=headers),
            )
            assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
            assert answers[0].content == answers[1].content
            replayed = sorted(a.headers.get("idempotent-replayed", "false") for a in answers)
            assert replayed == ["false", "true"]
    engine = create_async_engine(database, poolclass=NullPool)
    async with engine.connect() as connection:
        count = await connection.scalar(
            sa.text("SELECT count(*) FROM documents WHERE client_id = :id"),
            {"id": credentials["clientId"]},
        )
    await engine.dispose()
    assert count == 12


async def test_workers_share_the_port_the_key_and_the_metrics(
    tmp_path: Path, server_database: str
) -> None:
    with ServerProcess(tmp_path, server_database, secret=None, args=["--workers", "2"]) as server:
        output = server.output()
        assert output.count("no API client existed") == 1
        assert output.count("massid serving on") == 1
        headers = bearer(server)  # a key generated once by the parent, read by both workers
        path = document_url(server, headers)
        sent = 0
        # New connections every time: the workers take turns accepting connections.
        fresh = {**headers, "Connection": "close"}
        async with httpx.AsyncClient(timeout=30) as http:
            for _ in range(20):
                answers = await asyncio.gather(
                    *(http.get(server.url + path, headers=fresh) for _ in range(10))
                )
                assert {a.status_code for a in answers} == {200}
                sent += len(answers)
                if len(worker_pids(server, path)) == 2:
                    break
            assert len(worker_pids(server, path)) == 2, "one worker served every request"
            metrics = (await http.get(f"{server.url}/metrics")).text
    served = next(
        line
        for line in metrics.splitlines()
        if line.startswith("massid_http_requests_total{")
        and 'route="/documents/{documentId}"' in line
        and 'status="200"' in line
    )
    assert float(served.rsplit(" ", 1)[1]) == sent  # both workers' counts, added up


def worker_pids(server: ServerProcess, path: str) -> set[int]:
    pids = set()
    for line in server.output().splitlines():
        if line.startswith("{") and '"route": "/documents/{documentId}"' in line:
            pids.add(json.loads(line)["pid"])
    return pids
