"""Store many events fast, for the scale figures: copies of a real MassID, made in SQL.

Documents are copied from a template MassID created through the API (new ids, same columns),
and each copy gets the template's 100 event rows (new event ids), so the rows are exactly
what the server writes (src/massid/storage/sql/tables.py), only without going through it.
"""

from __future__ import annotations

import asyncpg

from massid.storage.sql.tables import documents, events

CHUNK = 1000  # documents (100 000 events) per statement


async def fill_events(dsn: str, template_id: str, target: int) -> int:
    """Add copies of ``template_id`` until the events table holds about ``target`` rows."""
    doc_columns = [c.name for c in documents.columns]
    event_columns = [c.name for c in events.columns]
    copied = ", ".join("gen_random_uuid()::text" if c == "id" else c for c in doc_columns)
    event_select = ", ".join(
        {"document_id": "d.id", "id": "md5(d.id || e.seq::text)"}.get(c, f"e.{c}")
        for c in event_columns
    )
    connection = await asyncpg.connect(dsn)
    try:
        per_document = await connection.fetchval(
            "SELECT count(*) FROM events WHERE document_id = $1", template_id
        )
        assert per_document == 100, per_document
        stored = int(await connection.fetchval("SELECT count(*) FROM events"))
        while stored < target:
            count = min(CHUNK, -(-(target - stored) // per_document))
            async with connection.transaction():
                ids = await connection.fetch(
                    f"INSERT INTO documents ({', '.join(doc_columns)}) SELECT {copied} "
                    "FROM documents, generate_series(1, $2) WHERE id = $1 RETURNING id",
                    template_id,
                    count,
                )
                await connection.execute(
                    f"INSERT INTO events ({', '.join(event_columns)}) SELECT {event_select} "
                    "FROM unnest($1::text[]) AS d(id) "
                    "CROSS JOIN (SELECT * FROM events WHERE document_id = $2) AS e",
                    [row["id"] for row in ids],
                    template_id,
                )
            stored += count * per_document
        await connection.execute("ANALYZE documents")
        await connection.execute("ANALYZE events")
        return int(await connection.fetchval("SELECT count(*) FROM events"))
    finally:
        await connection.close()
