"""POST /documents/events: the atomic batch (api.md §5)."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import create_document, error_of, get_document
from tests.conftest import Api
from tests.factories import make_actor, make_event


async def post_batch(api: Api, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return await api.http.post("/documents/events", json=body, headers=headers)


async def test_a_whole_timeline_in_one_batch(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    events = [
        make_actor("Waste Generator"),
        make_event("Pick-up", 1, value=1000),
        make_event("Weighing", 2, value=990),
        make_event("Drop-off", 3),
        make_event("Sorting", 4, value=950),
    ]
    response = await post_batch(api, headers, {"documentId": document_id, "events": events})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["documentId"] == document_id
    assert [entry["targetDocumentId"] for entry in body["events"]] == [document_id] * 5
    doc = await get_document(api, headers, document_id)
    assert [e["id"] for e in doc["externalEvents"]] == [e["eventId"] for e in body["events"]]
    assert [e["sequence"] for e in doc["externalEvents"]] == [1, 2, 3, 4, 5]
    assert doc["currentValue"] == 950


async def test_per_event_targets_in_request_order(api: Api) -> None:
    headers = await api.headers()
    first = await create_document(api, headers)
    second = await create_document(api, headers)
    events = [
        {**make_event("A", 1), "documentId": second},
        make_event("B", 1),
        {**make_event("C", 2), "documentId": second},
    ]
    response = await post_batch(api, headers, {"documentId": first, "events": events})
    assert response.status_code == 201
    body = response.json()
    assert body["documentId"] == second
    assert [e["targetDocumentId"] for e in body["events"]] == [second, first, second]
    names = [e["name"] for e in (await get_document(api, headers, second))["externalEvents"]]
    assert names == ["A", "C"]


async def test_order_inside_a_batch_is_enforced(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    events = [make_event("A", 2), make_event("B", 3), make_event("C", 1)]
    response = await post_batch(api, headers, {"documentId": document_id, "events": events})
    assert response.status_code == 409
    error = error_of(response)
    assert error["reason"] == "EVENT_OUT_OF_ORDER"
    assert error["message"].startswith("/events/2/externalCreatedAt")
    assert (await get_document(api, headers, document_id))["externalEvents"] == []


async def test_one_bad_event_writes_nothing(api: Api) -> None:
    headers = await api.headers()
    first = await create_document(api, headers, value=100)
    second = await create_document(api, headers)
    events = [
        make_event("A", 1, value=10),
        {**make_event("SPLIT", 2, value=5), "documentId": second},
        make_event("B", 3),
        make_event("ACTOR", 4),  # no label: invalid
    ]
    response = await post_batch(api, headers, {"documentId": first, "events": events})
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/events/3/label")
    for document_id in (first, second):
        doc = await get_document(api, headers, document_id)
        assert doc["externalEvents"] == []
    assert (await get_document(api, headers, first))["currentValue"] == 100


async def test_a_late_state_failure_rolls_back_earlier_events(api: Api) -> None:
    headers = await api.headers()
    first = await create_document(api, headers, value=100)
    events = [
        make_event("A", 1, value=50),
        make_event("SPLIT", 2, value=20),
        make_event("CLOSE", 3),
        make_event("Sorting", 4),
    ]
    response = await post_batch(api, headers, {"documentId": first, "events": events})
    assert response.status_code == 409
    error = error_of(response)
    assert error["reason"] == "DOCUMENT_CLOSED"
    assert error["message"].startswith("/events/3")
    doc = await get_document(api, headers, first)
    assert doc["externalEvents"] == [] and doc["status"] == "OPEN" and doc["currentValue"] == 100


async def test_missing_target_and_unknown_target(api: Api) -> None:
    headers = await api.headers()
    response = await post_batch(api, headers, {"events": [make_event()]})
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/events/0/documentId")
    unknown = await post_batch(
        api,
        headers,
        {"documentId": "00000000-0000-7000-8000-000000000000", "events": [make_event()]},
    )
    assert unknown.status_code == 404


async def test_batch_limit_is_413(api: Api) -> None:
    api.container.events.max_batch = 3
    headers = await api.headers()
    document_id = await create_document(api, headers)
    events = [make_event("E", i) for i in range(4)]
    response = await post_batch(api, headers, {"documentId": document_id, "events": events})
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "validationError" and error["reason"] == "PAYLOAD_TOO_LARGE"


async def test_empty_batch_is_invalid(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    response = await post_batch(api, headers, {"documentId": document_id, "events": []})
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/events")


async def test_batch_split_reports_the_created_document(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers, value=100)
    response = await post_batch(
        api, headers, {"documentId": document_id, "events": [make_event("SPLIT", 1, value=40)]}
    )
    assert response.status_code == 201
    (entry,) = response.json()["events"]
    child = await get_document(api, headers, entry["createdDocumentId"])
    assert child["currentValue"] == 40
