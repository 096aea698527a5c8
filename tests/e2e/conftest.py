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


@asynccontextmanager
async def fresh_pg_database() -> AsyncIterator[str]:
    """An empty PostgreSQL database of its own, dropped afterwards."""
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
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}"
        return
    async with fresh_pg_database() as url:
        yield url


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """An empty PostgreSQL database, for tests of several processes on one database."""
    async with fresh_pg_database() as url:
        yield url
