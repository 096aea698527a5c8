"""Invariants over random operation sequences (hypothesis), on SQLite and PostgreSQL.

Each example runs a random program of creates, single appends, batches, retries with an old
deduplicationId (same payload: a replay; other payload: a mismatch), CLOSE, CANCEL and SPLIT
against the in-process app, and after every step checks:

- every document's sequence numbers are 1..n with no gap, its timestamps never decrease, and
  its ``currentValue`` is what its timeline implies;
- a replay answers the original status and body, byte for byte, marked ``Idempotent-Replayed``;
- a rejected request (any 4xx) leaves the whole database exactly as it was (every row of every
  table compared).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from massid.domain.event_rules import BUILT_IN_EVENTS
from tests.conftest import Api
from tests.dbstate import snapshot
from tests.factories import make_address, make_document, make_event, make_participant, ts

EXAMPLES = 40
CUSTOM = ("Pick-up", "Weighing", "Sorting", "Drop-off")

amounts = st.one_of(st.integers(0, 5000), st.decimals(0, 5000, places=2).map(float))
hours = st.integers(-3, 6)  # relative to the document's latest event; negative goes back in time
dedup = st.sampled_from(["none", "new", "new"])


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from([*CUSTOM, "CLOSE", "CANCEL", "SPLIT", "SPLIT"]))
    value = draw(st.none() | amounts) if name in CUSTOM else None
    if name == "SPLIT":
        value = draw(st.integers(-1, 3000))
    return {"name": name, "hours": draw(hours), "value": value, "dedup": draw(dedup)}


create = st.tuples(st.just("create"), st.none() | amounts, dedup)
append = st.tuples(st.just("append"), st.integers(0, 3), events())
batch = st.tuples(
    st.just("batch"), st.lists(st.tuples(st.integers(0, 3), events()), min_size=1, max_size=4)
)
KINDS: dict[str, st.SearchStrategy[tuple[Any, ...]]] = {
    "append": append,
    "batch": batch,
    "create": create,
    "replay": st.tuples(st.just("replay"), st.integers(0, 20), st.just("same")),
    "mismatch": st.tuples(st.just("replay"), st.integers(0, 20), st.just("other-payload")),
    "rekey": st.tuples(st.just("replay"), st.integers(0, 20), st.just("new-key")),
}
# Appends and batches are drawn three and two times as often as each other kind.
WEIGHTED = ["append"] * 3 + ["batch"] * 2 + ["create", "replay", "mismatch", "rekey"]
operation = st.sampled_from(WEIGHTED).flatmap(lambda kind: KINDS[kind])
programs = st.tuples(
    st.lists(create, min_size=1, max_size=2), st.lists(operation, min_size=4, max_size=14)
).map(lambda parts: parts[0] + parts[1])


@dataclass
class Sent:
    method_path: str
    body: dict[str, Any]
    key: str
    status: int
    content: bytes


@dataclass
class Run:
    api: Api
    headers: dict[str, str]
    engine: AsyncEngine
    documents: list[str] = field(default_factory=list)
    clock: dict[str, float] = field(default_factory=dict)  # hours after the base, per document
    keyed: list[Sent] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    async def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        before = await snapshot(self.engine)
        response = await self.api.http.post(path, json=body, headers=self.headers)
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert await snapshot(self.engine) == before, f"a rejected request wrote: {body}"
        return response

    def event_body(self, document: int, spec: dict[str, Any]) -> dict[str, Any]:
        document_id = self.documents[document % len(self.documents)]
        at = self.clock.get(document_id, 0) + spec["hours"]
        extra: dict[str, Any] = {}
        if spec["value"] is not None:
            extra["value"] = spec["value"]
        if spec["dedup"] == "new":
            extra["deduplicationId"] = uuid.uuid4().hex
        body = make_event(spec["name"], at, **extra)
        body["documentId"] = document_id
        return body

    def accepted(self, body: dict[str, Any]) -> None:
        document_id = body["documentId"]
        hours_at = self.clock.get(document_id, 0)
        self.clock[document_id] = max(hours_at, hours_of(body["externalCreatedAt"]))

    def remember(self, path: str, body: dict[str, Any], key: str | None, response: Any) -> None:
        if key and response.status_code == 201:
            self.keyed.append(Sent(path, body, key, 201, response.content))


def hours_of(timestamp: str) -> float:
    for offset in range(-10, 200):
        if ts(offset) == timestamp:
            return float(offset)
    raise AssertionError(timestamp)


async def check_document(run: Run, document_id: str) -> None:
    response = await run.api.http.get(f"/documents/{document_id}", headers=run.headers)
    assert response.status_code == 200, response.text
    document = response.json()
    timeline = document["externalEvents"]
    assert [event["sequence"] for event in timeline] == list(range(1, len(timeline) + 1))
    times = [document["externalCreatedAt"]] + [event["externalCreatedAt"] for event in timeline]
    assert times == sorted(times), "timestamps went back in time"
    recorded = [event["createdAt"] for event in timeline]
    assert recorded == sorted(recorded), "the server's own timestamps went back in time"
    value = Decimal(str(document.get("value") or 0))
    for event in timeline:
        if event["name"] == "SPLIT":
            value -= Decimal(str(event["value"]))
        elif event["name"] not in BUILT_IN_EVENTS and event.get("value") is not None:
            value = Decimal(str(event["value"]))
    assert Decimal(str(document["currentValue"])) == value, (document["currentValue"], value)


def new_keys(body: dict[str, Any]) -> dict[str, Any]:
    """The same request with a fresh deduplicationId wherever it had one."""
    if "events" in body:
        return {**body, "events": [new_keys(event) for event in body["events"]]}
    if "deduplicationId" in body:
        return {**body, "deduplicationId": uuid.uuid4().hex}
    return body


def track(run: Run, path: str, created: dict[str, Any]) -> None:
    """Remember the documents a 201 created (a document, or the child of a SPLIT)."""
    if path == "/documents":
        run.documents.append(created["id"])
        run.clock[created["id"]] = 0
    for item in created.get("events", [created]):
        child = item.get("createdDocumentId") or item.get("targetDocumentId")
        if child and child not in run.documents:
            run.documents.append(child)


def other_payload(body: dict[str, Any]) -> dict[str, Any]:
    """The same request with one field changed (the first event's, for a batch)."""
    if "events" in body:
        events = [dict(event) for event in body["events"]]
        events[0]["externalId"] = uuid.uuid4().hex
        return {**body, "events": events}
    return {**body, "externalId": uuid.uuid4().hex}


async def step(run: Run, op: tuple[Any, ...]) -> None:
    kind = op[0]
    if kind == "create":
        body = make_document(externalCreatedAt=ts(0))
        body["participant"] = make_participant(tax_id="22222222000122")
        body["address"] = make_address()
        if op[1] is None:
            body.pop("value")
        else:
            body["value"] = op[1]
        key = uuid.uuid4().hex if op[2] == "new" else None
        if key:
            body["deduplicationId"] = key
        response = await run.post("/documents", body)
        assert response.status_code == 201, response.text
        document_id = response.json()["id"]
        run.documents.append(document_id)
        run.clock[document_id] = 0
        run.remember("/documents", body, key, response)
    elif not run.documents:
        return
    elif kind == "append":
        body = run.event_body(op[1], op[2])
        path = f"/documents/{body.pop('documentId')}/events"
        response = await run.post(path, body)
        if response.status_code == 201:
            run.accepted({**body, "documentId": path.split("/")[2]})
            created = response.json().get("targetDocumentId")
            if created:
                run.documents.append(created)
        run.remember(path, body, body.get("deduplicationId"), response)
    elif kind == "batch":
        items = [run.event_body(document, spec) for document, spec in op[1]]
        body = {"events": items}
        response = await run.post("/documents/events", body)
        if response.status_code == 201:
            for item in items:
                run.accepted(item)
            for created in response.json()["events"]:
                if created.get("createdDocumentId"):
                    run.documents.append(created["createdDocumentId"])
        keys = [item.get("deduplicationId") for item in items]
        run.remember("/documents/events", body, keys[0] if all(keys) else None, response)
    elif kind == "replay" and run.keyed:
        sent = run.keyed[op[1] % len(run.keyed)]
        if op[2] == "same":
            response = await run.post(sent.method_path, sent.body)
            assert response.status_code == sent.status
            assert response.content == sent.content, "a replay is not byte for byte the original"
            assert response.headers.get("idempotent-replayed") == "true"
        elif op[2] == "other-payload":
            changed = other_payload(sent.body)
            response = await run.post(sent.method_path, changed)
            assert response.status_code == 409, response.text
            assert response.json()["errors"][0]["reason"] == "DEDUPLICATION_MISMATCH"
        else:  # the same request under a new key is a new request, never a replay
            response = await run.post(sent.method_path, new_keys(sent.body))
            assert "idempotent-replayed" not in response.headers
            if response.status_code == 201:
                assert response.content != sent.content
                track(run, sent.method_path, response.json())
    for document_id in run.documents:
        await check_document(run, document_id)


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=programs)
async def test_invariants_hold_over_random_programs(
    api: Api, clean_database: str, program: list[tuple[Any, ...]]
) -> None:
    engine = create_async_engine(clean_database, poolclass=NullPool)
    try:
        run = Run(api, await api.headers(), engine)
        for op in program:
            await step(run, op)
        assert 201 in run.statuses, "the program wrote nothing: it tested nothing"
    finally:
        await engine.dispose()
