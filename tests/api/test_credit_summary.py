"""``GET /credits/summary`` on SQLite and PostgreSQL: totals, filters, access, bad parameters."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.credit_helpers import another_load, cancel, make_order, seed_world, verify
from tests.api.helpers import error_of, get_document, submit
from tests.conftest import Api


@pytest.fixture
async def world(api: Api) -> dict[str, Any]:
    return await seed_world(api)


async def summary(api: Api, headers: dict[str, str], query: str = "") -> Any:
    response = await api.http.get(f"/credits/summary{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def figures(entry: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("certificates", "certifiedKg", "preventedCo2eKg", "creditsIssued", "creditsSold")
    return tuple(entry[key] for key in keys)


async def test_totals_per_methodology_and_recycler(api: Api, world: dict[str, Any]) -> None:
    integrator, accreditor = world["integrator"], world["accreditor"]
    issued: dict[str, list[str]] = {"bold-recycling": [], "bold-carbon": []}
    for plate in ("ABC1D23", "XYZ1234"):
        mass_id = await submit(api, integrator, another_load(plate))
        for methodology in issued:
            result = await verify(api, integrator, mass_id, methodology)
            issued[methodology].append(result["certificate"]["documentId"])
    assert (await cancel(api, accreditor, issued["bold-recycling"][1])).status_code == 201
    await submit(api, accreditor, make_order(37.5, issued["bold-carbon"][0]))

    totals = await summary(api, accreditor)
    assert totals["environment"] == "TEST"
    by_slug = {entry["methodology"]: entry for entry in totals["methodologies"]}
    assert figures(by_slug["bold-recycling"]) == (1, "950", "0", "0.95", "0")
    assert figures(by_slug["bold-carbon"]) == (2, "1900", "834.3888", "0.834388", "0.417194")
    assert (by_slug["bold-carbon"]["creditSymbol"], by_slug["bold-recycling"]["creditSymbol"]) == (
        "C-CARB.CH4",
        "C-BIOW",
    )
    mass = await get_document(api, integrator, mass_id)
    recycler = next(e for e in mass["externalEvents"] if e.get("label") == "Recycler")
    assert [
        (r["methodology"], r["recyclerId"], r["recyclerName"]) for r in totals["recyclers"]
    ] == [
        ("bold-carbon", recycler["participant"]["id"], "Compostagem Paulista Ltda"),
        ("bold-recycling", recycler["participant"]["id"], "Compostagem Paulista Ltda"),
    ]
    assert figures(totals["recyclers"][0]) == figures(by_slug["bold-carbon"])

    auditor = await api.headers(role="auditor")
    assert await summary(api, auditor) == totals
    carbon = await summary(api, accreditor, "?methodology=bold-carbon")
    assert [entry["methodology"] for entry in carbon["methodologies"]] == ["bold-carbon"]
    assert [entry["methodology"] for entry in carbon["recyclers"]] == ["bold-carbon"]

    # Certificates are dated by issuance (the verification clock: 2026-05-01T12:00Z).
    that_day = await summary(api, accreditor, "?from=2026-05-01&to=2026-05-02")
    assert that_day["methodologies"] == totals["methodologies"]
    for query in ("?from=2026-05-01T12:00:00.001Z", "?to=2026-05-01T12:00:00Z"):
        empty = await summary(api, accreditor, query)
        assert [figures(e) for e in empty["methodologies"]] == [(0, "0", "0", "0", "0")] * 2
        assert empty["recyclers"] == []
    assert (await summary(api, await api.headers(role="accreditor", env="PROD")))["recyclers"] == []


async def test_only_accreditors_and_auditors_see_totals(api: Api, world: dict[str, Any]) -> None:
    refused = await api.http.get("/credits/summary", headers=world["integrator"])
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "restrictedResource"
    assert (await api.http.get("/credits/summary")).status_code == 401


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?methodology=bold-plastic", "/methodology (query parameter)"),
        ("?from=yesterday", "/from (query parameter)"),
        ("?from=2026-02-30", "/from (query parameter)"),
        ("?to=2026-05-01T10:00:00", "/to (query parameter)"),
        ("?from=2026-05-02&to=2026-05-01", "/to (query parameter)"),
        ("?form=2026-05-01", "/form (query parameter)"),
        ("?methodology=bold-carbon&methodology=bold-carbon", "/methodology (query parameter)"),
    ],
)
async def test_bad_parameters_are_named(
    api: Api, world: dict[str, Any], query: str, named: str
) -> None:
    response = await api.http.get(f"/credits/summary{query}", headers=world["accreditor"])
    assert response.status_code == 400, response.text
    assert named in error_of(response)["message"]
