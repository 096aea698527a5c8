"""What each SDK call sends and reads back, as plans shared by the sync and async clients.

Every create and append carries a deduplicationId — the caller's, or one generated here once
per call and reused by every retry of it — so a retry can never store a record twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import quote

from massid.client.attachments import upload
from massid.client.batching import chunk_events
from massid.client.config import ClientConfig
from massid.client.engine import Engine, Operation, Plan, token_operation
from massid.client.errors import MassIdError
from massid.client.models import (
    NewDocument,
    NewEvent,
    PreviewRequest,
    VerificationRequest,
)
from massid.client.ordering import OrderGuard
from massid.client.ratelimit import TokenBucket, bucket_for
from massid.client.responses import (
    BatchCreated,
    BatchItem,
    Created,
    Document,
    DocumentPage,
    DownloadTarget,
    EventCreated,
    UploadedAttachment,
    Verification,
)
from massid.client.tokens import TokenCache
from massid.client.wire import (
    DocumentFilters,
    coerce,
    new_deduplication_id,
    parser,
    query_value,
    refuse,
)


class Endpoints:
    """The shared state of one client and a plan per API call; the drivers run the plans."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        bucket: TokenBucket | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.bucket = bucket or bucket_for(config.environment, config.rate_limit, config.burst)
        self.tokens = TokenCache(config.refresh_margin, clock)
        self.guard = OrderGuard()
        self.engine = Engine(
            self.bucket,
            self.tokens,
            config.retry,
            lambda: token_operation(
                config.resolved_token_url, config.client_id, config.client_secret, config.scope
            ),
        )

    def url(self, *segments: str) -> str:
        return self.config.base_url + "/" + "/".join(quote(part, safe="") for part in segments)

    def create_document(
        self, document: NewDocument | Mapping[str, Any], deduplication_id: str | None
    ) -> Plan[Created]:
        body = coerce(NewDocument, document)
        wire = body.wire()
        wire["deduplicationId"] = wire.get("deduplicationId") or (
            deduplication_id or new_deduplication_id()
        )
        created = yield from self.engine.run(
            Operation("POST", self.url("documents"), parser(Created), json=wire)
        )
        self.guard.record([(created.id, body.externalCreatedAt)])
        return created

    def append_event(
        self,
        document_id: str,
        event: NewEvent | Mapping[str, Any],
        deduplication_id: str | None,
    ) -> Plan[EventCreated]:
        body = coerce(NewEvent, event)
        if body.documentId not in (None, document_id):
            raise refuse("/documentId", f"the event names {body.documentId}, not {document_id}")
        wire = body.wire()
        wire.pop("documentId", None)
        wire["deduplicationId"] = wire.get("deduplicationId") or (
            deduplication_id or new_deduplication_id()
        )
        stamp = [(document_id, body.externalCreatedAt)]
        if self.config.check_order:
            self.guard.check(stamp)
        operation = Operation(
            "POST",
            self.url("documents", document_id, "events"),
            parser(EventCreated),
            json=wire,
            applied=lambda: self.guard.record(stamp),
        )
        return (yield from self.engine.run(operation))

    def append_events(
        self, events: Iterable[NewEvent | Mapping[str, Any]], document_id: str | None
    ) -> Plan[BatchCreated]:
        bodies = [coerce(NewEvent, event, f"/events/{i}") for i, event in enumerate(events)]
        if not bodies:
            raise refuse("/events", "append_events needs at least one event")
        wires: list[dict[str, Any]] = []
        stamps: list[tuple[str, datetime]] = []
        for index, body in enumerate(bodies):
            target = body.documentId or document_id
            if target is None:
                raise refuse(f"/events/{index}/documentId", "name the target, or pass document_id")
            wire = body.wire()
            wire["documentId"] = target
            wire["deduplicationId"] = wire.get("deduplicationId") or new_deduplication_id()
            wires.append(wire)
            stamps.append((target, body.externalCreatedAt))
        if self.config.check_order:
            self.guard.check(stamps, batch=True)
        items: list[BatchItem] = []
        replayed = True
        for start, chunk in chunk_events(
            wires, self.config.max_batch_events, self.config.max_batch_bytes
        ):
            chunk_stamps = stamps[start : start + len(chunk)]
            operation = Operation(
                "POST",
                self.url("documents", "events"),
                parser(BatchCreated),
                json={"events": chunk},
                applied=partial(self.guard.record, chunk_stamps),
            )
            try:
                result = yield from self.engine.run(operation)
            except MassIdError as error:
                if start:
                    error.add_note(
                        f"append_events: the first {start} events were stored; resend them "
                        "with the same deduplicationIds to resume safely"
                    )
                raise
            items.extend(result.events)
            replayed = replayed and result.replayed
        return BatchCreated(documentId=items[0].targetDocumentId, events=items, replayed=replayed)

    def get_document(self, document_id: str) -> Plan[Document]:
        document = yield from self.engine.run(
            Operation("GET", self.url("documents", document_id), parser(Document))
        )
        latest = [event.externalCreatedAt for event in document.externalEvents]
        self.guard.record([(document.id, max([document.externalCreatedAt, *latest]))])
        return document

    def list_documents(self, filters: DocumentFilters, cursor: str | None) -> Plan[DocumentPage]:
        params = {key: query_value(value) for key, value in filters.items() if value is not None}
        if cursor is not None:
            params["cursor"] = cursor
        return (
            yield from self.engine.run(
                Operation("GET", self.url("documents"), parser(DocumentPage), params=params)
            )
        )

    def upload_attachment(
        self, document_id: str, file_name: str, data: bytes, content_type: str
    ) -> Plan[UploadedAttachment]:
        document_url = self.url("documents", document_id)
        done = UploadedAttachment(
            documentId=document_id,
            fileName=file_name,
            contentLength=len(data),
            contentType=content_type,
        )
        return (yield from upload(self.engine, self.config.retry, document_url, done, data))

    def attachment_url(self, document_id: str, file_name: str) -> Plan[DownloadTarget]:
        url = self.url("documents", document_id, "attachments", file_name)
        return (yield from self.engine.run(Operation("GET", url, parser(DownloadTarget))))

    def verify(
        self, document_id: str, methodology: str, strict: bool | None, key: str | None
    ) -> Plan[Verification]:
        body: dict[str, Any] = {"methodology": methodology}
        if strict is not None:
            body["strict"] = strict
        operation = Operation(
            "POST",
            self.url("documents", document_id, "verifications"),
            parser(Verification),
            json=coerce(VerificationRequest, body).wire(),
            # A verification stores an audit: a retry must not store a second one.
            headers={"Idempotency-Key": key or new_deduplication_id()},
        )
        return (yield from self.engine.run(operation))

    def preview(
        self,
        methodology: str,
        document: NewDocument | Mapping[str, Any],
        events: Sequence[NewEvent | Mapping[str, Any]],
        strict: bool | None,
    ) -> Plan[Verification]:
        body: dict[str, Any] = {
            "methodology": methodology,
            "document": coerce(NewDocument, document, "/document").wire(),
            "events": [
                coerce(NewEvent, event, f"/events/{i}").wire() for i, event in enumerate(events)
            ],
        }
        if strict is not None:
            body["strict"] = strict
        coerce(PreviewRequest, body)
        operation = Operation(
            "POST", self.url("verifications", "preview"), parser(Verification), json=body
        )
        return (yield from self.engine.run(operation))
