"""Table definitions (SQLAlchemy Core). The schema itself is built by Alembic migrations.

Portability (architecture.md): ids come from the application; per-document order is the
primary key ``(document_id, seq)``; every unique key contains ``document_id`` or lives in a
table keyed by itself (participants, addresses, deduplication keys).
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

Timestamp = sa.DateTime(timezone=True)
Mass = sa.Numeric(38, 10, asdecimal=True)

integrators = sa.Table(
    "integrators",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("participant_key", sa.String(300), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
)

clients = sa.Table(
    "clients",
    metadata,
    sa.Column("client_id", sa.String(64), primary_key=True),
    sa.Column("integrator_id", sa.String(36), sa.ForeignKey("integrators.id"), nullable=False),
    sa.Column("environment", sa.String(8), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("secret_hash", sa.String(255), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("rate_limit", sa.Integer, nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("disabled_at", Timestamp, nullable=True),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("environment", sa.String(8), nullable=False),
    sa.Column("natural_key", sa.String(300), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.UniqueConstraint("environment", "natural_key"),
)

addresses = sa.Table(
    "addresses",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("environment", sa.String(8), nullable=False),
    sa.Column("content_key", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.UniqueConstraint("environment", "content_key"),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
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
    # The creation payload with server ids, as returned by GET (JSON text).
    sa.Column("body", sa.Text, nullable=False),
    # Public search (domain/search.py): normalised id, externalId, titles and primary city.
    sa.Column("search_text", sa.Text, nullable=True),
    sa.Column("city_key", sa.String(255), nullable=True),
    sa.Index(None, "environment", "integrator_id", "id"),
    sa.Index(None, "environment", "category", "type", "subtype"),
    sa.Index(None, "environment", "external_id"),
    # Listing (GET /documents): keyset order by id, or by (updated_at, id) with updatedAfter.
    sa.Index(None, "environment", "updated_at", "id"),
    sa.Index(None, "environment", "integrator_id", "updated_at", "id"),
    sa.Index(None, "environment", "integrator_id", "created_at"),
    sa.Index(None, "environment", "integrator_id", "category", "type", "id"),
    sa.Index(None, "parent_document_id"),
    sa.Index(None, "environment", "primary_participant_id"),
    sa.Index(None, "environment", "is_publicly_searchable", "is_public", "id"),
    sa.Index(None, "environment", "city_key", "id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("id", sa.String(32), nullable=False),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("label", sa.String(255), nullable=True),
    sa.Column("external_created_at", Timestamp, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("participant_id", sa.String(36), nullable=False),
    sa.Column("related_document_id", sa.String(36), nullable=True),
    sa.Column("target_document_id", sa.String(36), nullable=True),
    # The event exactly as GET returns it (JSON text), written once.
    sa.Column("body", sa.Text, nullable=False),
    sa.UniqueConstraint("document_id", "id"),
    sa.Index(None, "related_document_id"),
)

document_access = sa.Table(
    "document_access",
    metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("principal_key", sa.String(300), primary_key=True),
    sa.Column("can_read", sa.Boolean, nullable=False),
    sa.Column("can_write", sa.Boolean, nullable=False),
    sa.Index(None, "principal_key", "document_id"),
)

dedup_keys = sa.Table(
    "dedup_keys",
    metadata,
    sa.Column("integrator_id", sa.String(36), primary_key=True),
    sa.Column("environment", sa.String(8), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

attachments = sa.Table(
    "attachments",
    metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("file_name", sa.String(255), primary_key=True),
    # The id of the current upload request, and of the stored file once it is uploaded.
    sa.Column("file_id", sa.String(36), nullable=False),
    sa.Column("environment", sa.String(8), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("content_type", sa.String(255), nullable=False),
    sa.Column("content_length", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=True),
    # Where the backend keeps the bytes: never shown to clients.
    sa.Column("storage_key", sa.String(512), nullable=True),
    sa.Column("client_id", sa.String(64), nullable=False),
    sa.Column("requested_at", Timestamp, nullable=False),
    sa.Column("url_expires_at", Timestamp, nullable=False),
    sa.Column("uploaded_at", Timestamp, nullable=True),
    sa.UniqueConstraint("document_id", "file_id"),
    sa.Index(None, "status", "document_id"),
)

# The uniqueness key of each MassID (domain/uniqueness.py), kept up to date by every append,
# so the uniqueness rule is one indexed lookup by (environment, fingerprint).
massid_keys = sa.Table(
    "massid_keys",
    metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("environment", sa.String(8), nullable=False),
    sa.Column("pick_up_address_id", sa.String(64), nullable=True),
    sa.Column("pick_up_at", sa.String(32), nullable=True),
    sa.Column("plate", sa.String(255), nullable=True),
    sa.Column("drop_off_address_id", sa.String(64), nullable=True),
    sa.Column("drop_off_at", sa.String(32), nullable=True),
    sa.Column("waste_generator_id", sa.String(64), nullable=True),
    sa.Column("recycler_id", sa.String(64), nullable=True),
    sa.Column("fingerprint", sa.String(64), nullable=True),
    sa.Index(None, "environment", "fingerprint"),
)

TOTALS_COLUMNS = (
    "environment",
    "methodology",
    "recycler_id",
    "status",
    "issued_at",
    "sold_in",
    "mass_mg",
    "co2e_mg",
    "credits_micro",
)

# One row per certificate the server issued (RecycledID, GasID), written with it, so credit
# totals and the project-size ceiling are SQL aggregates. Masses, emissions and credits are
# whole millionths (mg, mg CO₂e, micro-credits): exact sums on SQLite and PostgreSQL alike.
# ``status`` follows the certificate document's (the append path updates both when an
# accreditor cancels it); ``sold_in`` is the live credit order holding it.
certificates = sa.Table(
    "certificates",
    metadata,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("environment", sa.String(8), nullable=False),
    sa.Column("methodology", sa.String(64), nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("mass_id_document_id", sa.String(36), nullable=False),
    sa.Column("audit_document_id", sa.String(36), nullable=False),
    sa.Column("recycler_id", sa.String(36), nullable=False),
    sa.Column("mass_mg", sa.BigInteger, nullable=False),
    sa.Column("co2e_mg", sa.BigInteger, nullable=False),
    sa.Column("credits_micro", sa.BigInteger, nullable=False),
    sa.Column("issued_at", Timestamp, nullable=False),
    sa.Column("recycled_at", Timestamp, nullable=True),
    sa.Column("sold_in", sa.String(36), nullable=True),
    sa.Column("status", sa.String(12), nullable=False),
    # Covers GET /credits/summary: its GROUP BY reads this index alone.
    sa.Index("ix_certificates_totals", *TOTALS_COLUMNS),
    sa.Index(None, "environment", "recycler_id", "recycled_at"),
    sa.Index(None, "sold_in"),
)
