"""Strict mode over HTTP on SQLite and PostgreSQL: on request, by server default, in the DB."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.credit_helpers import another_load, cancel, failing, seed_world, verify
from tests.api.helpers import submit
from tests.conftest import Api
from tests.methodology_factories import INTEGRATOR, make_massid

STRICT_SLUGS = [
    "first-identified-participant-fip",
    "fip-address",
    "processor-and-drop-off",
    "recycling-manifest-value",
    "net-weight-verification",
    "weighing-tare",
    "methodology-distance-limit",
]


@pytest.fixture
async def world(api: Api) -> dict[str, Any]:
    return await seed_world(api)


def rule(result: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(r for r in result["rules"] if r["slug"] == slug)


async def test_strict_mode_adds_the_framework_checks(api: Api, world: dict[str, Any]) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    carbon = await verify(api, headers, mass_id, "bold-carbon", strict=True)
    assert carbon["status"] == "PASSED", failing(carbon)
    assert carbon["strict"] is True
    assert [r["slug"] for r in carbon["rules"][20:]] == [*STRICT_SLUGS, "project-size"]
    assert carbon["certificate"]["type"] == "GasID"
    assert rule(carbon, "project-size")["content"]["recyclerLast12MonthsKg"] == "0"
    assert rule(carbon, "methodology-distance-limit")["content"]["distanceKm"] == "31.495"
    recycling = await verify(api, headers, mass_id, "bold-recycling", strict=False)
    assert (recycling["strict"], len(recycling["rules"])) == (False, 19)
    listed = await api.http.get(f"/documents/{mass_id}/verifications", headers=headers)
    assert [(r["strict"], len(r["rules"])) for r in listed.json()] == [(False, 19), (True, 28)]

    methodologies = await api.http.get("/methodologies", headers=headers)
    strict_rules = {m["slug"]: m["strictRules"] for m in methodologies.json()}
    assert [r["slug"] for r in strict_rules["bold-recycling"]] == STRICT_SLUGS
    assert strict_rules["bold-carbon"][-1]["slug"] == "project-size"


async def test_a_strict_failure_holds_back_the_certificate(api: Api, world: dict[str, Any]) -> None:
    headers = world["integrator"]
    # The integrator, not the waste generator, is the MassID's primary participant.
    mass_id = await submit(api, headers, make_massid(participant=INTEGRATOR))
    strict = await verify(api, headers, mass_id, "bold-recycling", strict=True)
    assert list(failing(strict)) == ["first-identified-participant-fip"]
    assert strict["certificateNotIssued"]["reason"] == "VERIFICATION_NOT_PASSED"
    assert (await verify(api, headers, mass_id, "bold-recycling"))["certificate"] is not None


async def test_the_server_setting_turns_strict_mode_on(api: Api, world: dict[str, Any]) -> None:
    api.container.verification.strict_by_default = True
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    by_default = await verify(api, headers, mass_id, "bold-recycling")
    assert (by_default["strict"], len(by_default["rules"])) == (True, 26)
    preview = await api.http.post(
        "/verifications/preview",
        json={"methodology": "bold-recycling", "strict": False, **another_load("XYZ1234")},
        headers=headers,
    )
    assert (preview.json()["strict"], len(preview.json()["rules"])) == (False, 19)
    assert preview.json()["certificateNotIssued"]["reason"] == "PREVIEW"


async def test_the_project_size_sums_the_recyclers_live_gas_ids(
    api: Api, world: dict[str, Any]
) -> None:
    headers, accreditor = world["integrator"], world["accreditor"]
    first = await submit(api, headers, another_load("ABC1D23"))
    gas_id = (await verify(api, headers, first, "bold-carbon"))["certificate"]["documentId"]
    second = await submit(api, headers, another_load("XYZ1234"))
    result = await verify(api, headers, second, "bold-carbon", strict=True)
    content = rule(result, "project-size")["content"]
    assert (content["recyclerLast12MonthsKg"], content["totalKg"]) == ("417.1944", "834.3888")

    assert (await cancel(api, accreditor, gas_id)).status_code == 201
    body = {"methodology": "bold-carbon", "strict": True, **another_load("DEF5G67")}
    preview = await api.http.post("/verifications/preview", json=body, headers=headers)
    content = rule(preview.json(), "project-size")["content"]
    assert content["recyclerLast12MonthsKg"] == "417.1944"  # the cancelled one no longer counts
