"""Migration 0004 fills the search columns of documents written before it (both databases)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.storage.sql.migrate import upgrade

# The empty, unmigrated database of each kind that the end-to-end tests start servers on.
from tests.e2e.conftest import server_database  # noqa: F401


async def test_existing_documents_become_searchable(server_database: str) -> None:  # noqa: F811
    upgrade(server_database, "0001")
    engine = create_async_engine(server_database, poolclass=NullPool)
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
    upgrade(server_database)
    async with engine.connect() as connection:
        found = (
            await connection.execute(sa.text("SELECT search_text, city_key FROM documents"))
        ).one()
    await engine.dispose()
    assert found.city_key == "sao paulo"
    assert found.search_text == (
        "0190f000-0000-7000-8000-000000000001 | old-1 | cafe organico | sao paulo"
    )
