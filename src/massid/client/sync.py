"""``Client``: the blocking SDK client (thread-safe; share one per process and credential)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar, Unpack

import httpx

from massid.client.base import ClientBase
from massid.client.engine import GetToken, Outcome, Plan, Send, Sleep
from massid.client.models import NewDocument, NewEvent
from massid.client.responses import (
    BatchCreated,
    Created,
    Document,
    DownloadTarget,
    EventCreated,
    UploadedAttachment,
    Verification,
)
from massid.client.wire import DocumentFilters

T = TypeVar("T")


class Client(ClientBase[httpx.BaseTransport, Callable[[float], None]]):
    """A Carrot-compatible API client with tokens, retries, rate limit and ordering built in.

    Thread-safe: share one per process and credential.
    """

    def _default_sleep(self) -> Callable[[float], None]:
        return time.sleep

    def _connect(self, transport: httpx.BaseTransport | None) -> None:
        self._http = httpx.Client(transport=transport, timeout=self.config.timeout)
        self._token_lock = threading.Lock()

    def create_document(
        self, document: NewDocument | Mapping[str, Any], *, deduplication_id: str | None = None
    ) -> Created:
        """Create a document (``POST /documents``); retried safely under one deduplicationId."""
        return self._drive(self._api.create_document(document, deduplication_id))

    def append_event(
        self,
        document_id: str,
        event: NewEvent | Mapping[str, Any],
        *,
        deduplication_id: str | None = None,
    ) -> EventCreated:
        """Append one event; refused locally if earlier than the last one sent for the document."""
        return self._drive(self._api.append_event(document_id, event, deduplication_id))

    def append_events(
        self, events: Iterable[NewEvent | Mapping[str, Any]], *, document_id: str | None = None
    ) -> BatchCreated:
        """Append events in order, in atomic batches of at most 500 (``POST /documents/events``).

        Each event names its ``documentId``, or ``document_id`` applies to all.
        """
        return self._drive(self._api.append_events(events, document_id))

    def get_document(self, document_id: str) -> Document:
        """Read a document with its status, currentValue and whole timeline."""
        return self._drive(self._api.get_document(document_id))

    def iter_documents(self, **filters: Unpack[DocumentFilters]) -> Iterator[Document]:
        """Every document matching ``filters`` (``GET /documents``), following the cursors."""
        cursor: str | None = None
        while True:
            page = self._drive(self._api.list_documents(filters, cursor))
            yield from page.items
            if not page.nextCursor:
                return
            cursor = page.nextCursor

    def upload_attachment(
        self,
        document_id: str,
        file_name: str,
        data: bytes,
        content_type: str = "application/octet-stream",
    ) -> UploadedAttachment:
        """Upload a file to a document: get a signed upload URL, then PUT the bytes to it."""
        return self._drive(self._api.upload_attachment(document_id, file_name, data, content_type))

    def attachment_url(self, document_id: str, file_name: str) -> DownloadTarget:
        """A short-lived download URL for a document's attachment."""
        return self._drive(self._api.attachment_url(document_id, file_name))

    def verify(
        self,
        document_id: str,
        methodology: str,
        *,
        strict: bool | None = None,
        idempotency_key: str | None = None,
    ) -> Verification:
        """Run a methodology on a stored MassID; the audit (and certificate) are stored."""
        plan = self._api.verify(document_id, methodology, strict, idempotency_key)
        return self._drive(plan)

    def preview(
        self,
        methodology: str,
        document: NewDocument | Mapping[str, Any],
        events: Sequence[NewEvent | Mapping[str, Any]] = (),
        *,
        strict: bool | None = None,
    ) -> Verification:
        """Run a methodology on an unsaved MassID and its events; nothing is stored."""
        return self._drive(self._api.preview(methodology, document, events, strict))

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _drive(self, plan: Plan[T]) -> T:
        outcome: Outcome = None
        while True:
            try:
                step = plan.send(outcome)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            if isinstance(step, Send):
                try:
                    outcome = self._http.send(step.request)
                except httpx.TransportError as error:
                    outcome = error
            elif isinstance(step, Sleep):
                self._sleep(step.seconds)
                outcome = None
            else:
                assert isinstance(step, GetToken)
                outcome = self._token()

    def _token(self) -> str:
        with self._token_lock:
            return self._api.tokens.current() or self._drive(self._api.engine.fetch_token())
