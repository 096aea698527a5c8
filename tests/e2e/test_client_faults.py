"""The SDK against a live server through a fault-injecting proxy: thousands of appends end
with every event stored exactly once and in order, by the async and the sync client alike."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from massid.client import AsyncClient, Client, ClientConfig, RetryPolicy
from tests.e2e.faults import FaultProxy, Faults
from tests.e2e.live import Live
from tests.factories import make_document, make_event

pytestmark = pytest.mark.e2e

# 24 MassIDs of 84 events (2,016 appends): 14 single appends, then 7 batches of 10 each. Six
# tasks of the async client and three threads of the sync client write three and two MassIDs.
ASYNC_WORKERS, ASYNC_EACH = 6, 3
SYNC_WORKERS, SYNC_EACH = 3, 2
SINGLES, BATCH, EVENTS = 14, 10, 84
FAST_RETRIES = RetryPolicy(base_delay=0.01, max_delay=0.2, pending_delay=(0.01, 0.05))


def timeline(n: int) -> list[dict[str, Any]]:
    return [make_event(f"E{n}-{i}", 1 + i / 60, externalId=f"{n}-{i}") for i in range(EVENTS)]


async def submit_async(api: AsyncClient, worker: int) -> list[tuple[str, list[str]]]:
    done = []
    for n in range(worker * ASYNC_EACH, (worker + 1) * ASYNC_EACH):
        created = await api.create_document(make_document(externalId=f"doc-{n}"))
        events = timeline(n)
        for event in events[:SINGLES]:
            await api.append_event(created.id, event)
        for start in range(SINGLES, EVENTS, BATCH):
            await api.append_events(events[start : start + BATCH], document_id=created.id)
        done.append((created.id, [e["name"] for e in events]))
    return done


def submit_sync(api: Client, worker: int) -> list[tuple[str, list[str]]]:
    done = []
    first = 1000 + worker * SYNC_EACH
    for n in range(first, first + SYNC_EACH):
        created = api.create_document(make_document(externalId=f"doc-{n}"))
        events = timeline(n)
        for event in events[:SINGLES]:
            api.append_event(created.id, event)
        for start in range(SINGLES, EVENTS, BATCH):
            api.append_events(events[start : start + BATCH], document_id=created.id)
        done.append((created.id, [e["name"] for e in events]))
    return done


async def test_thousands_of_appends_under_faults_are_stored_once_and_in_order(
    live: Live,
) -> None:
    credentials = await live.new_client()
    faults = Faults(
        drop=0.03, after_502=0.02, before=0.06, stall=0.01, delay=0.1, stall_seconds=2.5
    )
    config = ClientConfig(
        credentials["clientId"],
        credentials["clientSecret"],
        rate_limit=2000,
        retry=FAST_RETRIES,
        timeout=2.0,
    )
    started = time.monotonic()
    with (
        FaultProxy(live.url, faults, seed=20260110) as proxy,
        Client(proxy.url, config=config) as sync,
    ):
        aio = AsyncClient(proxy.url, config=config)
        async_work = [submit_async(aio, n) for n in range(ASYNC_WORKERS)]
        sync_work = [asyncio.to_thread(submit_sync, sync, n) for n in range(SYNC_WORKERS)]
        results = [
            done for worker in await asyncio.gather(*async_work, *sync_work) for done in worker
        ]
        await aio.aclose()
    elapsed = time.monotonic() - started

    documents = ASYNC_WORKERS * ASYNC_EACH + SYNC_WORKERS * SYNC_EACH
    assert await live.stored_by(credentials["clientId"]) == (documents, documents * EVENTS)
    with Client(live.url, config=config) as direct:
        for document_id, names in results:
            stored = direct.get_document(document_id).externalEvents
            assert [e.name for e in stored] == names
            assert [e.sequence for e in stored] == list(range(1, EVENTS + 1))

    # The faults really happened, and retried writes were answered as replays.
    injected = {name: proxy.count(name) for name in ("drop", "502-after", "stall", "429")}
    assert all(count > 0 for count in injected.values()), injected
    assert proxy.count("502") + proxy.count("503") + proxy.count("pending") > 0
    replays = sum(1 for record in proxy.log if record.replayed)
    assert replays >= injected["drop"] // 2
    print(
        f"\n{documents * EVENTS} events, {len(proxy.log)} requests in {elapsed:.1f} s; "
        f"faults {injected}, replays {replays}"
    )
