"""Appending one event, or an atomic batch of events (api.md §5–§6)."""

from __future__ import annotations

from massid.domain.access import Principal
from massid.domain.clock import Clock
from massid.domain.commands import BatchIn, EventIn
from massid.domain.errors import PayloadTooLarge, ValidationFailed
from massid.domain.event_rules import check_event
from massid.services.appender import Appender, EventItem
from massid.services.dedup import BATCH, dedup_key_for, replay_or_raise, scope_of
from massid.services.documents import Settler, nothing_to_settle, require_writer
from massid.services.representation import Outcome, dumps, fingerprint
from massid.storage.ports import DedupRecord, Store, Tx


class EventService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        max_events_per_document: int,
        max_batch: int,
        settle: Settler = nothing_to_settle,
    ) -> None:
        self.store = store
        self.clock = clock
        self.max_events = max_events_per_document
        self.max_batch = max_batch
        self.settle = settle

    async def _settle_attachments(self, principal: Principal, items: list[EventItem]) -> None:
        """Bring pending uploads the events name up to date, before the write transaction."""
        targets = [item.document_id for item in items if item.event.attachments]
        if targets:
            await self.settle(principal.environment, targets)

    async def append(
        self,
        principal: Principal,
        document_id: str,
        event: EventIn,
        idempotency_key: str | None,
    ) -> Outcome:
        """Append one event to one document."""
        require_writer(principal)
        check_event(event)
        key = dedup_key_for(event.deduplicationId, idempotency_key, "/deduplicationId")
        item = EventItem(pointer="", document_id=document_id, event=event, key=key)
        await self._settle_attachments(principal, [item])

        async def work(tx: Tx) -> Outcome:
            appender = Appender(tx, principal, self.clock(), self.max_events)
            await appender.lock_targets([item])
            (applied,) = await appender.apply([item])
            written = 0 if applied.replayed else 1
            return Outcome(201, dumps(applied.result), applied.replayed, written)

        return await self.store.write(work)

    async def append_batch(
        self, principal: Principal, batch: BatchIn, idempotency_key: str | None
    ) -> Outcome:
        """Append a batch atomically: every event passes every rule, or nothing is written."""
        require_writer(principal)
        if len(batch.events) > self.max_batch:
            raise PayloadTooLarge(
                f"/events: a batch holds at most {self.max_batch} events, got {len(batch.events)}"
            )
        items: list[EventItem] = []
        for index, event in enumerate(batch.events):
            pointer = f"/events/{index}"
            target = event.documentId or batch.documentId
            if target is None:
                raise ValidationFailed(
                    f"{pointer}/documentId",
                    "each event needs a documentId, or the batch a top-level documentId",
                )
            check_event(event, pointer)
            items.append(EventItem(pointer, target, event, event.deduplicationId))
        await self._settle_attachments(principal, items)
        scope = scope_of(principal, BATCH)
        request_print = fingerprint(BATCH, [item.fingerprint for item in items])

        async def work(tx: Tx) -> Outcome:
            appender = Appender(tx, principal, self.clock(), self.max_events)
            await appender.lock_targets(items)
            if idempotency_key is not None:
                existing = await tx.get_dedup(scope, [idempotency_key])
                if idempotency_key in existing:
                    return replay_or_raise(existing[idempotency_key], request_print, "/")
            applied = await appender.apply(items)
            body = dumps(
                {
                    "documentId": items[0].document_id,
                    "events": [batch_item(entry.result) for entry in applied],
                }
            )
            if idempotency_key is not None:
                record = DedupRecord(request_print, 201, body)
                await tx.put_dedup(scope, {idempotency_key: record}, appender.now)
            written = sum(not entry.replayed for entry in applied)
            return Outcome(201, body, replayed=written == 0, written=written)

        return await self.store.write(work)


def batch_item(result: dict[str, str]) -> dict[str, str]:
    """A batch response entry: the event, the document it went to, and any document it made."""
    entry = {"eventId": result["eventId"], "targetDocumentId": result["documentId"]}
    if "targetDocumentId" in result:
        entry["createdDocumentId"] = result["targetDocumentId"]
    return entry
