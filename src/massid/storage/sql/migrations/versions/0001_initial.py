"""Initial schema: integrators, clients, participants, addresses, documents, events, access, dedup.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)
Mass = sa.Numeric(38, 10, asdecimal=True)


def upgrade() -> None:
    op.create_table(
        "integrators",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("participant_key", sa.String(300), nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_integrators"),
        sa.UniqueConstraint("name", name="uq_integrators_name"),
    )
    op.create_table(
        "clients",
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("integrator_id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("secret_hash", sa.String(255), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("rate_limit", sa.Integer, nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("disabled_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("client_id", name="pk_clients"),
        sa.ForeignKeyConstraint(
            ["integrator_id"], ["integrators.id"], name="fk_clients_integrator_id_integrators"
        ),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("natural_key", sa.String(300), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
        sa.UniqueConstraint(
            "environment", "natural_key", name="uq_participants_environment_natural_key"
        ),
    )
    op.create_table(
        "addresses",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("content_key", sa.String(64), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_addresses"),
        sa.UniqueConstraint(
            "environment", "content_key", name="uq_addresses_environment_content_key"
        ),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("integrator_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("category", sa.String(255), nullable=False),
        sa.Column("type", sa.String(255), nullable=False),
        sa.Column("subtype", sa.String(255), nullable=True),
        sa.Column("measurement_unit", sa.String(255), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("current_value", Mass, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("last_event_at", Timestamp, nullable=True),
        sa.Column("external_created_at", Timestamp, nullable=False),
        sa.Column("is_public", sa.Boolean, nullable=False),
        sa.Column("is_publicly_searchable", sa.Boolean, nullable=False),
        sa.Column("external_id", sa.String(255), nullable=True),
        sa.Column("parent_document_id", sa.String(36), nullable=True),
        sa.Column("primary_participant_id", sa.String(36), nullable=False),
        sa.Column("primary_address_id", sa.String(36), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    with op.batch_alter_table("documents") as batch:
        batch.create_index(
            "ix_documents_environment_integrator_id_id", ["environment", "integrator_id", "id"]
        )
        batch.create_index(
            "ix_documents_environment_category_type_subtype",
            ["environment", "category", "type", "subtype"],
        )
        batch.create_index("ix_documents_environment_external_id", ["environment", "external_id"])
        batch.create_index("ix_documents_environment_updated_at", ["environment", "updated_at"])
        batch.create_index("ix_documents_parent_document_id", ["parent_document_id"])
        batch.create_index(
            "ix_documents_environment_primary_participant_id",
            ["environment", "primary_participant_id"],
        )
    op.create_table(
        "events",
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("label", sa.String(255), nullable=True),
        sa.Column("external_created_at", Timestamp, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("participant_id", sa.String(36), nullable=False),
        sa.Column("related_document_id", sa.String(36), nullable=True),
        sa.Column("target_document_id", sa.String(36), nullable=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "seq", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_events_document_id_documents"
        ),
        sa.UniqueConstraint("document_id", "id", name="uq_events_document_id_id"),
    )
    with op.batch_alter_table("events") as batch:
        batch.create_index("ix_events_related_document_id", ["related_document_id"])
    op.create_table(
        "document_access",
        sa.Column("document_id", sa.String(36), nullable=False),
        sa.Column("principal_key", sa.String(300), nullable=False),
        sa.Column("can_read", sa.Boolean, nullable=False),
        sa.Column("can_write", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "principal_key", name="pk_document_access"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_document_access_document_id_documents"
        ),
    )
    with op.batch_alter_table("document_access") as batch:
        batch.create_index(
            "ix_document_access_principal_key_document_id", ["principal_key", "document_id"]
        )
    op.create_table(
        "dedup_keys",
        sa.Column("integrator_id", sa.String(36), nullable=False),
        sa.Column("environment", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint(
            "integrator_id", "environment", "kind", "key", name="pk_dedup_keys"
        ),
    )


def downgrade() -> None:
    for table in (
        "dedup_keys",
        "document_access",
        "events",
        "documents",
        "addresses",
        "participants",
        "clients",
        "integrators",
    ):
        op.drop_table(table)
