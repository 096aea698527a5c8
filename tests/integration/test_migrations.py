"""Alembic builds the schema from empty on both databases, and it matches the code's tables."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.storage.sql.migrate import current_revision, head_revision, upgrade
from massid.storage.sql.tables import metadata
from tests.conftest import PG_HOST, pg_url, require_service


async def _diff(url: str) -> list[object]:
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.connect() as connection:

        def compare(sync: sa.Connection) -> list[object]:
            context = MigrationContext.configure(sync, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))

        diff = await connection.run_sync(compare)
    await engine.dispose()
    return diff


async def _check_from_empty(url: str) -> None:
    assert await current_revision(url) is None
    upgrade(url)
    assert await current_revision(url) == head_revision()
    assert await _diff(url) == []
    upgrade(url)  # idempotent
    assert await current_revision(url) == head_revision()


async def test_sqlite_from_empty(tmp_path: Path) -> None:
    await _check_from_empty(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")


async def test_postgresql_from_empty() -> None:
    require_service("PostgreSQL", PG_HOST)
    name = f"massid_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(
        pg_url("postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        await _check_from_empty(pg_url(name))
    finally:
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.mark.parametrize("table", [t.name for t in metadata.sorted_tables])
def test_every_table_has_a_primary_key(table: str) -> None:
    assert metadata.tables[table].primary_key.columns
