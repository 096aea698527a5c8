"""End-to-end fixtures: a fresh database of each kind for a real server process."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.conftest import PG_HOST, pg_url, require_service
from tests.e2e.live import Live, credentials_from
from tests.e2e.server import ServerProcess


@asynccontextmanager
async def fresh_database(kind: str, folder: Path) -> AsyncIterator[str]:
    """An empty (unmigrated) database URL of ``kind``, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'e2e.db'}"
        return
    require_service("PostgreSQL", PG_HOST)
    name = f"massid_e2e_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(
        pg_url("postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url(name)
    finally:
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def server_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty (unmigrated) database URL; ``massid serve`` migrates it on start."""
    async with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="package", params=["sqlite", "postgresql"])
async def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Live]:
    """One real ``massid serve`` per database kind, shared by the SDK's end-to-end tests.

    Tokens live 60 s (the minimum), so clients can be made to refresh them quickly."""
    folder = tmp_path_factory.mktemp(f"live-{request.param}")
    async with fresh_database(request.param, folder) as url:
        server = ServerProcess(folder, url, extra_env={"MASSID_TOKEN_LIFETIME_SECONDS": "60"})
        with server:
            client_id, secret = credentials_from(server.output())
            yield Live(server, url, client_id, secret)


@pytest.fixture
async def postgres_database(tmp_path: Path) -> AsyncIterator[str]:
    """An empty PostgreSQL database, for tests of several processes on one database."""
    async with fresh_database("postgresql", tmp_path) as url:
        yield url
