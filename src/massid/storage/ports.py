"""What the services need from storage, as protocols; ``storage/sql`` implements them.

A :class:`Store` runs work inside one transaction (:meth:`Store.write` commits or retries it;
:meth:`Store.read` sees committed data). A :class:`Tx` is the repository surface bound to
that one transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, TypeVar

from massid.domain.access import DocumentFacts, Grant
from massid.domain.timeline import DocumentHead
from massid.domain.uniqueness import KeyParts

T = TypeVar("T")


@dataclass(slots=True)
class StoredDocument:
    head: DocumentHead
    grant: Grant | None
    updated_at: datetime
    created_at: datetime
    body: str
    client_id: str
    parent_document_id: str | None

    @property
    def facts(self) -> DocumentFacts:
        head = self.head
        return DocumentFacts(
            head.integrator_id, self.grant, self.client_id, head.category, head.type
        )


@dataclass(slots=True)
class NewDocument:
    head: DocumentHead
    client_id: str
    external_id: str | None
    parent_document_id: str | None
    primary_participant_id: str
    primary_address_id: str
    created_at: datetime
    body: str


@dataclass(slots=True)
class NewEvent:
    document_id: str
    seq: int
    id: str
    name: str
    label: str | None
    external_created_at: datetime
    created_at: datetime
    participant_id: str
    related_document_id: str | None
    target_document_id: str | None
    body: str


@dataclass(frozen=True, slots=True)
class DedupRecord:
    fingerprint: str
    status_code: int
    response: str


@dataclass(frozen=True, slots=True)
class DedupKey:
    integrator_id: str
    environment: str
    kind: str


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Enough of a document to check a reference to it (existence, visibility)."""

    id: str
    integrator_id: str
    grant: Grant | None
    category: str
    type: str
    subtype: str | None
    client_id: str

    @property
    def facts(self) -> DocumentFacts:
        return DocumentFacts(
            self.integrator_id, self.grant, self.client_id, self.category, self.type
        )


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """One page of ``GET /documents``: who asks, the filters, and where the last page ended.

    ``integrator_id`` is None for an auditor (every document of the environment);
    ``certificates`` adds the server's certificates of the environment (accreditors). Pages are
    ordered by ``id``, or by ``(updated_at, id)`` when ``updated_after`` is set; ``after_id``
    and ``after_updated_at`` are the sort key of the last item already returned.
    """

    environment: str
    integrator_id: str | None
    participant_key: str | None
    limit: int
    category: str | None = None
    type: str | None = None
    subtype: str | None = None
    status: str | None = None
    external_id: str | None = None
    created_after: datetime | None = None
    updated_after: datetime | None = None
    after_id: str | None = None
    after_updated_at: datetime | None = None
    certificates: bool = False


PENDING = "PENDING"
UPLOADED = "UPLOADED"
EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    """A file of a document: requested (PENDING), stored (UPLOADED), or never sent (EXPIRED)."""

    document_id: str
    file_name: str
    file_id: str
    environment: str
    status: str
    content_type: str
    content_length: int
    sha256: str | None
    storage_key: str | None
    client_id: str
    requested_at: datetime
    url_expires_at: datetime
    uploaded_at: datetime | None


@dataclass(frozen=True, slots=True)
class PublicQuery:
    """A page of the public search: normalised terms and filters, newest first."""

    environment: str
    terms: tuple[str, ...] = ()
    category: str | None = None
    type: str | None = None
    subtype: str | None = None
    city_key: str | None = None
    before_id: str | None = None
    limit: int = 20


@dataclass(slots=True)
class LoadedDocument:
    """A document with its timeline, for the methodology graph."""

    id: str
    body: str
    event_bodies: list[str]
    status: str
    current_value: Decimal
    author_role: str | None  # the writing client's role; "server" for server-written ones
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MassIdKeyRow:
    document_id: str
    environment: str
    parts: KeyParts
    fingerprint: str | None


