"""The methodology world over HTTP: definitions, accreditations, verifications, credit orders."""

from __future__ import annotations

import copy
from typing import Any

from tests.api.helpers import append, submit
from tests.conftest import Api
from tests.methodology_factories import (
    INTEGRATOR,
    INTEGRATOR_ADDRESS,
    NOW,
    at,
    attr,
    get_attr,
    make_accreditations,
    make_definition,
    make_event,
    make_massid,
    set_attr,
)

DEFINITIONS = (("bold-recycling", "BOLD Recycling"), ("bold-carbon", "BOLD Carbon"))


def fix_verification_clock(api: Api) -> None:
    # Only the rules' "now" is fixed: tokens keep the real time they are checked against.
    api.container.verification.clock = lambda: NOW


async def seed_world(api: Api, business_size: str = "Small Business") -> dict[str, Any]:
    """An accreditor's definitions and accreditations, and an integrator's headers."""
    fix_verification_clock(api)
    accreditor = await api.headers(role="accreditor")
    definitions = {
        slug: await submit(api, accreditor, make_definition(slug, name))
        for slug, name in DEFINITIONS
    }
    accreditations = make_accreditations()
    onboarding = next(
        e
        for e in accreditations["Waste Generator"]["events"]
        if e["name"] == "Onboarding Declaration"
    )
    set_attr(onboarding, "Business Size Declaration", business_size)
    accreditation_ids = [await submit(api, accreditor, p) for p in accreditations.values()]
    return {
        "accreditor": accreditor,
        "integrator": await api.headers(),
        "accreditations": accreditation_ids,
        "definitions": definitions,
    }


async def verify(
    api: Api, headers: dict[str, str], document_id: str, methodology: str, **body: Any
) -> Any:
    response = await api.http.post(
        f"/documents/{document_id}/verifications",
        json={"methodology": methodology, **body},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def failing(result: dict[str, Any]) -> dict[str, str]:
    return {rule["slug"]: rule["comment"] for rule in result["rules"] if rule["status"] != "PASSED"}


def another_load(plate: str, **overrides: Any) -> dict[str, Any]:
    """The canonical MassID with another vehicle plate: a different load, not a duplicate."""
    payload = make_massid(**overrides)
    pick_up = next(e for e in payload["events"] if e["name"] == "Pick-up")
    set_attr(pick_up, "Vehicle License Plate", plate)
    for weighing in (e for e in payload["events"] if e["name"] == "Weighing"):
        set_attr(weighing, "Vehicle License Plate", plate)
    assert get_attr(pick_up, "Vehicle License Plate") == plate
    return payload


def open_massid() -> dict[str, Any]:
    """The canonical MassID without its CLOSE event."""
    payload = make_massid()
    payload["events"] = [e for e in payload["events"] if e["name"] != "CLOSE"]
    return payload


def order_event(name: str, hours: float = 1, **fields: Any) -> dict[str, Any]:
    return make_event(
        name, 0, INTEGRATOR, INTEGRATOR_ADDRESS, externalCreatedAt=at(hours, NOW), **fields
    )


def make_order(price: Any = 37.5, *certificate_ids: str) -> dict[str, Any]:
    """A Credit Order payload: its ``Credits`` event and one RELATED event per certificate."""
    document = {
        "category": "Methodology",
        "type": "Credit Order",
        "externalCreatedAt": at(0, NOW),
        "isPublic": False,
        "isPubliclySearchable": False,
        "participant": copy.deepcopy(INTEGRATOR),
        "address": copy.deepcopy(INTEGRATOR_ADDRESS),
    }
    events = [] if price is None else [order_event("Credits", 0, metadata=_price(price))]
    events += [sell(certificate_id) for certificate_id in certificate_ids]
    return {"document": document, "events": events}


def _price(price: Any) -> dict[str, Any]:
    return {"attributes": [attr("Credit Unit Price", price)]}


def sell(certificate_id: str, hours: float = 1) -> dict[str, Any]:
    return order_event("RELATED", hours, relatedDocument={"documentId": certificate_id})


async def cancel(api: Api, headers: dict[str, str], document_id: str) -> Any:
    return await append(api, headers, document_id, order_event("CANCEL", 2))
