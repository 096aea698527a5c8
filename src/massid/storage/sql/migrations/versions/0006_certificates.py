"""Certificates issued by the server: one indexed row each, for credit totals and sales.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("methodology", sa.String(64), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("mass_id_document_id", sa.String(36), nullable=False),
        sa.Column("audit_document_id", sa.String(36), nullable=False),
        sa.Column("recycler_id", sa.String(36), nullable=False),
        sa.Column("mass_mg", sa.BigInteger, nullable=False),
        sa.Column("co2e_mg", sa.BigInteger, nullable=False),
        sa.Column("credits_micro", sa.BigInteger, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recycled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sold_in", sa.String(36), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_certificates"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_certificates_document_id_documents"
        ),
    )
    with op.batch_alter_table("certificates") as batch:
        # Covering index of GET /credits/summary (its GROUP BY reads the index alone).
        batch.create_index(
            "ix_certificates_totals",
            [
                "environment",
                "methodology",
                "recycler_id",
                "status",
                "issued_at",
                "sold_in",
                "mass_mg",
                "co2e_mg",
                "credits_micro",
            ],
        )
        batch.create_index(
            "ix_certificates_environment_recycler_id_recycled_at",
            ["environment", "recycler_id", "recycled_at"],
        )
        batch.create_index("ix_certificates_sold_in", ["sold_in"])


def downgrade() -> None:
    op.drop_table("certificates")
