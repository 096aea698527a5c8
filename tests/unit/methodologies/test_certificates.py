"""The certificate a passing verification issues: value, credits, and the reference's rewards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from massid.methodologies.certificates import (
    MASS_ID_NOT_CLOSED,
    NOT_PASSED,
    NOTHING_TO_CERTIFY,
    REWARDS_NOT_COMPUTABLE,
    CertificatePlan,
    NotIssued,
    credits_of,
    plan_certificate,
    rewards_input,
)
from massid.methodologies.registry import METHODOLOGIES
from massid.methodologies.rewards import Reward, distribute
from tests.methodology_factories import set_attr
from tests.methodology_scenario import Scenario, replace_metrics


def by_role(rewards: list[Reward]) -> dict[str, Decimal]:
    shares: dict[str, Decimal] = {}
    for reward in rewards:
        role = reward.participant.actor_type
        shares[role] = shares.get(role, Decimal(0)) + reward.percentage
    assert sum(shares.values()) == 100
    return shares


async def plan(scenario: Scenario, methodology: str = "bold-carbon") -> CertificatePlan:
    graph = await scenario.graph()
    evaluation = await scenario.evaluate(methodology)
    return plan_certificate(METHODOLOGIES[methodology], graph, evaluation, scenario.now)


async def test_identified_with_hauler_and_small_business() -> None:
    gas_id = await plan(Scenario())
    assert (gas_id.type, gas_id.unit, gas_id.symbol) == ("GasID", "kg CO2e", "C-CARB.CH4")
    assert (gas_id.value, gas_id.credits) == (Decimal("417.1944"), Decimal("0.417194"))
    assert (gas_id.mass_kg, gas_id.co2e_kg) == (Decimal(950), Decimal("417.1944"))
    assert by_role(gas_id.rewards) == {
        "Waste Generator": 30,
        "Hauler": 10,
        "Processor": 10,
        "Recycler": 20,
        "Integrator": 8,
        "Methodology Author": 1,
        "Methodology Developer": 1,
        "Network": 20,
    }
    names = {r.participant.actor_type: r.participant.name for r in gas_id.rewards}
    assert names["Network"] == "massid Network"
    assert names["Waste Generator"] == "Restaurante Bom Sabor Ltda"
    recycled_id = await plan(Scenario(), "bold-recycling")
    assert (recycled_id.type, recycled_id.unit, recycled_id.symbol) == (
        "RecycledID",
        "kg",
        "C-BIOW",
    )
    assert (recycled_id.value, recycled_id.credits, recycled_id.co2e_kg) == (
        Decimal(950),
        Decimal("0.95"),
        Decimal(0),
    )
    content = recycled_id.rewards_content
    assert content["massIDDocumentId"] == (await Scenario().graph()).mass_id.id


@pytest.mark.parametrize("size", ["Large Business", None])
async def test_large_or_undeclared_business(size: str | None) -> None:
    scenario = Scenario()
    set_attr(
        scenario.accreditation_event("Waste Generator", "Onboarding"),
        "Business Size Declaration",
        size,
    )
    shares = by_role((await plan(scenario)).rewards)
    assert (shares["Waste Generator"], shares["Community Impact Pool"]) == (15, 15)


async def test_unidentified_origin_with_hauler() -> None:
    scenario = Scenario()
    scenario.remove("ACTOR", "Waste Generator")
    set_attr(scenario.event("Pick-up"), "Waste Origin", "Unidentified")
    graph = await scenario.graph()
    assert by_role(distribute(rewards_input(graph, scenario.now))) == {
        "Network": 60,
        "Hauler": Decimal("7.5"),
        "Processor": Decimal("7.5"),
        "Recycler": 15,
        "Integrator": 8,
        "Methodology Author": 1,
        "Methodology Developer": 1,
    }
    # Carrot's uniqueness rule needs a Waste Generator, so such a MassID never passes.
    with pytest.raises(NotIssued) as refused:
        await plan(scenario)
    assert refused.value.reason == NOT_PASSED


async def test_no_hauler_moves_its_share_to_the_generator() -> None:
    scenario = Scenario()
    scenario.remove("ACTOR", "Hauler")
    set_attr(scenario.event("Pick-up"), "Vehicle Type", "Cart")
    shares = by_role((await plan(scenario)).rewards)
    assert shares["Waste Generator"] == 40 and "Hauler" not in shares


async def test_reasons_for_no_certificate() -> None:
    not_closed = Scenario()
    not_closed.remove("CLOSE")
    no_definition = Scenario(definition=None)
    no_integrator = Scenario()
    no_integrator.remove("ACTOR", "Integrator")
    nothing = Scenario()
    replace_metrics(**{"Exceeding Emission Coefficient (per ton)": 0.6})(nothing)
    cases = [
        (not_closed, MASS_ID_NOT_CLOSED, "CLOSE"),
        (no_definition, REWARDS_NOT_COMPUTABLE, "methodology definition"),
        (no_integrator, REWARDS_NOT_COMPUTABLE, "Integrator"),
        (nothing, NOTHING_TO_CERTIFY, "nothing to certify"),
    ]
    for scenario, reason, words in cases:
        with pytest.raises(NotIssued) as refused:
            await plan(scenario)
        assert (refused.value.reason, words in refused.value.message) == (reason, True)
        assert refused.value.as_json() == {"reason": reason, "message": refused.value.message}


def test_credits_are_tonnes_to_six_places_rounded_down() -> None:
    assert credits_of(Decimal("43.9152")) == Decimal("0.043915")
    assert credits_of(Decimal("950")) == Decimal("0.95")
    assert credits_of(Decimal("0.0009")) == Decimal(0)
    assert credits_of(Decimal("1234567.8999999")) == Decimal("1234.567899")
