"""``GET /public/documents/{id}``: no token, public documents only, masked (privacy.md)."""

from __future__ import annotations

from typing import Any

import pytest

from massid.api.public_schemas import PublicDocumentOut
from tests.api.helpers import append, create_document, error_of, get_document
from tests.conftest import Api
from tests.factories import make_event
from tests.public_seed import (
    FACILITY,
    GENERATOR,
    HAULER,
    INTEGRATOR,
    ORIGIN,
    PLATE,
    PRIVATE_FILE,
    PRIVATE_VALUES,
    RECYCLER,
    SECRETS,
    seed_massid,
)


async def public_get(api: Api, document_id: str) -> Any:
    return await api.http.get(f"/public/documents/{document_id}")


async def seeded(api: Api) -> tuple[str, dict[str, str]]:
    credentials = await api.new_client(env="PROD")
    headers = {"Authorization": f"Bearer {await api.token(credentials)}"}
    return await seed_massid(api.http, headers), credentials


NEVER_PUBLIC = [
    ("primary participant taxId", GENERATOR["taxId"]),
    ("primary participant email", GENERATOR["email"]),
    ("primary participant phone", GENERATOR["phone"]),
    ("hauler taxId", HAULER["taxId"]),
    ("hauler email", HAULER["email"]),
    ("public recycler taxId", RECYCLER["taxId"]),
    ("public recycler phone", RECYCLER["phone"]),
    ("public integrator taxId", INTEGRATOR["taxId"]),
    ("primary address street", ORIGIN["street"]),
    ("primary address number", ORIGIN["number"]),
    ("primary address complement", ORIGIN["complement"]),
    ("primary address zipCode", ORIGIN["zipCode"]),
    ("event address street", FACILITY["street"]),
    ("event address number", FACILITY["number"]),
    ("event address zipCode", FACILITY["zipCode"]),
    ("document deduplicationId", "dedup-massid-demo-1"),
    ("event deduplicationId", "dedup-event-pickup-1"),
]


@pytest.mark.parametrize(("field", "secret"), NEVER_PUBLIC, ids=[f for f, _ in NEVER_PUBLIC])
async def test_never_public_field_is_absent(api: Api, field: str, secret: str) -> None:
    document_id, credentials = await seeded(api)
    owner = {"Authorization": f"Bearer {await api.token(credentials)}"}
    assert secret in (await api.http.get(f"/documents/{document_id}", headers=owner)).text
    response = await public_get(api, document_id)
    assert response.status_code == 200, response.text
    assert secret not in response.text, field


async def test_client_ids_are_never_public(api: Api) -> None:
    document_id, credentials = await seeded(api)
    body = (await public_get(api, document_id)).text
    assert credentials["clientId"] not in body
    assert "author" not in body and "clientId" not in body


async def test_public_view_is_masked_and_keeps_what_is_public(api: Api) -> None:
    document_id, _ = await seeded(api)
    response = await public_get(api, document_id)
    view = response.json()
    PublicDocumentOut.model_validate(view)  # the documented shape, and nothing else
    text = response.text
    for secret in SECRETS:
        assert secret not in text, secret
    assert view["id"] == document_id and view["currentValue"] == 950
    assert view["primaryAddress"] == {
        "city": "São Paulo",
        "countryState": "SP",
        "countryCode": "BR",
        "latitude": -23.6,
        "longitude": -46.7,
    }
    names = [event["name"] for event in view["externalEvents"]]
    assert "Internal Note" not in names and names[-1] == "Recycled"
    pickup = next(event for event in view["externalEvents"] if event["name"] == "Pick-up")
    attributes = {item["name"]: item for item in pickup["metadata"]["attributes"]}
    assert attributes["Vehicle License Plate"]["value"] == "AB****3"
    assert "value" not in attributes["Driver Birth Date"]
    assert "value" not in attributes["Driver Document"]
    assert "Driver Name" not in attributes
    assert attributes["Vehicle Type"]["value"] == "Truck"
    hauler = pickup["participant"]
    assert set(hauler) == {"id", "roles"} and hauler["roles"] == ["Hauler"]
    weighing = next(event for event in view["externalEvents"] if event["name"] == "Weighing")
    assert weighing["participant"]["name"] == RECYCLER["name"]
    assert weighing["participant"]["roles"] == ["Processor", "Recycler"]
    assert weighing["attachments"] == [
        {"isPublic": True, "label": "Weighing Ticket", "fileName": "ticket-0001.jpg"},
        {"isPublic": False, "label": "Invoice"},
    ]
    assert view["primaryParticipant"]["roles"] == ["Waste Generator"]
    assert "name" not in view["primaryParticipant"]
    assert len(view["participants"]) == 4
    assert PLATE not in text and PRIVATE_FILE not in text and PRIVATE_VALUES[1] not in text


