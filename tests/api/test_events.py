"""POST /documents/{id}/events: ordering, cap, lifecycle, built-in events (api.md §5)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import append, create_document, error_of, get_document
from tests.conftest import Api
from tests.factories import make_actor, make_event, make_participant, ts


async def test_append_returns_ids_and_the_timeline_grows(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    response = await append(api, headers, document_id, make_event("Pick-up", 1, value=1000))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"documentId", "eventId"}
    assert body["documentId"] == document_id
    doc = await get_document(api, headers, document_id)
    (event,) = doc["externalEvents"]
    assert event["id"] == body["eventId"]
    assert event["sequence"] == 1
    assert event["name"] == "Pick-up"
    assert event["participant"]["id"] and event["address"]["id"]
    assert event["author"]["dataSetName"] == "TEST"


async def test_custom_event_is_stored_as_given(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    event = make_event(
        "Weighing",
        2,
        value=980.5,
        label="Scale 1",
        externalId="w-1",
        metadata={
            "attributes": [
                {"name": "Scale Type", "value": "Weighbridge", "isPublic": True},
                {"name": "Gross Weight", "value": 1500, "isPublic": True, "format": "KILOGRAM"},
                {
                    "name": "Vehicle License Plate",
                    "value": "ABC1D23",
                    "isPublic": True,
                    "sensitive": True,
                },
                {"name": "Nested", "value": {"a": [1, 2, {"b": None}]}, "isPublic": False},
            ]
        },
    )
    assert (await append(api, headers, document_id, event)).status_code == 201
    stored = (await get_document(api, headers, document_id))["externalEvents"][0]
    for field in ("name", "value", "label", "externalId", "metadata", "isPublic"):
        assert stored[field] == event[field], field


async def test_ordering_earlier_rejected_equal_accepted(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    assert (await append(api, headers, document_id, make_event("A", 5))).status_code == 201
    equal = await append(api, headers, document_id, make_event("B", 5))
    assert equal.status_code == 201
    earlier = await append(api, headers, document_id, make_event("C", 4))
    assert earlier.status_code == 409
    error = error_of(earlier)
    assert error["code"] == "conflictError"
    assert error["reason"] == "EVENT_OUT_OF_ORDER"
    assert ts(4) in error["message"] and ts(5) in error["message"]
    names = [e["name"] for e in (await get_document(api, headers, document_id))["externalEvents"]]
    assert names == ["A", "B"]


async def test_event_before_the_document_itself_is_out_of_order(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    response = await append(api, headers, document_id, make_event("A", -1))
    assert response.status_code == 409
    assert error_of(response)["reason"] == "EVENT_OUT_OF_ORDER"


async def test_event_cap(api: Api) -> None:
    api.container.events.max_events = 3
    headers = await api.headers()
    document_id = await create_document(api, headers)
    for index in range(3):
        assert (await append(api, headers, document_id, make_event("E", index))).status_code == 201
    response = await append(api, headers, document_id, make_event("E", 4))
    assert response.status_code == 409
    assert error_of(response)["reason"] == "EVENT_LIMIT_REACHED"


async def test_close_allows_only_related_and_output(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    other = await create_document(api, headers)
    assert (await append(api, headers, document_id, make_event("CLOSE", 1))).status_code == 201
    assert (await get_document(api, headers, document_id))["status"] == "CLOSED"
    for name in ("Sorting", "CLOSE", "CANCEL", "ACTOR"):
        extra = {"label": "Recycler"} if name == "ACTOR" else {}
        response = await append(api, headers, document_id, make_event(name, 2, **extra))
        assert response.status_code == 409
        assert error_of(response)["reason"] == "DOCUMENT_CLOSED"
    related = make_event("RELATED", 2, relatedDocument={"documentId": other})
    assert (await append(api, headers, document_id, related)).status_code == 201
    output = await append(api, headers, document_id, make_event("OUTPUT", 3))
    assert output.status_code == 201


async def test_cancel_refuses_everything_after(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    other = await create_document(api, headers)
    assert (await append(api, headers, document_id, make_event("CANCEL", 1))).status_code == 201
    assert (await get_document(api, headers, document_id))["status"] == "CANCELLED"
    for event in (
        make_event("Sorting", 2),
        make_event("RELATED", 2, relatedDocument={"documentId": other}),
    ):
        response = await append(api, headers, document_id, event)
        assert response.status_code == 409
        assert error_of(response)["reason"] == "DOCUMENT_CANCELLED"


async def test_current_value_follows_the_timeline(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers, value=1000)
    steps: list[tuple[dict[str, Any], float]] = [
        (make_event("Pick-up", 1), 1000),
        (make_event("Weighing", 2, value=990), 990),
        (make_event("ACTOR", 3, label="Recycler", value=5), 990),
        (make_event("Sorting", 4, value=950.5), 950.5),
    ]
    for event, expected in steps:
        assert (await append(api, headers, document_id, event)).status_code == 201
        assert (await get_document(api, headers, document_id))["currentValue"] == expected


async def test_split_creates_a_child_and_reduces_the_parent(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers, value=100)
    response = await append(api, headers, document_id, make_event("SPLIT", 1, value=20))
    assert response.status_code == 201
    child_id = response.json()["targetDocumentId"]
    parent = await get_document(api, headers, document_id)
    child = await get_document(api, headers, child_id)
    assert parent["currentValue"] == 80
    assert child["currentValue"] == 20
    assert child["parentDocumentId"] == document_id
    assert child["category"] == parent["category"]
    assert parent["externalEvents"][0]["targetDocumentId"] == child_id
    too_big = await append(api, headers, document_id, make_event("SPLIT", 2, value=81))
    assert too_big.status_code == 400
    assert error_of(too_big)["message"].startswith("/value")


async def test_output_creates_a_linked_document(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers, value=100)
    response = await append(api, headers, document_id, make_event("OUTPUT", 1))
    assert response.status_code == 201
    child = await get_document(api, headers, response.json()["targetDocumentId"])
    assert child["parentDocumentId"] == document_id
    assert (await get_document(api, headers, document_id))["currentValue"] == 100


async def test_update_changes_visibility_flags(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers, isPublic=True, isPubliclySearchable=True)
    update = make_event("UPDATE", 1, updates={"isPublic": False})
    assert (await append(api, headers, document_id, update)).status_code == 201
    doc = await get_document(api, headers, document_id)
    assert doc["isPublic"] is False
    assert doc["isPubliclySearchable"] is True


async def test_related_must_point_to_a_visible_document(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    stranger = await api.headers()
    hidden = await create_document(api, stranger)
    response = await append(
        api, headers, document_id, make_event("RELATED", 1, relatedDocument={"documentId": hidden})
    )
    assert response.status_code == 400
    assert error_of(response)["message"].startswith("/relatedDocument/documentId")


async def test_reference_attributes_must_resolve(api: Api) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    target = await create_document(api, headers)
    first = await append(api, headers, target, make_event("X", 1))
    event_id = first.json()["eventId"]

    def ref(value: Any) -> dict[str, Any]:
        return make_event(
            "Weighing",
            1,
            metadata={
                "attributes": [
                    {
                        "name": "Scale Validation",
                        "type": "REFERENCE",
                        "value": value,
                        "isPublic": True,
                    }
                ]
            },
        )

    assert (
        await append(api, headers, document_id, ref({"documentId": target, "eventId": event_id}))
    ).status_code == 201
    for bad in (
        {"documentId": target, "eventId": "nope"},
        {"documentId": "00000000-0000-7000-8000-000000000000"},
        "just a string",
        {"documentId": target, "extra": 1},
    ):
        response = await append(api, headers, document_id, ref(bad))
        assert response.status_code == 400, bad
        assert error_of(response)["message"].startswith("/metadata/attributes/0/value")


@pytest.mark.parametrize(
    ("event", "pointer"),
    [
        (make_event("ACTOR", 1), "/label"),
        (
            make_event("Pick-up", 1, permissions=[{"effect": "ALLOW", "actions": ["READ"]}]),
            "/permissions",
        ),
        (make_event("UPDATE", 1), "/updates"),
        (make_event("Pick-up", 1, updates={"isPublic": False}), "/updates"),
        (make_event("RELATED", 1), "/relatedDocument"),
        (make_event("SPLIT", 1), "/value"),
        (make_event("SPLIT", 1, value=0), "/value"),
        ({k: v for k, v in make_event().items() if k != "participant"}, "/participant"),
        ({**make_event(), "participantId": "x"}, "/participantId"),
        (
            {**make_event(), "addressId": "00000000-0000-4000-8000-000000000000", "address": None},
            "/address",
        ),
        (make_event(value=float("1e308") * 10 if False else -5), "/value"),
        (
            make_event(metadata={"attributes": [{"name": "x", "value": 1}]}),
            "/metadata/attributes/0/isPublic",
        ),
        (
            make_event(
                metadata={
                    "attributes": [{"name": "x", "value": 1, "isPublic": True, "format": "POUND"}]
                }
            ),
            "/metadata/attributes/0/format",
        ),
        (make_event(isPublic=1), "/isPublic"),
        (make_event(name=""), "/name"),
        (make_event(attachments=[{"fileName": "a.pdf"}]), "/attachments/0/isPublic"),
    ],
)
async def test_event_validation_errors(api: Api, event: dict[str, Any], pointer: str) -> None:
    headers = await api.headers()
    document_id = await create_document(api, headers)
    response = await append(api, headers, document_id, event)
    assert response.status_code == 400, response.text
    error = error_of(response)
    assert error["code"] == "validationError"
    assert error["message"].startswith(pointer), error["message"]
    assert (await get_document(api, headers, document_id))["externalEvents"] == []


async def test_actor_grant_gives_another_integrator_access(api: Api) -> None:
    owner = await api.headers()
    partner_participant = make_participant("Partner Recycler", tax_id="22.222.222/0001-22")
    from massid.domain.identity import participant_key

    partner = await api.headers(participant_key=participant_key("BR", "CNPJ", "22222222000122"))
    document_id = await create_document(api, owner)
    assert (await api.http.get(f"/documents/{document_id}", headers=partner)).status_code == 404
    read_only = make_actor(
        "Recycler", partner_participant, permissions=[{"effect": "ALLOW", "actions": ["READ"]}]
    )
    assert (await append(api, owner, document_id, read_only)).status_code == 201
    assert (await api.http.get(f"/documents/{document_id}", headers=partner)).status_code == 200
    denied = await append(api, partner, document_id, make_event("Drop-off", 2))
    assert denied.status_code == 403
    assert error_of(denied)["code"] == "restrictedResource"
    write = make_actor(
        "Recycler",
        partner_participant,
        offset_hours=3,
        permissions=[{"effect": "ALLOW", "actions": ["READ", "WRITE"]}],
    )
    assert (await append(api, owner, document_id, write)).status_code == 201
    assert (await append(api, partner, document_id, make_event("Drop-off", 4))).status_code == 201
    revoke = make_actor("Recycler", partner_participant, offset_hours=5, permissions=[])
    assert (await append(api, owner, document_id, revoke)).status_code == 201
    assert (await api.http.get(f"/documents/{document_id}", headers=partner)).status_code == 404
