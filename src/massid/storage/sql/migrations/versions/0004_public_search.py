"""Public search columns on documents: normalised search text and primary city.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from massid.domain.search import search_fields

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("search_text", sa.Text, nullable=True))
        batch.add_column(sa.Column("city_key", sa.String(255), nullable=True))
        batch.create_index(
            "ix_documents_environment_is_publicly_searchable_is_public_id",
            ["environment", "is_publicly_searchable", "is_public", "id"],
        )
        batch.create_index(
            "ix_documents_environment_city_key_id", ["environment", "city_key", "id"]
        )
    _backfill()


def _backfill() -> None:
    """Fill the new columns of documents written before this revision, in id order."""
    documents = sa.table(
        "documents",
        sa.column("id", sa.String),
        sa.column("body", sa.Text),
        sa.column("search_text", sa.Text),
        sa.column("city_key", sa.String),
    )
    connection = op.get_bind()
    last = ""
    while True:
        rows = connection.execute(
            sa.select(documents.c.id, documents.c.body)
            .where(documents.c.id > last)
            .order_by(documents.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            fields = search_fields(json.loads(row.body))
            connection.execute(
                documents.update()
                .where(documents.c.id == row.id)
                .values(search_text=fields.text, city_key=fields.city)
            )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_environment_city_key_id")
        batch.drop_index("ix_documents_environment_is_publicly_searchable_is_public_id")
        batch.drop_column("city_key")
        batch.drop_column("search_text")
