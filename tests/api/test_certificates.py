"""Certificates over HTTP on SQLite and PostgreSQL: issuance, rewards, cancellation, access."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.api.credit_helpers import (
    another_load,
    cancel,
    failing,
    make_order,
    open_massid,
    order_event,
    seed_world,
    verify,
)
from tests.api.helpers import append, error_of, get_document, submit
from tests.conftest import Api
from tests.methodology_factories import make_massid

SMALL_BUSINESS_SPLIT = {
    "Waste Generator": "30",
    "Hauler": "10",
    "Processor": "10",
    "Recycler": "20",
    "Integrator": "8",
    "Methodology Author": "1",
    "Methodology Developer": "1",
    "Network": "20",
}


@pytest.fixture
async def world(api: Api) -> dict[str, Any]:
    return await seed_world(api)


def split(certificate: dict[str, Any]) -> dict[str, str]:
    shares: dict[str, Decimal] = {}
    for reward in certificate["rewards"]:
        role = reward["actorType"]
        shares[role] = shares.get(role, Decimal(0)) + Decimal(reward["percentage"])
    assert sum(shares.values()) == 100
    return {role: format(value.normalize(), "f") for role, value in shares.items()}


async def test_a_closed_massid_earns_a_recycled_id_and_a_gas_id(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    recycling = await verify(api, headers, mass_id, "bold-recycling")
    carbon = await verify(api, headers, mass_id, "bold-carbon")
    recycled_id, gas_id = recycling["certificate"], carbon["certificate"]
    assert recycling["certificateNotIssued"] is None and carbon["certificateNotIssued"] is None
    assert {k: v for k, v in recycled_id.items() if k not in ("documentId", "rewards")} == {
        "type": "RecycledID",
        "value": 950,
        "measurementUnit": "kg",
        "credits": "0.95",
        "creditSymbol": "C-BIOW",
        "status": "OPEN",
    }
    assert {k: v for k, v in gas_id.items() if k not in ("documentId", "rewards")} == {
        "type": "GasID",
        "value": 417.1944,
        "measurementUnit": "kg CO2e",
        "credits": "0.417194",
        "creditSymbol": "C-CARB.CH4",
        "status": "OPEN",
    }
    # The reference's worked example: identified origin, a hauler, a small business.
    assert split(recycled_id) == split(gas_id) == SMALL_BUSINESS_SPLIT
    assert recycled_id["documentId"] != gas_id["documentId"]

    listed = await api.http.get(f"/documents/{mass_id}/verifications", headers=headers)
    assert [r["certificate"] for r in listed.json()] == [gas_id, recycled_id]


async def test_the_certificate_is_a_server_document_linked_both_ways(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    result = await verify(api, headers, mass_id, "bold-carbon")
    certificate_id = result["certificate"]["documentId"]
    audit_id = result["auditDocumentId"]

    document = await get_document(api, headers, certificate_id)
    assert (document["category"], document["type"]) == ("Methodology", "GasID")
    assert document["parentDocumentId"] == audit_id
    assert document["currentValue"] == 417.1944
    assert document["measurementUnit"] == "kg CO2e"
    assert document["status"] == "OPEN"
    assert document["author"]["clientId"] == "massid-server"
    events = document["externalEvents"]
    assert {e["author"]["clientId"] for e in events} == {"massid-server"}
    related = [e["relatedDocument"]["documentId"] for e in events if e["name"] == "RELATED"]
    assert related == [mass_id, audit_id, world["definitions"]["bold-carbon"]]
    attributes = {a["name"]: a["value"] for a in events[2]["metadata"]["attributes"]}
    assert attributes == {
        "Methodology Slug": "bold-carbon",
        "Credits": "0.417194",
        "Credit Symbol": "C-CARB.CH4",
    }
    rewards = events[-1]
    assert rewards["name"] == "rewards-distribution"
    details = {a["name"]: a["value"] for a in rewards["metadata"]["attributes"]}
    assert details["Slug"] == "rewards-distribution"
    assert details["Rule Result Details"]["massIDDocumentId"] == mass_id
    first = details["Rule Result Details"]["massIDRewards"][0]
    assert first["actorType"] == "Waste Generator"
    assert first["participant"]["name"] == "Restaurante Bom Sabor Ltda"
    assert first["massIDPercentage"] == "30"

    mass = await get_document(api, headers, mass_id)
    links = [e["relatedDocument"]["documentId"] for e in mass["externalEvents"][-2:]]
    assert links == [audit_id, certificate_id]
    audit = await get_document(api, headers, audit_id)
    assert certificate_id in {
        e["relatedDocument"]["documentId"]
        for e in audit["externalEvents"]
        if e["name"] == "RELATED"
    }


async def test_a_large_business_shares_with_the_community_impact_pool(api: Api) -> None:
    world = await seed_world(api, business_size="Large Business")
    mass_id = await submit(api, world["integrator"], make_massid())
    certificate = (await verify(api, world["integrator"], mass_id, "bold-recycling"))["certificate"]
    shares = split(certificate)
    assert (shares["Waste Generator"], shares["Community Impact Pool"]) == ("15", "15")
    assert shares["Network"] == "20"


async def test_an_open_massid_passes_without_certificate_and_gets_one_once_closed(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, open_massid())
    first = await verify(api, headers, mass_id, "bold-carbon")
    assert first["status"] == "PASSED"
    assert first["certificate"] is None
    assert first["certificateNotIssued"]["reason"] == "MASSID_NOT_CLOSED"
    assert "CLOSE" in first["certificateNotIssued"]["message"]
    close = make_massid()["events"][-1]
    assert (await append(api, headers, mass_id, close)).status_code == 201
    # The earlier PASSED audit issued nothing, so it does not block the certificate.
    second = await verify(api, headers, mass_id, "bold-carbon")
    assert second["status"] == "PASSED", failing(second)
    assert second["certificate"]["type"] == "GasID"
    listed = await api.http.get(f"/documents/{mass_id}/verifications", headers=headers)
    assert [r["certificateNotIssued"] for r in listed.json()] == [
        None,
        first["certificateNotIssued"],
    ]


async def test_failed_verifications_and_missing_integrators_issue_no_certificate(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    payload = make_massid()
    payload["events"] = [e for e in payload["events"] if e.get("label") != "Integrator"]
    mass_id = await submit(api, headers, payload)
    result = await verify(api, headers, mass_id, "bold-recycling")
    assert result["status"] == "PASSED", failing(result)
    assert result["certificate"] is None
    assert result["certificateNotIssued"]["reason"] == "REWARDS_NOT_COMPUTABLE"
    assert "Integrator" in result["certificateNotIssued"]["message"]
    again = await verify(api, headers, mass_id, "bold-recycling")
    assert again["status"] == "PASSED"

    twice = await submit(api, headers, another_load("XYZ1234"))
    assert (await verify(api, headers, twice, "bold-carbon"))["certificate"] is not None
    second = await verify(api, headers, twice, "bold-carbon")
    assert list(failing(second)) == ["no-conflicting-gas-id-or-credit"]
    assert second["certificateNotIssued"]["reason"] == "VERIFICATION_NOT_PASSED"


async def test_cancelling_a_certificate_frees_the_massid(api: Api, world: dict[str, Any]) -> None:
    headers, accreditor = world["integrator"], world["accreditor"]
    mass_id = await submit(api, headers, make_massid())
    first = await verify(api, headers, mass_id, "bold-carbon")
    certificate_id = first["certificate"]["documentId"]
    assert list(failing(await verify(api, headers, mass_id, "bold-carbon"))) == [
        "no-conflicting-gas-id-or-credit"
    ]
    refused = await cancel(api, headers, certificate_id)
    assert refused.status_code == 403, refused.text
    assert "accreditor" in error_of(refused)["message"]
    cancelled = await cancel(api, accreditor, certificate_id)
    assert cancelled.status_code == 201, cancelled.text
    assert (await get_document(api, headers, certificate_id))["status"] == "CANCELLED"

    again = await verify(api, headers, mass_id, "bold-carbon")
    assert again["status"] == "PASSED", failing(again)
    assert again["certificate"]["documentId"] not in (None, certificate_id)
    listed = (await api.http.get(f"/documents/{mass_id}/verifications", headers=headers)).json()
    statuses = [r["certificate"]["status"] for r in listed if r["certificate"]]
    assert statuses == ["OPEN", "CANCELLED"]
    # The RecycledID is independent of the GasID's history.
    assert (await verify(api, headers, mass_id, "bold-recycling"))["certificate"] is not None


async def test_integrators_cannot_write_to_audits_or_certificates(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    result = await verify(api, headers, mass_id, "bold-recycling")
    attempts = [
        order_event("RELATED", 3, relatedDocument={"documentId": mass_id}),
        order_event("CANCEL", 3),
        order_event("Note", 3),
    ]
    for target in (result["auditDocumentId"], result["certificate"]["documentId"]):
        for event in attempts:
            refused = await append(api, headers, target, event)
            assert refused.status_code == 403, refused.text
            assert "server" in error_of(refused)["message"]
        batch = {"documentId": target, "events": [order_event("Note", 3)]}
        refused = await api.http.post("/documents/events", json=batch, headers=headers)
        assert refused.status_code == 403
        upload = await api.http.put(
            f"/documents/{target}/attachments/x.pdf",
            json={"contentLength": 3, "contentType": "application/pdf"},
            headers=headers,
        )
        assert upload.status_code == 403, upload.text
        document = await get_document(api, headers, target)
        assert {e["author"]["clientId"] for e in document["externalEvents"]} == {"massid-server"}


async def test_accreditors_read_list_and_cancel_certificates_only(
    api: Api, world: dict[str, Any]
) -> None:
    headers, accreditor = world["integrator"], world["accreditor"]
    mass_id = await submit(api, headers, make_massid())
    result = await verify(api, headers, mass_id, "bold-carbon")
    certificate_id = result["certificate"]["documentId"]
    assert (await get_document(api, accreditor, certificate_id))["type"] == "GasID"
    for hidden in (mass_id, result["auditDocumentId"]):
        assert (await api.http.get(f"/documents/{hidden}", headers=accreditor)).status_code == 404
    listed = await api.http.get("/documents?type=GasID", headers=accreditor)
    assert [d["id"] for d in listed.json()["items"]] == [certificate_id]
    other = await api.http.get("/documents?type=GasID", headers=await api.headers())
    assert other.json()["items"] == []
    note = await append(api, accreditor, certificate_id, order_event("Note", 3))
    assert note.status_code == 403
    assert "only CANCEL" in error_of(note)["message"]
    auditor = await api.headers(role="auditor")
    refused = await cancel(api, auditor, certificate_id)
    assert refused.status_code == 403
    # Another environment's accreditor does not see it.
    prod = await api.headers(role="accreditor", env="PROD")
    assert (await api.http.get(f"/documents/{certificate_id}", headers=prod)).status_code == 404


async def test_server_kinds_are_refused_at_creation_and_orders_need_an_accreditor(
    api: Api, world: dict[str, Any]
) -> None:
    base = make_massid()["document"]
    for type_ in ("RecycledID", "GasID", "MassID Audit"):
        document = {**base, "category": "Methodology", "type": type_}
        for who in (world["integrator"], world["accreditor"]):
            refused = await api.http.post("/documents", json=document, headers=who)
            assert refused.status_code == 403, refused.text
            assert "server only" in error_of(refused)["message"]
    order = {**base, "category": "Methodology", "type": "Credit Order"}
    order.pop("subtype")
    refused = await api.http.post("/documents", json=order, headers=world["integrator"])
    assert refused.status_code == 403
    assert "accreditor" in error_of(refused)["message"]
    created = await api.http.post("/documents", json=order, headers=world["accreditor"])
    assert created.status_code == 201


async def test_an_integrator_client_of_an_accreditors_integrator_cannot_write_orders(
    api: Api,
) -> None:
    name = "Dual Role Ltda"
    accreditor = await api.headers(role="accreditor", integrator=name)
    order = await submit(api, accreditor, make_order(37.5))
    integrator = await api.headers(integrator=name)
    assert (await get_document(api, integrator, order))["type"] == "Credit Order"
    refused = await append(api, integrator, order, order_event("Note"))
    assert refused.status_code == 403, refused.text
    assert "accreditor clients only" in error_of(refused)["message"]
    assert (await append(api, accreditor, order, order_event("Note"))).status_code == 201
