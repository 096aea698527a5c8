"""Migration 0004 fills the search columns of documents written before it (both databases)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.storage.sql.migrate import upgrade
from tests.conftest import PG_HOST, pg_url, require_service


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        return
    require_service("PostgreSQL", PG_HOST)
    name = f"massid_m0004_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(
        pg_url("postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield pg_url(name)
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def test_existing_documents_become_searchable(empty_database: str) -> None:
    upgrade(empty_database, "0001")
    engine = create_async_engine(empty_database, poolclass=NullPool)
    now = datetime.now(UTC)
    body = {
        "id": "0190f000-0000-7000-8000-000000000001",
        "externalId": "OLD-1",
        "title": "Café Orgânico",
        "primaryAddress": {"city": "São Paulo"},
    }
    row = {
        "id": body["id"],
        "environment": "PROD",
        "integrator_id": "i",
        "client_id": "c",
        "category": "MassID",
        "type": "Organic",
        "status": "OPEN",
        "current_value": 1,
        "last_seq": 0,
        "external_created_at": now,
        "is_public": True,
        "is_publicly_searchable": True,
        "primary_participant_id": "p",
        "primary_address_id": "a",
        "created_at": now,
        "updated_at": now,
        "body": json.dumps(body),
    }
    columns = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    async with engine.begin() as connection:
        await connection.execute(
            sa.text(f"INSERT INTO documents ({columns}) VALUES ({values})"), row
        )
    upgrade(empty_database)
    async with engine.connect() as connection:
        found = (
            await connection.execute(sa.text("SELECT search_text, city_key FROM documents"))
        ).one()
    await engine.dispose()
    assert found.city_key == "sao paulo"
    assert found.search_text == (
        "0190f000-0000-7000-8000-000000000001 | old-1 | cafe organico | sao paulo"
    )
