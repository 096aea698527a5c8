"""Credit orders over HTTP on SQLite and PostgreSQL: sales, cancellation, payout tables."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from massid.services.certificate_sales import CertificateSales
from tests.api.credit_helpers import (
    another_load,
    cancel,
    failing,
    make_order,
    order_event,
    seed_world,
    sell,
    verify,
)
from tests.api.helpers import append, error_of, get_document, submit
from tests.conftest import Api

PLATES = ("ABC1D23", "XYZ1234", "DEF5G67")


@pytest.fixture
async def world(api: Api) -> dict[str, Any]:
    return await seed_world(api)


async def certificates(
    api: Api, world: dict[str, Any], methodology: str, count: int
) -> list[tuple[str, str]]:
    """``count`` different MassIDs verified under ``methodology``: (MassID, certificate)."""
    found = []
    for plate in PLATES[:count]:
        mass_id = await submit(api, world["integrator"], another_load(plate))
        result = await verify(api, world["integrator"], mass_id, methodology)
        assert result["certificate"] is not None, failing(result)
        found.append((mass_id, result["certificate"]["documentId"]))
    return found


async def test_a_certificate_is_sold_in_one_live_order(api: Api, world: dict[str, Any]) -> None:
    accreditor = world["accreditor"]
    [(mass_id, certificate)] = await certificates(api, world, "bold-carbon", 1)
    first = await submit(api, accreditor, make_order(37.5, certificate))
    second = await submit(api, accreditor, make_order(37.5))
    refused = await append(api, accreditor, second, sell(certificate))
    assert refused.status_code == 409, refused.text
    assert error_of(refused)["reason"] == "CERTIFICATE_ALREADY_SOLD"
    assert first in error_of(refused)["message"]
    assert "/relatedDocument/documentId" in error_of(refused)["message"]
    # Linking it again to the order that holds it changes nothing.
    assert (await append(api, accreditor, first, sell(certificate, 1.5))).status_code == 201
    # A batch that sells it twice is refused as a whole.
    third = await submit(api, accreditor, make_order(37.5))
    batch = {"events": [{**sell(certificate), "documentId": third}]}
    refused = await api.http.post("/documents/events", json=batch, headers=accreditor)
    assert error_of(refused)["reason"] == "CERTIFICATE_ALREADY_SOLD"

    conflict = await verify(api, world["integrator"], mass_id, "bold-carbon")
    assert "credit order" in failing(conflict)["no-conflicting-gas-id-or-credit"]

    assert (await cancel(api, accreditor, first)).status_code == 201
    taken = await append(api, accreditor, second, sell(certificate))
    assert taken.status_code == 201, taken.text


async def test_a_sold_certificate_is_cancelled_only_after_its_order(
    api: Api, world: dict[str, Any]
) -> None:
    accreditor = world["accreditor"]
    [(_mass_id, certificate)] = await certificates(api, world, "bold-recycling", 1)
    order = await submit(api, accreditor, make_order(12, certificate))
    refused = await cancel(api, accreditor, certificate)
    assert refused.status_code == 409
    assert error_of(refused)["reason"] == "CERTIFICATE_SOLD"
    assert order in error_of(refused)["message"]
    # Cancelling the order and the certificate in one batch, in that order, is fine.
    batch = {
        "events": [
            {**order_event("CANCEL", 2), "documentId": order},
            {**order_event("CANCEL", 2), "documentId": certificate},
        ]
    }
    done = await api.http.post("/documents/events", json=batch, headers=accreditor)
    assert done.status_code == 201, done.text
    assert (await get_document(api, accreditor, certificate))["status"] == "CANCELLED"


async def test_cancelled_certificates_and_closed_orders_do_not_sell(
    api: Api, world: dict[str, Any]
) -> None:
    accreditor = world["accreditor"]
    [(_m1, cancelled), (_m2, live)] = await certificates(api, world, "bold-carbon", 2)
    assert (await cancel(api, accreditor, cancelled)).status_code == 201
    order = await submit(api, accreditor, make_order(37.5))
    refused = await append(api, accreditor, order, sell(cancelled))
    assert error_of(refused)["reason"] == "CERTIFICATE_CANCELLED"

    assert (await append(api, accreditor, order, order_event("CLOSE", 1))).status_code == 201
    refused = await append(api, accreditor, order, sell(live, 1.5))
    assert refused.status_code == 409
    assert error_of(refused)["reason"] == "CREDIT_ORDER_CLOSED"

    elsewhere = await api.headers(role="accreditor", env="PROD")
    foreign = await submit(api, elsewhere, make_order(37.5))
    refused = await append(api, elsewhere, foreign, sell(live))
    assert refused.status_code == 400
    assert f"no document {live} visible" in error_of(refused)["message"]


async def test_verifying_an_order_returns_and_stores_its_payout(
    api: Api, world: dict[str, Any]
) -> None:
    accreditor = world["accreditor"]
    sold = await certificates(api, world, "bold-carbon", 2)
    order = await submit(api, accreditor, make_order(37.5, *(c for _m, c in sold)))
    result = await verify(api, accreditor, order, "bold-carbon")
    assert result["status"] == "PASSED", result["rules"]
    assert (result["documentId"], result["documentType"]) == (order, "Credit Order")
    payout = result["payout"]
    assert payout["creditUnitPrice"] == "37.5"
    assert payout["massIDCertificateTotalValue"] == "0.834388"  # 2 × 0.417194 credits
    assert payout["orderTotal"] == "31.28955"
    amounts = [Decimal(actor["amount"]) for actor in payout["actors"]]
    assert sum(amounts) == Decimal(payout["orderTotal"])
    assert sum(Decimal(a["percentage"]) for a in payout["actors"]) == 100
    roles = [actor["actorType"] for actor in payout["actors"]]
    assert roles == [
        "Waste Generator",
        "Hauler",
        "Processor",
        "Recycler",
        "Integrator",
        "Methodology Author",
        "Methodology Developer",
        "Network",
    ]
    # 30 % of 0.417194 × 37.5, rounded down to 6 dp, for each of the two certificates.
    assert payout["actors"][0]["amount"] == "9.386864"
    assert [c["documentId"] for c in payout["certificates"]] == [c for _m, c in sold]

    listed = await api.http.get(f"/documents/{order}/verifications", headers=accreditor)
    assert listed.json() == [result]
    stored = await get_document(api, accreditor, order)
    last = stored["externalEvents"][-1]
    assert (last["name"], last["author"]["clientId"]) == ("rewards-distribution", "massid-server")
    details = {a["name"]: a["value"] for a in last["metadata"]["attributes"]}
    assert details["Slug"] == "rewards-distribution"
    assert details["Rule Result Details"]["orderTotal"] == "31.28955"

    wrong = await verify(api, accreditor, order, "bold-recycling")
    assert wrong["status"] == "FAILED" and wrong["payout"] is None
    assert "GasID" in wrong["rules"][0]["comment"]
    listed = await api.http.get(f"/documents/{order}/verifications", headers=accreditor)
    assert [r["status"] for r in listed.json()] == ["FAILED", "PASSED"]


async def test_an_order_needs_a_price_and_certificates(api: Api, world: dict[str, Any]) -> None:
    accreditor = world["accreditor"]
    [(_mass_id, certificate)] = await certificates(api, world, "bold-recycling", 1)
    cases = [(None, (certificate,), "Credit Unit Price"), (0, (certificate,), "Credit Unit Price")]
    cases.append((10, (), "no certificate"))
    for price, sold, words in cases:
        order = await submit(api, accreditor, make_order(price, *sold))
        result = await verify(api, accreditor, order, "bold-recycling")
        assert result["status"] == "FAILED"
        assert words in result["rules"][0]["comment"]
        assert (await cancel(api, accreditor, order)).status_code == 201


async def test_a_closed_or_cancelled_order_is_settled(api: Api, world: dict[str, Any]) -> None:
    accreditor = world["accreditor"]
    [(_mass_id, certificate)] = await certificates(api, world, "bold-recycling", 1)
    order = await submit(api, accreditor, make_order(10, certificate))
    assert (await verify(api, accreditor, order, "bold-recycling"))["status"] == "PASSED"
    assert (await append(api, accreditor, order, order_event("CLOSE", 1))).status_code == 201
    response = await api.http.post(
        f"/documents/{order}/verifications",
        json={"methodology": "bold-recycling"},
        headers=accreditor,
    )
    assert response.status_code == 409
    assert error_of(response)["reason"] == "CREDIT_ORDER_CLOSED"
    # A closed order keeps its certificate sold: it cannot be cancelled any more.
    refused = await cancel(api, accreditor, certificate)
    assert error_of(refused)["reason"] == "CERTIFICATE_SOLD"


async def test_two_orders_racing_for_one_certificate(
    api: Api, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    accreditor = world["accreditor"]
    holder = CertificateSales._holder

    async def slow_holder(self: CertificateSales, certificate_id: str, *, lock: bool) -> Any:
        # Widen the race: every request reads the holder, then waits before writing.
        found = await holder(self, certificate_id, lock=lock)
        await asyncio.sleep(0.05)
        return found

    monkeypatch.setattr(CertificateSales, "_holder", slow_holder)
    [(_mass_id, certificate)] = await certificates(api, world, "bold-carbon", 1)
    orders = [await submit(api, accreditor, make_order(10)) for _ in range(4)]
    responses = await asyncio.gather(
        *(append(api, accreditor, order, sell(certificate)) for order in orders)
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    winner = orders[[r.status_code for r in responses].index(201)]
    for response in responses:
        if response.status_code == 409:
            assert winner in error_of(response)["message"]
