"""Crash safety: SIGKILL a loaded server five times; no acknowledged event is lost or doubled.

Loops append single events and batches (spread over several documents) to a real
``massid serve`` while the whole process group is killed with SIGKILL at random moments and
started again on the same port and database. Every event carries a unique deduplicationId and
the same value as its externalId, so the database can be read back per event:

- every event whose 201 the load generator received is stored exactly once;
- a batch is stored whole or not at all, whatever the moment of the kill;
- per-document sequence numbers stay gapless;
- sending everything again with the same deduplicationIds replays the acknowledged requests
  byte for byte and stores each event once in total (the unacknowledged ones may land now).
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.e2e.server import ServerProcess
from tests.e2e.test_quickstart import exports_from, token
from tests.factories import make_document, make_event

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

KILLS = 5
DOCUMENTS = 6
SINGLE_LOOPS = 4
BATCH_LOOPS = 2
# Kill after this long under load (seconds, uniformly at random, seeded and printed).
UP_FOR = (0.4, 1.6)


@dataclass
class Sent:
    """One request of the load, and what its sender learnt about it."""

    url: str
    body: dict[str, Any]
    keys: list[tuple[str, str]]  # (documentId, deduplicationId) of each event
    status: int | None = None  # None: no answer (connection lost, timeout)
    response: bytes = b""

    @property
    def acknowledged(self) -> bool:
        return self.status == 201


@dataclass
class Load:
    server: ServerProcess
    headers: dict[str, str]
    documents: list[str]
    rng: random.Random
    sent: list[Sent] = field(default_factory=list)
    counter: int = 0

    def next_key(self, kind: str) -> str:
        self.counter += 1
        return f"{kind}-{self.counter:05d}"

    def event(self, key: str, **extra: Any) -> dict[str, Any]:
        return make_event("Pick-up", 1, deduplicationId=key, externalId=key, **extra)

    def single(self) -> Sent:
        document = self.rng.choice(self.documents)
        key = self.next_key("single")
        url = f"/documents/{document}/events"
        return Sent(url, self.event(key), [(document, key)])

    def batch(self) -> Sent:
        size = self.rng.randint(2, 6)
        events, keys = [], []
        for _ in range(size):
            document = self.rng.choice(self.documents)
            key = self.next_key("batch")
            events.append(self.event(key, documentId=document))
            keys.append((document, key))
        return Sent("/documents/events", {"events": events}, keys)

    async def send(self, http: httpx.AsyncClient, request: Sent) -> httpx.Response | None:
        """The answer, or None when the request may have reached a server that then died."""
        while True:
            try:
                return await http.post(
                    self.server.url + request.url, json=request.body, headers=self.headers
                )
            except httpx.ConnectError:
                await asyncio.sleep(0.05)  # the server is down: nothing was sent, try again
            except httpx.HTTPError:
                return None

    async def loop(self, http: httpx.AsyncClient, batches: bool, stop: float) -> None:
        while time.monotonic() < stop:
            request = self.batch() if batches else self.single()
            self.sent.append(request)
            response = await self.send(http, request)
            if response is not None:
                request.status, request.response = response.status_code, response.content


async def stored_events(database: str, documents: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Per document, its events' (seq, externalId), read from the database itself in one
    statement (one snapshot: a batch committing meanwhile is seen whole or not at all)."""
    engine = create_async_engine(database, poolclass=NullPool)
    query = sa.text("SELECT document_id, seq, body FROM events WHERE document_id IN :ids")
    query = query.bindparams(sa.bindparam("ids", expanding=True))
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    async with engine.connect() as connection:
        for row in (await connection.execute(query, {"ids": documents})).all():
            found[row.document_id].append((row.seq, json.loads(row.body).get("externalId") or ""))
    await engine.dispose()
    return found


def stored_keys(found: dict[str, list[tuple[int, str]]]) -> Counter[tuple[str, str]]:
    return Counter((document, key) for document, rows in found.items() for _, key in rows if key)


