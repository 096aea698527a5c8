"""Attachments, and the indexes of document listing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)

LISTING_INDEXES = {
    "ix_documents_environment_updated_at_id": ["environment", "updated_at", "id"],
    "ix_documents_environment_integrator_id_updated_at_id": [
        "environment",
        "integrator_id",
        "updated_at",
        "id",
    ],
    "ix_documents_environment_integrator_id_created_at": [
        "environment",
        "integrator_id",
        "created_at",
    ],
    "ix_documents_environment_integrator_id_category_type_id": [
        "environment",
        "integrator_id",
        "category",
        "type",
        "id",
    ],
}


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("content_length", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("storage_key", sa.String(512), nullable=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("requested_at", Timestamp, nullable=False),
        sa.Column("url_expires_at", Timestamp, nullable=False),
        sa.Column("uploaded_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("document_id", "file_name", name="pk_attachments"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_attachments_document_id_documents"
        ),
        sa.UniqueConstraint("document_id", "file_id", name="uq_attachments_document_id_file_id"),
    )
    with op.batch_alter_table("attachments") as batch:
        batch.create_index("ix_attachments_status_document_id", ["status", "document_id"])
    with op.batch_alter_table("documents") as batch:
        # Superseded by (environment, updated_at, id), which also serves keyset paging.
        batch.drop_index("ix_documents_environment_updated_at")
        for name, columns in LISTING_INDEXES.items():
            batch.create_index(name, columns)


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        for name in LISTING_INDEXES:
            batch.drop_index(name)
        batch.create_index("ix_documents_environment_updated_at", ["environment", "updated_at"])
    op.drop_table("attachments")
