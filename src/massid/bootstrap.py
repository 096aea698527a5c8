"""Composition root: builds the database, stores, services and signer from :class:`Settings`."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from massid import metrics
from massid.auth.signing import Signer
from massid.auth.tokens import TokenSigner
from massid.config import Settings
from massid.domain.clock import Clock, utc_now
from massid.services.attachments import AttachmentLimits, AttachmentService
from massid.services.auth import AuthService
from massid.services.clients import ClientService
from massid.services.credits import CreditService
from massid.services.documents import DocumentService
from massid.services.events import EventService
from massid.services.listing import CursorCodec, ListingService, ListLimits
from massid.services.public import PublicDocumentService
from massid.services.public_verifications import PublicVerifications
from massid.services.ratelimit import Limits, RateLimiter
from massid.services.uploads import LocalTransfers
from massid.services.verification import VerificationService
from massid.storage.files.local import LocalFiles
from massid.storage.files.s3 import S3Files, S3Settings
from massid.storage.ports import RateWindow
from massid.storage.ratelimit.memory import MemoryRateWindow
from massid.storage.ratelimit.redis import RedisRateWindow
from massid.storage.sql.clients import SqlClientStore
from massid.storage.sql.database import Database
from massid.storage.sql.store import SqlStore

SECRET_FILE = "secret_key"
PUBLIC_SALT_LABEL = b"massid public participant id salt v1"
# The placeholder printed in docs/deploy.md: copied as is, it would sign tokens anyone can forge.
PLACEHOLDER_SECRET_KEYS = frozenset({"change-me-to-a-long-random-secret-key-0123456789"})
NEW_KEY_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


class ConfigurationError(Exception):
    """The settings cannot run a server; the message says what to set."""


def production_problems(settings: Settings) -> list[str]:
    """What ``MASSID_ENV=production`` refuses, each with the setting that fixes it."""
    if not settings.is_production:
        return []
    problems: list[str] = []
    key = settings.secret_key.get_secret_value() if settings.secret_key else None
    generated = Path(settings.data_dir) / SECRET_FILE
    if key is None:
        problems.append(
            "MASSID_SECRET_KEY is not set (a generated key is for development only): "
            f"set it to a random value of at least 32 characters, e.g. from: {NEW_KEY_HINT}"
        )
    elif key in PLACEHOLDER_SECRET_KEYS:
        problems.append(
            "MASSID_SECRET_KEY is the documentation's placeholder: "
            f"set it to a random value of your own, e.g. from: {NEW_KEY_HINT}"
        )
    elif generated.is_file() and generated.read_text().strip() == key:
        problems.append(
            f"MASSID_SECRET_KEY is the development key generated in {generated}: "
            f"set it to a new random value, e.g. from: {NEW_KEY_HINT}"
        )
    if settings.is_sqlite and not settings.allow_sqlite_in_production:
        problems.append(
            "MASSID_DATABASE_URL is SQLite: set MASSID_DATABASE_URL="
            "postgresql+asyncpg://USER:PASSWORD@HOST:5432/DATABASE, or set "
            "MASSID_ALLOW_SQLITE_IN_PRODUCTION=true to accept one host on SQLite"
        )
    if settings.debug:
        problems.append("MASSID_DEBUG is on (stack traces go to the log): set MASSID_DEBUG=false")
    return problems


def check_settings(settings: Settings) -> None:
    """Raise :class:`ConfigurationError` naming every setting to change before serving."""
    problems = production_problems(settings)
    if problems:
        raise ConfigurationError(
            "MASSID_ENV=production refuses to start:\n  - " + "\n  - ".join(problems)
        )
    resolve_secret_key(settings)


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


def public_salt(settings: Settings, secret_key: bytes) -> bytes:
    """The salt of private participants' public hashes: configured, or derived from the key."""
    if settings.public_id_salt is not None:
        salt = settings.public_id_salt.get_secret_value().encode()
        if len(salt) < 16:
            raise ConfigurationError("MASSID_PUBLIC_ID_SALT must be at least 16 characters long")
        return salt
    return hmac.new(secret_key, PUBLIC_SALT_LABEL, hashlib.sha256).digest()


def build_database(settings: Settings) -> Database:
    return Database(
        settings.resolved_database_url(),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        timeout_seconds=settings.db_timeout_seconds,
        statement_timeout_seconds=settings.db_statement_timeout_seconds,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        write_retries=settings.write_retries,
    )