def prepare(server: ServerProcess) -> tuple[dict[str, str], list[str]]:
    """A bearer token of the welcome client, and the documents the load appends to."""
    exports = exports_from(server.output())
    access = token(server.url, exports["CLIENT_ID"], exports["CLIENT_SECRET"])
    headers = {"Authorization": f"Bearer {access}"}
    documents = []
    for _ in range(DOCUMENTS):
        created = httpx.post(f"{server.url}/documents", json=make_document(), headers=headers)
        assert created.status_code == 201, created.text
        documents.append(created.json()["id"])
    return headers, documents


async def test_sigkill_under_load_loses_and_doubles_nothing(
    tmp_path: Path, server_database: str
) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    env = {"MASSID_MAX_EVENTS_PER_DOCUMENT": "100000"}
    server = ServerProcess(tmp_path, server_database, extra_env=env).start()
    try:
        headers, documents = prepare(server)
        load = Load(server, headers, documents, rng)
        before = await stored_events(server_database, documents)

        async with httpx.AsyncClient(timeout=15) as http:
            stop = time.monotonic() + 90  # a bound; the loops are cancelled sooner
            loops = [
                asyncio.create_task(load.loop(http, batches, stop))
                for batches in [False] * SINGLE_LOOPS + [True] * BATCH_LOOPS
            ]
            restarts = []
            for _ in range(KILLS):
                await asyncio.sleep(rng.uniform(*UP_FOR))
                server.kill_group()
                started = time.monotonic()
                await asyncio.to_thread(server.start)
                restarts.append(time.monotonic() - started)
            await asyncio.sleep(0.5)
            for task in loops:
                task.cancel()
            await asyncio.gather(*loops, return_exceptions=True)

            acknowledged = [request for request in load.sent if request.acknowledged]
            unanswered = [request for request in load.sent if request.status is None]
            other = Counter(
                request.status for request in load.sent if request.status not in (None, 201)
            )
            events_acked = sum(len(request.keys) for request in acknowledged)
            print(
                f"seed {seed}: {KILLS} kills, {len(load.sent)} requests, "
                f"{len(acknowledged)} acknowledged ({events_acked} events), "
                f"{len(unanswered)} unanswered (cut off by a kill or the end), "
                f"other answers {dict(other)}; "
                f"restarts took {', '.join(f'{s:.1f}' for s in restarts)} s"
            )
            assert set(other) <= {503}, f"unexpected answers {dict(other)}"
            assert acknowledged, "nothing was acknowledged between the kills"

            found = await stored_events(server_database, documents)
            stored = stored_keys(found)
            lost = [k for r in acknowledged for k in r.keys if stored[k] != 1]
            assert not lost, f"acknowledged events not stored exactly once: {lost[:5]}"
            assert max(stored.values()) == 1, "an event is stored twice"
            for request in load.sent:
                if len(request.keys) > 1:
                    landed = sum(stored[k] for k in request.keys)
                    assert landed in (0, len(request.keys)), f"partial batch {request.keys}"
            for document, rows in found.items():
                seqs = sorted(seq for seq, _ in rows)
                assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), f"gap in {document}"
            print(
                f"stored after the kills: {sum(stored.values())} events "
                f"({events_acked} acknowledged, lost 0, doubled 0)"
            )

            # Everything again, with the same deduplicationIds.
            for request in load.sent:
                response = await load.send(http, request)
                assert response is not None, request.keys
                assert response.status_code == 201, response.text
                if request.acknowledged:
                    assert response.headers.get("idempotent-replayed") == "true"
                    assert response.content == request.response
        after = await stored_events(server_database, documents)
        every_key = [k for request in load.sent for k in request.keys]
        again = stored_keys(after)
        assert again == Counter(every_key), "re-sending created duplicates or lost events"
        assert sum(len(rows) for rows in after.values()) == (
            sum(len(rows) for rows in before.values()) + len(every_key)
        )
    finally:
        server.stop()
    assert "Traceback" not in server.output()
