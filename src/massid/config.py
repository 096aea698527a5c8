"""Typed settings, read from ``MASSID_*`` environment variables.

Nothing here is built at import time: callers construct :class:`Settings` explicitly (the CLI,
the app factory, the tests), so configuration is always visible at the composition root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["TEST", "PROD"]


class Settings(BaseSettings):
    """Every knob of the server; see the configuration table in the README."""

    model_config = SettingsConfigDict(env_prefix="MASSID_", extra="ignore")

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("massid-data")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy async URL; default: SQLite file in data_dir"
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Token signing key; generated and kept in data_dir outside production",
    )
    allow_sqlite_in_production: bool = False
    debug: bool = False

    token_lifetime_seconds: int = Field(default=3600, ge=60, le=86400)
    token_issuer: str = "massid"
    token_audience: str = "api.carrot.eco"

    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_events_per_document: int = Field(default=100, ge=1)
    max_events_per_batch: int = Field(default=500, ge=1)

    db_pool_size: int = Field(
        default=20,
        ge=1,
        description="Connections kept open per process; below the concurrency, overflow churns",
    )
    db_max_overflow: int = Field(default=0, ge=0)
    db_timeout_seconds: float = Field(default=5.0, gt=0)
    db_statement_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        description="PostgreSQL: the longest one statement may wait for an answer before a 503",
    )
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    write_retries: int = Field(default=8, ge=1)

    storage_dir: Path | None = Field(
        default=None, description="Attachment files (local backend); default: data_dir/attachments"
    )
    public_url: str | None = Field(
        default=None, description="Base URL of signed file URLs; default: the request's own"
    )
    attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    attachment_url_ttl_seconds: int = Field(default=900, ge=1, le=604800)
    max_attachments_per_document: int = Field(default=100, ge=1)
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_prefix: str = ""
    public_environment: Environment = Field(
        default="PROD", description="The environment the public API and the Explorer show"
    )
    public_id_salt: SecretStr | None = Field(
        default=None,
        description="Salt of private participants' public hashes; default: from the secret key",
    )
    public_rate_limit_per_minute: int = Field(
        default=120, ge=0, description="Public requests per minute per source address; 0: off"
    )
    verification_review_required: bool = Field(
        default=False,
        description="Rules may answer REVIEW_REQUIRED instead of FAILED where the reference allows",
    )
    verification_strict: bool = Field(
        default=False,
        description="Run the framework-only (strict) checks when a request does not say",
    )

    log_level: str = "INFO"
    log_json: bool = True

    rate_limit_test: int = Field(default=5, ge=1, description="requests/s per TEST client")
    rate_limit_prod: int = Field(default=10, ge=1, description="requests/s per PROD client")
    rate_limit_anonymous: int = Field(
        default=10, ge=1, description="requests/s per source address without a valid token"
    )
    token_rate_limit_per_client: int = Field(default=30, ge=1, description="per minute")
    token_rate_limit_per_address: int = Field(default=60, ge=1, description="per minute")
    redis_url: str | None = Field(default=None, description="shared rate-limit counters")
    redis_prefix: str = "massid:rl:"
    redis_timeout_seconds: float = Field(default=0.5, gt=0)
    redis_retry_seconds: float = Field(default=5.0, gt=0)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to an SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'massid.db').as_posix()}"

    def resolved_storage_dir(self) -> Path:
        """Where the local backend keeps attachment files."""
        return self.storage_dir or self.data_dir / "attachments"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")