def build_s3(settings: Settings) -> S3Files | None:
    """The S3 attachment backend when ``MASSID_S3_BUCKET`` is set, else None (local disk)."""
    if not settings.s3_bucket:
        return None
    secret = settings.s3_secret_access_key
    return S3Files(
        S3Settings(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=secret.get_secret_value() if secret else None,
            prefix=settings.s3_prefix,
        )
    )


def build_rate_limiter(settings: Settings) -> RateLimiter:
    """In-process counters, or Redis counters shared by every process when configured."""
    window: RateWindow = MemoryRateWindow()
    if settings.redis_url:
        window = RedisRateWindow(
            settings.redis_url,
            prefix=settings.redis_prefix,
            timeout_seconds=settings.redis_timeout_seconds,
        )
    limits = Limits(
        test=settings.rate_limit_test,
        prod=settings.rate_limit_prod,
        anonymous=settings.rate_limit_anonymous,
        token_per_client=settings.token_rate_limit_per_client,
        token_per_address=settings.token_rate_limit_per_address,
        public_per_minute=settings.public_rate_limit_per_minute,
    )
    return RateLimiter(
        window,
        limits,
        shared=settings.redis_url is not None,
        retry_seconds=settings.redis_retry_seconds,
        on_failure=metrics.RATELIMIT_BACKEND_FAILURES.inc,
        on_fallback=metrics.RATELIMIT_FALLBACK.inc,
    )


@dataclass
class Container:
    """Everything one server process (or one CLI command) uses, built once."""

    settings: Settings
    database: Database
    clock: Clock
    signer: TokenSigner
    secret: bytes = field(repr=False)
    public_salt: bytes = field(repr=False)
    store: SqlStore = field(init=False)
    client_store: SqlClientStore = field(init=False)
    auth: AuthService = field(init=False)
    clients: ClientService = field(init=False)
    documents: DocumentService = field(init=False)
    events: EventService = field(init=False)
    attachments: AttachmentService = field(init=False)
    transfers: LocalTransfers | None = field(init=False)
    listing: ListingService = field(init=False)
    public: PublicDocumentService = field(init=False)
    verification: VerificationService = field(init=False)
    credits: CreditService = field(init=False)
    rate_limiter: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        settings = self.settings
        self.store = SqlStore(self.database)
        self.client_store = SqlClientStore(self.database)
        self.auth = AuthService(self.client_store, self.signer, self.clock)
        self.clients = ClientService(self.client_store)
        s3 = build_s3(settings)
        local = None if s3 else LocalFiles(settings.resolved_storage_dir())
        url_signer = Signer(self.secret, "file-urls")
        self.attachments = AttachmentService(
            self.store,
            self.clock,
            url_signer,
            AttachmentLimits(
                max_bytes=settings.attachment_max_bytes,
                url_ttl_seconds=settings.attachment_url_ttl_seconds,
                max_per_document=settings.max_attachments_per_document,
            ),
            local=local,
            s3=s3,
        )
        self.transfers = (
            LocalTransfers(self.store, self.clock, url_signer, local) if local else None
        )
        self.documents = DocumentService(self.store, self.clock, self.attachments.settle)
        self.events = EventService(
            self.store,
            self.clock,
            max_events_per_document=settings.max_events_per_document,
            max_batch=settings.max_events_per_batch,
            settle=self.attachments.settle,
        )
        self.listing = ListingService(
            self.store, CursorCodec(Signer(self.secret, "cursors")), ListLimits()
        )
        self.public = PublicDocumentService(
            self.store,
            environment=self.settings.public_environment,
            salt=self.public_salt,
            verifications=PublicVerifications(self.store),
        )
        self.verification = VerificationService(
            self.store,
            self.clock,
            review_required=settings.verification_review_required,
            strict_by_default=settings.verification_strict,
        )
        self.credits = CreditService(self.store)
        self.rate_limiter = build_rate_limiter(self.settings)

    async def close(self) -> None:
        await self.rate_limiter.close()
        await self.database.dispose()


def build_container(settings: Settings, clock: Clock = utc_now) -> Container:
    check_settings(settings)
    secret = resolve_secret_key(settings)
    signer = TokenSigner(
        secret,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        lifetime_seconds=settings.token_lifetime_seconds,
    )
    return Container(
        settings=settings,
        database=build_database(settings),
        clock=clock,
        signer=signer,
        secret=secret,
        public_salt=public_salt(settings, secret),
    )
