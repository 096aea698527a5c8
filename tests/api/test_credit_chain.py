"""The whole chain over HTTP, on SQLite and PostgreSQL: from MassID submission to payouts.

An accreditor writes the methodology definitions and the participants' accreditations; an
integrator submits a MassID, closes it and verifies it under both methodologies, receiving a
RecycledID and a GasID; the accreditor sells each in a credit order and verifies the orders;
every payout table sums exactly to its order total, and the totals report what was sold.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.api.credit_helpers import DEFINITIONS, fix_verification_clock, make_order, verify
from tests.api.helpers import get_document, submit, upload_files
from tests.conftest import Api
from tests.methodology_factories import make_accreditations, make_definition, make_massid


def check_payout(result: dict[str, Any], credits: str, price: str, total: str) -> None:
    assert result["status"] == "PASSED", result["rules"]
    payout = result["payout"]
    assert (payout["massIDCertificateTotalValue"], payout["creditUnitPrice"]) == (credits, price)
    assert payout["orderTotal"] == total
    assert sum(Decimal(actor["amount"]) for actor in payout["actors"]) == Decimal(total)
    assert sum(Decimal(actor["percentage"]) for actor in payout["actors"]) == 100
    assert Decimal(payout["remainder"]["amount"]) >= 0


async def test_from_massid_submission_to_credit_order_payouts(api: Api) -> None:
    fix_verification_clock(api)
    accreditor = await api.headers(role="accreditor")
    integrator = await api.headers()
    for slug, name in DEFINITIONS:
        await submit(api, accreditor, make_definition(slug, name))
    for accreditation in make_accreditations().values():
        await submit(api, accreditor, accreditation)

    # The integrator records the MassID and its timeline, then closes it.
    payload = make_massid()
    *timeline, close = payload["events"]
    assert close["name"] == "CLOSE"
    created = await api.http.post("/documents", json=payload["document"], headers=integrator)
    mass_id = created.json()["id"]
    await upload_files(api.http, integrator, mass_id, timeline)
    batch = {"documentId": mass_id, "events": timeline}
    assert (await api.http.post("/documents/events", json=batch, headers=integrator)).is_success
    closed = await api.http.post(f"/documents/{mass_id}/events", json=close, headers=integrator)
    assert closed.status_code == 201
    assert (await get_document(api, integrator, mass_id))["status"] == "CLOSED"

    recycled_id = (await verify(api, integrator, mass_id, "bold-recycling"))["certificate"]
    gas_id = (await verify(api, integrator, mass_id, "bold-carbon"))["certificate"]
    assert (recycled_id["credits"], gas_id["credits"]) == ("0.95", "0.417194")

    # The accreditor sells each certificate at its credit's price, and splits the proceeds.
    trc_order = await submit(api, accreditor, make_order("12.34", recycled_id["documentId"]))
    tcc_order = await submit(api, accreditor, make_order("87.654321", gas_id["documentId"]))
    trc = await verify(api, accreditor, trc_order, "bold-recycling")
    check_payout(trc, "0.95", "12.34", "11.723")
    tcc = await verify(api, accreditor, tcc_order, "bold-carbon")
    check_payout(tcc, "0.417194", "87.654321", "36.568856")
    shares = {actor["actorType"]: actor["amount"] for actor in tcc["payout"]["actors"]}
    # 0.417194 × 87.654321 = 36.56885607…: each share rounds down, the Network takes the rest.
    assert shares["Waste Generator"] == "10.970657"
    assert Decimal(tcc["payout"]["remainder"]["amount"]) > 0

    totals = await api.http.get("/credits/summary", headers=accreditor)
    sold = {m["methodology"]: m["creditsSold"] for m in totals.json()["methodologies"]}
    assert sold == {"bold-recycling": "0.95", "bold-carbon": "0.417194"}
