"""Verification results and certificates in the public view and the Explorer."""

from __future__ import annotations

from typing import Any

from tests.api.credit_helpers import seed_world, verify
from tests.api.helpers import submit
from tests.conftest import Api
from tests.methodology_factories import make_massid, set_attr

BAD_PLATE = "ZZ-12345-QQ"


async def public_massid(api: Api, massid: dict[str, Any]) -> tuple[dict[str, Any], str]:
    world = await seed_world(api)
    api.container.public.environment = "TEST"  # the seeded world lives in TEST
    mass_id = await submit(api, world["integrator"], massid)
    return world, mass_id


async def test_public_view_shows_rules_and_the_certificate_without_private_data(
    api: Api,
) -> None:
    world, mass_id = await public_massid(api, make_massid())
    owner = await verify(api, world["integrator"], mass_id, "bold-carbon")
    assert owner["certificate"] is not None
    response = await api.http.get(f"/public/documents/{mass_id}")
    assert response.status_code == 200
    (result,) = response.json()["verifications"]
    assert result["status"] == "PASSED" and result["methodology"] == "bold-carbon"
    assert [rule["slug"] for rule in result["rules"]] == [r["slug"] for r in owner["rules"]]
    assert all(set(rule) == {"slug", "name", "status", "comment"} for rule in result["rules"])
    certificate = result["certificate"]
    assert certificate["type"] == "GasID" and certificate["creditSymbol"] == "C-CARB.CH4"
    assert certificate["credits"] == owner["certificate"]["credits"]
    assert all(set(reward) == {"actorType", "percentage"} for reward in certificate["rewards"])
    text = response.text
    for reward in owner["certificate"]["rewards"]:
        assert reward["participantId"] not in text


async def test_comments_quoting_hidden_values_are_redacted(api: Api) -> None:
    massid = make_massid()
    pick_up = next(event for event in massid["events"] if event["name"] == "Pick-up")
    set_attr(pick_up, "Vehicle License Plate", BAD_PLATE)
    plate = next(
        a for a in pick_up["metadata"]["attributes"] if a["name"] == "Vehicle License Plate"
    )
    plate["sensitive"] = True  # the public sees it masked, never whole
    world, mass_id = await public_massid(api, massid)
    owner = await verify(api, world["integrator"], mass_id, "bold-recycling")
    owner_comment = next(
        rule["comment"] for rule in owner["rules"] if rule["slug"] == "vehicle-identification"
    )
    assert BAD_PLATE in owner_comment
    response = await api.http.get(f"/public/documents/{mass_id}")
    (result,) = response.json()["verifications"]
    public_comment = next(
        rule["comment"] for rule in result["rules"] if rule["slug"] == "vehicle-identification"
    )
    where = response.text.find(BAD_PLATE)
    assert where == -1, response.text[max(0, where - 300) : where + 50]
    assert "[hidden]" in public_comment
    page = await api.http.get(f"/explorer/document/{mass_id}")
    assert page.status_code == 200
    assert 'id="verifications"' in page.text and "vehicle-identification" in page.text
    assert BAD_PLATE not in page.text


async def test_explorer_shows_the_certificate_and_rewards(api: Api) -> None:
    world, mass_id = await public_massid(api, make_massid())
    await verify(api, world["integrator"], mass_id, "bold-recycling")
    page = await api.http.get(f"/explorer/document/{mass_id}")
    assert 'id="certificate"' in page.text
    assert "RecycledID" in page.text and "C-BIOW" in page.text
    assert "Rewards by role" in page.text and "Waste Generator" in page.text


async def test_unverified_public_document_has_no_verifications(api: Api) -> None:
    _world, mass_id = await public_massid(api, make_massid())
    response = await api.http.get(f"/public/documents/{mass_id}")
    assert response.json()["verifications"] == []
    page = await api.http.get(f"/explorer/document/{mass_id}")
    assert "not been verified yet" in page.text
