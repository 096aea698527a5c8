"""Deduplication (api.md §6): replays, mismatches, concurrency, failed requests."""

from __future__ import annotations

import asyncio

from tests.api.helpers import append, create_document, error_of, get_document
from tests.conftest import Api
from tests.factories import make_document, make_event


async def test_document_replay_returns_the_original_response(api: Api) -> None:
    headers = await api.headers()
    payload = make_document(deduplicationId="doc-key")
    first = await api.http.post("/documents", json=payload, headers=headers)
    second = await api.http.post("/documents", json=payload, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers


async def test_document_key_with_other_payload_is_a_mismatch(api: Api) -> None:
    headers = await api.headers()
    await api.http.post("/documents", json=make_document(deduplicationId="k"), headers=headers)
    response = await api.http.post(
        "/documents", json=make_document(deduplicationId="k", value=5), headers=headers
    )
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflictError" and error["reason"] == "DEDUPLICATION_MISMATCH"


async def test_keys_are_scoped_to_the_integrator(api: Api) -> None:
    one = await api.headers()
    two = await api.headers()
    payload = make_document(deduplicationId="shared")
    first = await api.http.post("/documents", json=payload, headers=one)
    second = await api.http.post("/documents", json=payload, headers=two)
    assert first.json()["id"] != second.json()["id"]
    assert "idempotent-replayed" not in second.headers


async def test_event_replay_even_after_the_document_closed(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    event = make_event("Pick-up", 1, deduplicationId="ev-1")
    first = await append(api, headers, document_id, event)
    assert (await append(api, headers, document_id, make_event("CLOSE", 2))).status_code == 201
    replay = await append(api, headers, document_id, event)
    assert replay.status_code == 201
    assert replay.content == first.content
    assert replay.headers["idempotent-replayed"] == "true"
    assert len((await get_document(api, headers, document_id))["externalEvents"]) == 2


async def test_event_key_mismatch(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    await append(api, headers, document_id, make_event("A", 1, deduplicationId="k"))
    response = await append(api, headers, document_id, make_event("A", 2, deduplicationId="k"))
    assert response.status_code == 409
    assert error_of(response)["reason"] == "DEDUPLICATION_MISMATCH"


async def test_idempotency_key_header(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    keyed = {**headers, "Idempotency-Key": "hdr-1"}
    first = await append(api, keyed, document_id, make_event("A", 1))
    second = await append(api, keyed, document_id, make_event("A", 1))
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    clash = await append(api, keyed, document_id, make_event("A", 1, deduplicationId="different"))
    assert clash.status_code == 400


async def test_a_failed_request_stores_nothing_and_a_corrected_retry_works(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    assert (await append(api, headers, document_id, make_event("A", 5))).status_code == 201
    bad = await append(api, headers, document_id, make_event("B", 1, deduplicationId="retry"))
    assert bad.status_code == 409
    good = await append(api, headers, document_id, make_event("B", 6, deduplicationId="retry"))
    assert good.status_code == 201
    assert "idempotent-replayed" not in good.headers


async def test_twenty_concurrent_twins_create_one_document(api: Api) -> None:
    headers = await api.headers()
    payload = make_document(deduplicationId="concurrent-doc")
    responses = await asyncio.gather(
        *[api.http.post("/documents", json=payload, headers=headers) for _ in range(20)]
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(1 for r in responses if "idempotent-replayed" not in r.headers) == 1


async def test_twenty_concurrent_twin_events_append_once(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    event = make_event("Pick-up", 1, deduplicationId="concurrent-event")
    responses = await asyncio.gather(*[append(api, headers, document_id, event) for _ in range(20)])
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["eventId"] for r in responses}) == 1
    assert len((await get_document(api, headers, document_id))["externalEvents"]) == 1


async def test_batch_events_dedup_individually(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    events = [make_event("A", 1, deduplicationId="b-1"), make_event("B", 2, deduplicationId="b-2")]
    body = {"documentId": document_id, "events": events}
    first = await api.http.post("/documents/events", json=body, headers=headers)
    second = await api.http.post("/documents/events", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    # A single append with the same key and content is the same event.
    single = await append(api, headers, document_id, events[0])
    assert single.json()["eventId"] == first.json()["events"][0]["eventId"]
    # A new event after the replayed ones is appended; the old ones are not repeated.
    extended = {
        "documentId": document_id,
        "events": [*events, make_event("C", 3, deduplicationId="b-3")],
    }
    third = await api.http.post("/documents/events", json=extended, headers=headers)
    assert third.status_code == 201
    assert "idempotent-replayed" not in third.headers
    assert len((await get_document(api, headers, document_id))["externalEvents"]) == 3


async def test_duplicate_key_inside_one_batch_is_invalid(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    events = [make_event("A", 1, deduplicationId="x"), make_event("B", 2, deduplicationId="x")]
    response = await api.http.post(
        "/documents/events", json={"documentId": document_id, "events": events}, headers=headers
    )
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/events/1/deduplicationId")


async def test_batch_idempotency_key_replays_the_whole_response(api: Api) -> None:
    headers = {**(await api.headers()), "Idempotency-Key": "batch-1"}
    document_id = await create_document(api, headers)
    body = {"documentId": document_id, "events": [make_event("A", 1), make_event("B", 2)]}
    first = await api.http.post("/documents/events", json=body, headers=headers)
    second = await api.http.post("/documents/events", json=body, headers=headers)
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    other = {"documentId": document_id, "events": [make_event("C", 3)]}
    clash = await api.http.post("/documents/events", json=other, headers=headers)
    assert clash.status_code == 409
    assert error_of(clash)["reason"] == "DEDUPLICATION_MISMATCH"
    assert len((await get_document(api, headers, document_id))["externalEvents"]) == 2
