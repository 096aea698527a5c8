"""Prebuilt SQL statements of the hot paths (appends, replays, reads) and their row builders.

Building a Core statement per call cost about a sixth of an append's server CPU (py-spy,
bench/inprocess.py), so every statement an append or a read runs is built once here, with its
values bound at execution.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from massid.domain.timeline import DocumentHead
from massid.storage.ports import UPLOADED, DedupKey, DedupRecord, NewEvent
from massid.storage.sql.methodology import PART_COLUMNS
from massid.storage.sql.tables import (
    addresses,
    attachments,
    dedup_keys,
    document_access,
    documents,
    events,
    massid_keys,
    participants,
)

D = documents.c
A = document_access.c

# Statements every append or read runs, built once: building a Core statement per call cost
# about a sixth of an append's server CPU (py-spy, bench/inprocess.py). Values are bound.
ONE_DOCUMENT = (
    sa.select(documents, A.can_read, A.can_write)
    .select_from(
        documents.outerjoin(
            document_access,
            sa.and_(A.document_id == D.id, A.principal_key == sa.bindparam("principal_key")),
        )
    )
    .where(D.id == sa.bindparam("document_id"), D.environment == sa.bindparam("environment"))
)
LOCK_DOCUMENT = ONE_DOCUMENT.with_for_update(of=documents)
TIMELINE = (
    sa.select(
        sa.func.string_agg(
            events.c.body, postgresql.aggregate_order_by(sa.literal_column("','"), events.c.seq)
        )
    )
    .where(events.c.document_id == D.id)
    .scalar_subquery()
    .label("timeline")
)
HAS_FILES = (
    sa.exists()
    .where(attachments.c.document_id == D.id, attachments.c.status == UPLOADED)
    .label("has_files")
)
DOCUMENT_TIMELINE = ONE_DOCUMENT.add_columns(TIMELINE, HAS_FILES)
DEDUP = sa.select(
    dedup_keys.c.key, dedup_keys.c.fingerprint, dedup_keys.c.status_code, dedup_keys.c.response
).where(
    dedup_keys.c.integrator_id == sa.bindparam("integrator_id"),
    dedup_keys.c.environment == sa.bindparam("environment"),
    dedup_keys.c.kind == sa.bindparam("kind"),
    dedup_keys.c.key.in_(sa.bindparam("keys", expanding=True)),
)
NO_ROW = sa.select(sa.literal_column("1").label("one")).subquery("one")
DEDUP_AND_MASSID_KEY = sa.select(
    dedup_keys.c.key,
    dedup_keys.c.fingerprint,
    dedup_keys.c.status_code,
    dedup_keys.c.response,
    massid_keys.c.document_id.label("massid_document_id"),
    *(massid_keys.c[name] for name in PART_COLUMNS),
).select_from(
    NO_ROW.outerjoin(
        dedup_keys,
        sa.and_(
            dedup_keys.c.integrator_id == sa.bindparam("integrator_id"),
            dedup_keys.c.environment == sa.bindparam("environment"),
            dedup_keys.c.kind == sa.bindparam("kind"),
            dedup_keys.c.key == sa.bindparam("key"),
        ),
    ).outerjoin(massid_keys, massid_keys.c.document_id == sa.bindparam("document_id"))
)
HEAD_COLUMNS = (
    "status",
    "current_value",
    "last_seq",
    "last_event_at",
    "is_public",
    "is_publicly_searchable",
    "updated_at",
)
EVENT_COLUMNS = (
    "document_id",
    "seq",
    "id",
    "name",
    "label",
    "external_created_at",
    "created_at",
    "participant_id",
    "related_document_id",
    "target_document_id",
    "body",
)
DEDUP_COLUMNS = (
    "integrator_id",
    "environment",
    "kind",
    "key",
    "fingerprint",
    "status_code",
    "response",
    "created_at",
)


FIND_PARTY = {
    table.name: sa.select(table.c.id).where(
        table.c.environment == sa.bindparam("environment"),
        table.c[key_column] == sa.bindparam("key"),
    )
    for table, key_column in ((participants, "natural_key"), (addresses, "content_key"))
}
MASSID_KEY_COLUMNS = ("document_id", "environment", "fingerprint", *PART_COLUMNS)


def single_append(with_key: bool, with_massid_key: bool) -> Any:
    """One event's row, its document's head and (optionally) its deduplication key and its
    MassID's uniqueness key, as one PostgreSQL statement (writable CTEs)."""
    statement = (
        documents.update()
        .where(D.id == sa.bindparam("head_id"))
        .values({name: sa.bindparam(f"head_{name}") for name in HEAD_COLUMNS})
        .add_cte(
            events.insert()
            .values({name: sa.bindparam(f"event_{name}") for name in EVENT_COLUMNS})
            .cte("new_event")
        )
    )
    if with_key:
        statement = statement.add_cte(
            dedup_keys.insert()
            .values({name: sa.bindparam(f"key_{name}") for name in DEDUP_COLUMNS})
            .cte("new_key")
        )
    if with_massid_key:
        insert = postgresql.insert(massid_keys).values(
            {name: sa.bindparam(f"massid_{name}") for name in MASSID_KEY_COLUMNS}
        )
        upsert = insert.on_conflict_do_update(
            index_elements=["document_id"],
            set_={name: insert.excluded[name] for name in (*PART_COLUMNS, "fingerprint")},
        )
        statement = statement.add_cte(upsert.cte("new_massid_key"))
    return statement


SINGLE_APPEND = {
    (key, massid_key): single_append(key, massid_key)
    for key in (False, True)
    for massid_key in (False, True)
}


def head_update(head: DocumentHead, updated_at: datetime) -> Any:
    return (
        documents.update()
        .where(D.id == head.id)
        .values(
            status=head.status,
            current_value=head.current_value,
            last_seq=head.last_seq,
            last_event_at=head.last_event_at,
            is_public=head.is_public,
            is_publicly_searchable=head.is_publicly_searchable,
            updated_at=updated_at,
        )
    )


def event_row(e: NewEvent) -> dict[str, Any]:
    return {
        "document_id": e.document_id,
        "seq": e.seq,
        "id": e.id,
        "name": e.name,
        "label": e.label,
        "external_created_at": e.external_created_at,
        "created_at": e.created_at,
        "participant_id": e.participant_id,
        "related_document_id": e.related_document_id,
        "target_document_id": e.target_document_id,
        "body": e.body,
    }


def dedup_rows(
    scope: DedupKey, records: dict[str, DedupRecord], created_at: datetime
) -> list[dict[str, Any]]:
    return [
        {
            "integrator_id": scope.integrator_id,
            "environment": scope.environment,
            "kind": scope.kind,
            "key": key,
            "fingerprint": record.fingerprint,
            "status_code": record.status_code,
            "response": record.response,
            "created_at": created_at,
        }
        for key, record in records.items()
    ]
