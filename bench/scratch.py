"""A throwaway, migrated database for the in-process benchmarks (dropped afterwards)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.storage.sql.migrate import upgrade

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"


@asynccontextmanager
async def scratch_database(kind: str, folder: Path) -> AsyncIterator[str]:
    """The URL of a new database at the head of the migrations: an SQLite file in ``folder``,
    or a new PostgreSQL database on the local server, dropped on the way out."""
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        upgrade(url)
        yield url
        return
    name = f"massid_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(f"{PG}/postgres", poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        url = f"{PG}/{name}"
        upgrade(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
