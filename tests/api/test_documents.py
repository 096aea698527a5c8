"""POST /documents and GET /documents/{id} (api.md §4)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api
from tests.factories import make_address, make_document, make_event, make_participant, ts


async def create(api: Api, headers: dict[str, str], **overrides: Any) -> str:
    response = await api.http.post("/documents", json=make_document(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_create_then_read_back_every_field(api: Api) -> None:
    headers = await api.headers()
    payload = make_document(
        externalId="ext-1",
        title="A title",
        shortTitle="Short",
        tags={"farm": "north", "empty": None},
        deduplicationId="doc-1",
    )
    response = await api.http.post("/documents", json=payload, headers=headers)
    assert response.status_code == 201
    document_id = response.json()["id"]
    assert list(response.json()) == ["id"]
    got = await api.http.get(f"/documents/{document_id}", headers=headers)
    assert got.status_code == 200
    assert got.headers["etag"] == '"0"'
    doc = got.json()
    for field in (
        "category",
        "type",
        "subtype",
        "measurementUnit",
        "value",
        "externalId",
        "title",
        "shortTitle",
        "tags",
        "deduplicationId",
        "isPublic",
        "isPubliclySearchable",
    ):
        assert doc[field] == payload[field], field
    assert doc["id"] == document_id
    assert doc["status"] == "OPEN"
    assert doc["currentValue"] == 1000
    assert doc["dataSetName"] == "TEST"
    assert doc["externalCreatedAt"] == payload["externalCreatedAt"]
    assert doc["externalEvents"] == []
    assert doc["attachments"] == []
    assert doc["primaryParticipant"]["name"] == payload["participant"]["name"]
    assert doc["primaryParticipant"]["id"]
    assert doc["primaryAddress"]["street"] == payload["address"]["street"]
    assert doc["primaryAddress"]["id"]
    assert set(doc["author"]) == {"clientId", "participantId", "dataSetName"}
    for stamp in ("createdAt", "updatedAt"):
        assert doc[stamp].endswith("Z")


async def test_participants_are_shared_by_tax_id_and_addresses_by_content(api: Api) -> None:
    headers = await api.headers()
    other = await api.headers()
    participant = make_participant(tax_id="12.345.678/0001-90")
    first = await create(api, headers, participant=participant)
    second = await create(
        api,
        other,
        participant=make_participant("Renamed", tax_id="12345678000190"),
        address=make_address(street="  RUA DAS FLORES "),
    )
    one = (await api.http.get(f"/documents/{first}", headers=headers)).json()
    two = (await api.http.get(f"/documents/{second}", headers=other)).json()
    assert one["primaryParticipant"]["id"] == two["primaryParticipant"]["id"]
    assert one["primaryAddress"]["id"] == two["primaryAddress"]["id"]
    # Each record keeps the snapshot it was sent with.
    assert two["primaryParticipant"]["name"] == "Renamed"
    assert two["primaryAddress"]["street"] == "  RUA DAS FLORES "


async def test_reuse_by_id(api: Api) -> None:
    headers = await api.headers()
    first = await create(api, headers)
    doc = (await api.http.get(f"/documents/{first}", headers=headers)).json()
    payload = make_document(
        participantId=doc["primaryParticipant"]["id"], addressId=doc["primaryAddress"]["id"]
    )
    del payload["participant"], payload["address"]
    second = await api.http.post("/documents", json=payload, headers=headers)
    assert second.status_code == 201
    again = (await api.http.get(f"/documents/{second.json()['id']}", headers=headers)).json()
    assert again["primaryParticipant"] == doc["primaryParticipant"]
    assert again["primaryAddress"] == doc["primaryAddress"]


@pytest.mark.parametrize(
    ("mutate", "pointer"),
    [
        (lambda d: d.pop("category"), "/category"),
        (lambda d: d.pop("externalCreatedAt"), "/externalCreatedAt"),
        (lambda d: d.update(isPublic="false"), "/isPublic"),
        (lambda d: d.update(value="100"), "/value"),
        (lambda d: d.update(value=-1), "/value"),
        (lambda d: d.update(externalCreatedAt=1767225600), "/externalCreatedAt"),
        (lambda d: d.update(externalCreatedAt="2026-01-10T10:00:00"), "/externalCreatedAt"),
        (lambda d: d.update(externalCreatedAt="yesterday"), "/externalCreatedAt"),
        (lambda d: d.update(unknownField=1), "/unknownField"),
        (lambda d: d.pop("participant"), "/participant"),
        (
            lambda d: d.update(participantId="00000000-0000-4000-8000-000000000000"),
            "/participantId",
        ),
        (lambda d: d.pop("address"), "/address"),
        (lambda d: d["participant"].pop("taxId"), "/participant/taxId"),
        (lambda d: d["address"].update(latitude=91), "/address/latitude"),
        (lambda d: d["address"].update(colour="red"), "/address/colour"),
        (lambda d: d.update(tags={"a": 1}), "/tags/a"),
        (lambda d: d.update(category=""), "/category"),
        (
            lambda d: d.update(parentDocumentId="00000000-0000-7000-8000-000000000000"),
            "/parentDocumentId",
        ),
    ],
)
async def test_validation_errors_name_the_field(api: Api, mutate: Any, pointer: str) -> None:
    headers = await api.headers()
    payload = make_document()
    mutate(payload)
    response = await api.http.post("/documents", json=payload, headers=headers)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["code"] == "validationError"
    assert error["message"].startswith(pointer), error["message"]
    assert error["id"] == response.headers["x-request-id"]


async def test_parent_document_must_be_visible(api: Api) -> None:
    headers = await api.headers()
    parent = await create(api, headers)
    child = await api.http.post(
        "/documents", json=make_document(parentDocumentId=parent), headers=headers
    )
    assert child.status_code == 201
    stranger = await api.headers()
    refused = await api.http.post(
        "/documents", json=make_document(parentDocumentId=parent), headers=stranger
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"].startswith("/parentDocumentId")


async def test_strings_are_stored_and_returned_verbatim(api: Api) -> None:
    headers = await api.headers()
    odd = "  <script>alert('x')</script> ünïcödé \u200b ' OR 1=1 -- \\ \"q\" "
    document_id = await create(api, headers, title=odd, externalId=odd[:200])
    doc = (await api.http.get(f"/documents/{document_id}", headers=headers)).json()
    assert doc["title"] == odd
    assert doc["externalId"] == odd[:200]


async def test_if_none_match_gives_304(api: Api) -> None:
    headers = await api.headers()
    document_id = await create(api, headers)
    first = await api.http.get(f"/documents/{document_id}", headers=headers)
    cached = await api.http.get(
        f"/documents/{document_id}", headers={**headers, "If-None-Match": first.headers["etag"]}
    )
    assert cached.status_code == 304
    await api.http.post(f"/documents/{document_id}/events", json=make_event(), headers=headers)
    fresh = await api.http.get(
        f"/documents/{document_id}", headers={**headers, "If-None-Match": first.headers["etag"]}
    )
    assert fresh.status_code == 200
    assert fresh.headers["etag"] == '"1"'


@pytest.mark.parametrize(
    "document_id",
    [
        "not-a-uuid",
        "00000000-0000-7000-8000-000000000000",
        "01A21988-6FA9-7DD6-8469-70A2F76AC9BD",
        "' OR 1=1 --",
    ],
)
async def test_unknown_or_malformed_ids_are_404(api: Api, document_id: str) -> None:
    headers = await api.headers()
    response = await api.http.get(f"/documents/{document_id}", headers=headers)
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "objectNotFound"


async def test_timestamp_with_offset_is_normalised_to_utc(api: Api) -> None:
    headers = await api.headers()
    document_id = await create(api, headers, externalCreatedAt="2026-01-10T07:00:00-03:00")
    doc = (await api.http.get(f"/documents/{document_id}", headers=headers)).json()
    assert doc["externalCreatedAt"] == ts(0)
