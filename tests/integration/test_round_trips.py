"""Fewer round trips, same results: the single append's combined write and the one-statement
document read (PostgreSQL), checked against what the separate statements gave."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.conftest import Api
from tests.factories import make_document, make_event


def statements(api: Api) -> list[str]:
    seen: list[str] = []

    def hook(*args: Any) -> None:
        seen.append(" ".join(args[2].split()))

    database = api.container.database
    for engine in {database.read_engine, database.write_engine}:
        event.listen(engine.sync_engine, "before_cursor_execute", hook)
    return seen


async def test_a_single_append_and_its_replay_and_the_read_agree(api: Api) -> None:
    headers = await api.headers()
    created = await api.http.post("/documents", json=make_document(), headers=headers)
    document_id = created.json()["id"]
    url = f"/documents/{document_id}/events"
    seen = statements(api)
    appended = []
    for index in range(3):
        sent = make_event(deduplicationId=f"key-{index}", label=f"step {index}")
        response = await api.http.post(url, json=sent, headers=headers)
        assert response.status_code == 201, response.text
        appended.append(response.json()["eventId"])
    writes = [s for s in seen if s.startswith(("INSERT INTO events", "WITH new_event"))]
    key_writes = [s for s in seen if s.startswith("INSERT INTO massid_keys")]
    key_reads = [s for s in seen if s.startswith("SELECT massid_keys")]
    if api.container.database.dialect == "postgresql":
        assert len(writes) == 3 and all(s.startswith("WITH new_event") for s in writes)
        assert all("INSERT INTO massid_keys" in s for s in writes) and not key_writes
        assert not key_reads  # read with the deduplication key
    else:
        assert len(writes) == 3 and all(s.startswith("INSERT INTO events") for s in writes)
        assert len(key_writes) == 3 and len(key_reads) == 3

    replay = make_event(deduplicationId="key-1", label="step 1")
    again = await api.http.post(url, json=replay, headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["eventId"] == appended[1]
    mismatch = await api.http.post(url, json=make_event(deduplicationId="key-1"), headers=headers)
    assert mismatch.status_code == 409

    seen.clear()
    read = await api.http.get(f"/documents/{document_id}", headers=headers)
    assert read.status_code == 200
    body = read.json()
    assert [e["id"] for e in body["externalEvents"]] == appended
    assert [e["sequence"] for e in body["externalEvents"]] == [1, 2, 3]
    assert [e["label"] for e in body["externalEvents"]] == ["step 0", "step 1", "step 2"]
    assert read.headers["ETag"] == '"3"'
    separate_reads = [s for s in seen if s.startswith("SELECT events.body")]
    file_reads = [s for s in seen if s.startswith("SELECT attachments")]
    postgresql = api.container.database.dialect == "postgresql"
    assert len(separate_reads) == (0 if postgresql else 1)
    assert len(file_reads) == (0 if postgresql else 1)  # no files: not listed on PostgreSQL
    assert body["attachments"] == []


async def test_a_document_without_events_reads_an_empty_timeline(api: Api) -> None:
    headers = await api.headers()
    created = await api.http.post("/documents", json=make_document(), headers=headers)
    read = await api.http.get(f"/documents/{created.json()['id']}", headers=headers)
    assert read.status_code == 200
    assert read.json()["externalEvents"] == []
