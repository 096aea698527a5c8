"""Read queries of the public registry: searchable listing and public-id lookups."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from massid.domain.search import search_fields
from massid.storage.ports import PublicQuery
from massid.storage.sql.tables import documents

D = documents.c
LIKE_ESCAPE = "\\"


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards in the term taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_columns(body: str) -> dict[str, Any]:
    """The search columns of a document, derived from its stored creation body."""
    fields = search_fields(json.loads(body))
    return {"search_text": fields.text, "city_key": fields.city}


def public_listing(query: PublicQuery) -> sa.Select[Any]:
    """Public and publicly searchable documents matching every filter, newest first."""
    statement = sa.select(documents).where(
        D.environment == query.environment,
        D.is_publicly_searchable == sa.true(),
        D.is_public == sa.true(),
    )
    for column, value in (
        (D.category, query.category),
        (D.type, query.type),
        (D.subtype, query.subtype),
        (D.city_key, query.city_key),
    ):
        if value is not None:
            statement = statement.where(column == value)
    for term in query.terms:
        statement = statement.where(D.search_text.like(like_pattern(term), escape=LIKE_ESCAPE))
    if query.before_id is not None:
        statement = statement.where(D.id < query.before_id)
    return statement.order_by(D.id.desc()).limit(query.limit)


async def public_ids(
    connection: AsyncConnection, environment: str, document_ids: Sequence[str]
) -> set[str]:
    """Which of ``document_ids`` are public documents of ``environment``."""
    if not document_ids:
        return set()
    statement = sa.select(D.id).where(
        D.environment == environment,
        D.is_public == sa.true(),
        D.id.in_(sorted(set(document_ids))),
    )
    return set((await connection.execute(statement)).scalars())
