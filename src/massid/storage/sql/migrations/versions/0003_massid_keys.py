"""MassID uniqueness keys: one row per MassID, looked up by (environment, fingerprint).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "massid_keys",
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("pick_up_address_id", sa.String(64), nullable=True),
        sa.Column("pick_up_at", sa.String(32), nullable=True),
        sa.Column("plate", sa.String(255), nullable=True),
        sa.Column("drop_off_address_id", sa.String(64), nullable=True),
        sa.Column("drop_off_at", sa.String(32), nullable=True),
        sa.Column("waste_generator_id", sa.String(64), nullable=True),
        sa.Column("recycler_id", sa.String(64), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("document_id", name="pk_massid_keys"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_massid_keys_document_id_documents"
        ),
    )
    with op.batch_alter_table("massid_keys") as batch:
        batch.create_index("ix_massid_keys_environment_fingerprint", ["environment", "fingerprint"])


def downgrade() -> None:
    op.drop_table("massid_keys")
