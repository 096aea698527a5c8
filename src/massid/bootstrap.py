"""Composition root: builds the database, stores, services and signer from :class:`Settings`."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from massid.auth.tokens import TokenSigner
from massid.config import Settings
from massid.domain.clock import Clock, utc_now
from massid.services.auth import AuthService
from massid.services.clients import ClientService
from massid.services.documents import DocumentService
from massid.services.events import EventService
from massid.services.verification import VerificationService
from massid.storage.sql.clients import SqlClientStore
from massid.storage.sql.database import Database
from massid.storage.sql.store import SqlStore

SECRET_FILE = "secret_key"


class ConfigurationError(Exception):
    """The settings cannot run a server; the message says what to set."""


def resolve_secret_key(settings: Settings) -> bytes:
    """The signing key: configured, or generated once and kept in the data folder (dev only)."""
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value().encode()
        if len(key) < 32:
            raise ConfigurationError("MASSID_SECRET_KEY must be at least 32 characters long")
        return key
    if settings.is_production:
        raise ConfigurationError(
            "MASSID_SECRET_KEY is required when MASSID_ENV=production "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    path = Path(settings.data_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


def build_database(settings: Settings) -> Database:
    return Database(
        settings.resolved_database_url(),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        timeout_seconds=settings.db_timeout_seconds,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        write_retries=settings.write_retries,
    )


@dataclass
class Container:
    """Everything one server process (or one CLI command) uses, built once."""

    settings: Settings
    database: Database
    clock: Clock
    signer: TokenSigner
    store: SqlStore = field(init=False)
    client_store: SqlClientStore = field(init=False)
    auth: AuthService = field(init=False)
    clients: ClientService = field(init=False)
    documents: DocumentService = field(init=False)
    events: EventService = field(init=False)
    verification: VerificationService = field(init=False)

    def __post_init__(self) -> None:
        self.store = SqlStore(self.database)
        self.client_store = SqlClientStore(self.database)
        self.auth = AuthService(self.client_store, self.signer, self.clock)
        self.clients = ClientService(self.client_store)
        self.documents = DocumentService(self.store, self.clock)
        self.events = EventService(
            self.store,
            self.clock,
            max_events_per_document=self.settings.max_events_per_document,
            max_batch=self.settings.max_events_per_batch,
        )
        self.verification = VerificationService(
            self.store, self.clock, review_required=self.settings.verification_review_required
        )

    async def close(self) -> None:
        await self.database.dispose()


def build_container(settings: Settings, clock: Clock = utc_now) -> Container:
    signer = TokenSigner(
        resolve_secret_key(settings),
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        lifetime_seconds=settings.token_lifetime_seconds,
    )
    return Container(
        settings=settings, database=build_database(settings), clock=clock, signer=signer
    )