async def test_private_participants_hash_is_stable_across_documents(api: Api) -> None:
    first, _ = await seeded(api)
    second, _ = await seeded(api)
    one = (await public_get(api, first)).json()["primaryParticipant"]["id"]
    two = (await public_get(api, second)).json()["primaryParticipant"]["id"]
    assert one == two and len(one) == 32


async def test_not_public_documents_are_404(api: Api) -> None:
    headers = await api.headers(env="PROD")
    private_id = await create_document(api, headers, isPublic=False)
    test_env_id = await create_document(api, await api.headers(env="TEST"))
    for document_id in (
        private_id,
        test_env_id,
        "not-a-uuid",
        "0190f000-0000-7000-8000-000000000000",
    ):
        response = await public_get(api, document_id)
        assert response.status_code == 404
        assert error_of(response)["code"] == "objectNotFound"


async def test_update_events_switch_public_visibility(api: Api) -> None:
    headers = await api.headers(env="PROD")
    document_id = await create_document(api, headers, isPublic=False)
    assert (await public_get(api, document_id)).status_code == 404
    show = make_event("UPDATE", 1, updates={"isPublic": True})
    assert (await append(api, headers, document_id, show)).status_code == 201
    assert (await public_get(api, document_id)).status_code == 200
    hide = make_event("UPDATE", 2, updates={"isPublic": False})
    assert (await append(api, headers, document_id, hide)).status_code == 201
    assert (await public_get(api, document_id)).status_code == 404


async def test_auditor_reads_every_document_of_its_environment_unmasked(api: Api) -> None:
    document_id, _ = await seeded(api)
    auditor = await api.headers(env="PROD", role="auditor")
    stored = await get_document(api, auditor, document_id)
    text = str(stored)
    for secret in (GENERATOR["taxId"], ORIGIN["street"], PLATE, PRIVATE_VALUES[1], PRIVATE_FILE):
        assert secret in text
    assert stored["primaryParticipant"]["name"] == GENERATOR["name"]
    assert any(event["name"] == "Internal Note" for event in stored["externalEvents"])
    other_env = await api.headers(env="TEST", role="auditor")
    assert (await api.http.get(f"/documents/{document_id}", headers=other_env)).status_code == 404


async def test_participant_granted_read_sees_everything(api: Api) -> None:
    owner = await api.headers(env="PROD")
    reader_key = "BR|CNPJ|99888777000166"
    reader_party = {
        "name": "Reader Co",
        "countryCode": "BR",
        "taxId": "99.888.777/0001-66",
        "taxIdType": "CNPJ",
        "type": "COMPANY",
    }
    document_id = await seed_massid(api.http, owner)
    grant = make_event(
        "ACTOR",
        24 * 91,
        label="Auditor Partner",
        participant=reader_party,
        permissions=[{"effect": "ALLOW", "actions": ["READ"]}],
    )
    assert (await append(api, owner, document_id, grant)).status_code == 201
    reader = await api.headers(env="PROD", participant_key=reader_key)
    stored = await get_document(api, reader, document_id)
    assert PRIVATE_VALUES[0] in str(stored) and GENERATOR["email"] in str(stored)