class MethodologyReads(Protocol):
    """What verification reads and writes besides documents and events."""

    async def get_massid_keys(self, document_ids: Sequence[str]) -> dict[str, KeyParts]: ...

    async def put_massid_keys(self, rows: Sequence[MassIdKeyRow]) -> None: ...

    async def find_duplicates(
        self, environment: str, fingerprint: str, exclude_id: str, principal_key: str | None
    ) -> list[DocumentRef]: ...

    async def find_accreditations(
        self, environment: str, participant_ids: Sequence[str]
    ) -> list[LoadedDocument]: ...

    async def find_definition(self, environment: str, slug: str) -> LoadedDocument | None: ...

    async def linked_documents(
        self, environment: str, document_ids: Sequence[str], types: Sequence[str]
    ) -> list[LoadedDocument]: ...

    async def list_audits(self, document_id: str) -> list[LoadedDocument]: ...

    async def find_participant(self, environment: str, natural_key: str) -> str | None: ...

    async def find_address(self, environment: str, content_key: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """A certificate's figures as the ``certificates`` table holds them (exact to 1e-6)."""

    document_id: str
    environment: str
    methodology: str
    type: str
    mass_id_document_id: str
    audit_document_id: str
    recycler_id: str
    mass_kg: Decimal
    co2e_kg: Decimal
    credits: Decimal
    issued_at: datetime
    recycled_at: datetime | None
    sold_in: str | None = None
    status: str = "OPEN"


@dataclass(frozen=True, slots=True)
class CreditTotals:
    """Aggregates of live certificates: one methodology, or one recycler within it."""

    methodology: str
    recycler_id: str | None
    recycler_name: str | None
    certificates: int
    certified_kg: Decimal
    prevented_co2e_kg: Decimal
    credits_issued: Decimal
    credits_sold: Decimal


class CreditStore(Protocol):
    """Certificates issued, their sales to credit orders, and totals."""

    async def insert_certificate(self, row: CertificateRow) -> None: ...

    async def get_certificates(
        self, document_ids: Sequence[str], *, lock: bool
    ) -> dict[str, CertificateRow]: ...

    async def sell_certificates(self, document_ids: Sequence[str], order_id: str) -> None: ...

    async def cancel_certificates(self, document_ids: Sequence[str]) -> None: ...

    async def release_order(self, order_id: str) -> None: ...

    async def recycler_co2e(
        self, environment: str, recycler_id: str, since: datetime, until: datetime
    ) -> Decimal: ...

    async def credit_totals(
        self,
        environment: str,
        methodology: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[CreditTotals]: ...

    async def document_statuses(self, document_ids: Sequence[str]) -> dict[str, str]: ...


class PartyStore(Protocol):
    """Shared participants and addresses: resolve (insert-or-select) and read back."""

    async def resolve_participant(self, environment: str, natural_key: str, data: str) -> str: ...

    async def participant_data(self, environment: str, participant_id: str) -> str | None: ...

    async def resolve_address(self, environment: str, content_key: str, data: str) -> str: ...

    async def address_data(self, environment: str, address_id: str) -> str | None: ...


class Tx(MethodologyReads, CreditStore, Protocol):
    """Repositories bound to one transaction."""

    async def list_documents(self, query: DocumentQuery) -> list[StoredDocument]: ...

    async def get_attachment(self, document_id: str, file_name: str) -> AttachmentRecord | None: ...

    async def attachment_by_file_id(
        self, document_id: str, file_id: str
    ) -> AttachmentRecord | None: ...

    async def count_attachments(self, document_id: str) -> int: ...

    async def put_attachment(self, record: AttachmentRecord) -> None: ...

    async def finish_upload(
        self, record: AttachmentRecord, sha256: str, storage_key: str, uploaded_at: datetime
    ) -> bool: ...

    async def expire_upload(self, record: AttachmentRecord) -> bool: ...

    async def uploaded_attachments(self, document_id: str) -> list[AttachmentRecord]: ...

    async def uploaded_file_names(self, document_id: str, names: Sequence[str]) -> set[str]: ...

    async def pending_attachments(
        self, environment: str, document_ids: Sequence[str]
    ) -> list[AttachmentRecord]: ...

    async def get_document(
        self, environment: str, document_id: str, principal_key: str | None, *, lock: bool
    ) -> StoredDocument | None: ...

    async def lock_documents(
        self, environment: str, document_ids: Sequence[str], principal_key: str | None
    ) -> dict[str, StoredDocument]: ...

    async def get_document_timeline(
        self, environment: str, document_id: str, principal_key: str | None
    ) -> tuple[StoredDocument, str, bool] | None:
        """The document, its event bodies in order joined by commas, and whether it may have
        uploaded files (False only when it had none at the moment the events were read)."""
        ...

    async def document_refs(
        self, environment: str, document_ids: Sequence[str], principal_key: str | None
    ) -> dict[str, DocumentRef]: ...

    async def event_exists(self, document_id: str, event_id: str) -> bool: ...

    async def search_public(self, query: PublicQuery) -> list[StoredDocument]: ...

    async def public_ids(self, environment: str, document_ids: Sequence[str]) -> set[str]: ...

    async def list_event_bodies(
        self, document_id: str, after_seq: int = 0, limit: int | None = None
    ) -> list[str]: ...

    async def insert_document(self, document: NewDocument) -> None: ...

    async def update_heads(self, heads: Sequence[DocumentHead], updated_at: datetime) -> None: ...

    async def insert_events(self, events: Sequence[NewEvent]) -> None: ...

    async def set_grants(self, document_id: str, grants: dict[str, Grant]) -> None: ...

    async def copy_grants(self, source_id: str, target_id: str) -> None: ...

    async def resolve_participant(self, environment: str, natural_key: str, data: str) -> str: ...

    async def participant_data(self, environment: str, participant_id: str) -> str | None: ...

    async def resolve_address(self, environment: str, content_key: str, data: str) -> str: ...

    async def address_data(self, environment: str, address_id: str) -> str | None: ...

    async def get_dedup(self, scope: DedupKey, keys: Sequence[str]) -> dict[str, DedupRecord]: ...

    async def get_dedup_and_massid_keys(
        self, scope: DedupKey, keys: Sequence[str], document_ids: Sequence[str]
    ) -> tuple[dict[str, DedupRecord], dict[str, KeyParts]]:
        """``get_dedup`` and ``get_massid_keys`` together (one round trip where it can)."""
        ...

    async def put_dedup(
        self, scope: DedupKey, records: dict[str, DedupRecord], created_at: datetime
    ) -> None: ...

    async def write_appended(
        self,
        events: Sequence[NewEvent],
        heads: Sequence[DocumentHead],
        updated_at: datetime,
        scope: DedupKey,
        records: dict[str, DedupRecord],
        key_rows: Sequence[MassIdKeyRow],
    ) -> None:
        """``insert_events``, ``update_heads``, ``put_dedup`` and ``put_massid_keys``
        together (fewer round trips where the database allows)."""
        ...


class Store(Protocol):
    async def write(self, work: Callable[[Tx], Awaitable[T]]) -> T: ...

    def read(self) -> AbstractAsyncContextManager[Tx]: ...


@dataclass(frozen=True, slots=True)
class ClientRecord:
    client_id: str
    integrator_id: str
    integrator_name: str
    participant_key: str | None
    environment: str
    role: str
    secret_hash: str
    enabled: bool
    rate_limit: int | None
    created_at: datetime


class ClientStore(Protocol):
    async def get_client(self, client_id: str) -> ClientRecord | None: ...

    async def create_client(
        self,
        *,
        integrator_name: str,
        participant_key: str | None,
        client_id: str,
        environment: str,
        role: str,
        secret_hash: str,
    ) -> ClientRecord: ...

    async def list_clients(self) -> list[ClientRecord]: ...

    async def count_clients(self) -> int: ...

    async def set_enabled(self, client_id: str, enabled: bool) -> bool: ...

    async def set_rate_limit(self, client_id: str, rate_limit: int | None) -> bool: ...


@dataclass(frozen=True, slots=True)
class WindowHit:
    """One attempt against a moving window: allowed or not, and the window's state after it."""

    allowed: bool
    count: int
    reset_after: float


class RateWindowUnavailable(Exception):
    """The shared counter store (Redis) cannot be reached; the caller decides how to go on."""


class RateWindow(Protocol):
    """Moving-window counters: at most ``limit`` allowed hits per key in any ``window`` seconds."""

    async def hit(self, key: str, limit: int, window: float) -> WindowHit: ...

    async def healthy(self) -> bool: ...

    async def close(self) -> None: ...


def decimal_or_zero(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)
