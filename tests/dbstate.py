"""The whole database as comparable data: every row of every table, to prove nothing changed."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from massid.storage.sql.tables import metadata


async def snapshot(engine: AsyncEngine) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    async with engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows = (await connection.execute(sa.select(table))).all()
            state[table.name] = sorted(repr(tuple(row)) for row in rows)
    return state
