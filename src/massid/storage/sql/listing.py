"""The SQL of one page of ``GET /documents``: keyset pagination over visible documents.

Visibility is a union of two index-friendly branches — documents of the caller's integrator,
and documents granted READ to the caller's participant key — each already filtered, past the
cursor, ordered and limited, so a page reads at most ``2 × (limit + 1)`` keys whatever the size
of the table. An auditor's query is the first branch without the integrator condition; an
accreditor's has a third branch, the server's certificates of the environment.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from massid.domain.access import SERVER_CLIENT_ID
from massid.domain.kinds import CERTIFICATE_TYPES, METHODOLOGY
from massid.storage.ports import DocumentQuery
from massid.storage.sql.tables import document_access, documents

D = documents.c
A = document_access.c


def _sort_columns(query: DocumentQuery) -> list[Any]:
    return [D.updated_at, D.id] if query.updated_after is not None else [D.id]


def _conditions(query: DocumentQuery) -> list[Any]:
    conditions: list[Any] = [D.environment == query.environment]
    equal = {
        D.category: query.category,
        D.type: query.type,
        D.subtype: query.subtype,
        D.status: query.status,
        D.external_id: query.external_id,
    }
    conditions += [column == value for column, value in equal.items() if value is not None]
    if query.created_after is not None:
        conditions.append(D.created_at > query.created_after)
    if query.updated_after is not None:
        conditions.append(D.updated_at > query.updated_after)
        if query.after_id is not None and query.after_updated_at is not None:
            conditions.append(
                sa.tuple_(D.updated_at, D.id) > sa.tuple_(query.after_updated_at, query.after_id)
            )
    elif query.after_id is not None:
        conditions.append(D.id > query.after_id)
    return conditions


def page_query(query: DocumentQuery) -> sa.Select[Any]:
    """``SELECT documents.*`` of the page after the cursor, in keyset order, ``limit + 1`` rows."""
    order = _sort_columns(query)
    keys = [D.id, D.updated_at]
    size = query.limit + 1
    own = sa.select(*keys).where(*_conditions(query))
    if query.integrator_id is None:
        branches = [own]
    else:
        own = own.where(D.integrator_id == query.integrator_id)
        branches = [own]
        if query.participant_key:
            granted = (
                sa.select(*keys)
                .select_from(documents.join(document_access, A.document_id == D.id))
                .where(A.principal_key == query.participant_key, A.can_read.is_(True))
                .where(*_conditions(query))
            )
            branches.append(granted)
        if query.certificates:
            issued = sa.select(*keys).where(
                D.client_id == SERVER_CLIENT_ID,
                D.category == METHODOLOGY,
                D.type.in_(CERTIFICATE_TYPES),
                *_conditions(query),
            )
            branches.append(issued)
    limited = [branch.order_by(*order).limit(size).subquery() for branch in branches]
    if len(limited) == 1:
        ids = limited[0]
    else:
        ids = sa.union(*(sa.select(sub.c.id) for sub in limited)).subquery()
    return sa.select(documents).join(ids, ids.c.id == D.id).order_by(*order).limit(size)
