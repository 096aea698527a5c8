"""#20 prevented-emissions: the worked examples, the static table, Others (if organic)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from massid.methodologies.bold.emissions import others_if_organic_factor, prevented_co2e
from massid.methodologies.graph import Graph
from tests.methodology_factories import (
    GENERATOR,
    GENERATOR_ADDRESS,
    WITH_FLARING,
    attr,
    make_event,
    set_attr,
)
from tests.methodology_scenario import Scenario, check_rule, combine, replace_metrics

Mutation = Callable[[Scenario], None]
WITHOUT = "Landfills without flaring of methane gas"
DUMP = "Open-air dump"
OTHERS = "Others (if organic)"
D = Decimal


def test_worked_example_food_with_flaring() -> None:
    assert prevented_co2e(D(100), D("0.459152"), D("0.02")) == D("43.9152")


@pytest.mark.parametrize(
    ("baseline", "factor"),
    [(WITH_FLARING, "0.439691"), (WITHOUT, "0.905557"), (DUMP, "0.698505")],
)
def test_worked_example_others_if_organic_02_01_06(baseline: str, factor: str) -> None:
    assert others_if_organic_factor(baseline, D("0.15")) == D(factor)


def test_prevented_emissions_never_go_below_zero() -> None:
    assert prevented_co2e(D(100), D("0.066584"), D("0.1")) == 0
    assert others_if_organic_factor(WITH_FLARING, D(0)) == 0


def _weight(kg: int) -> Mutation:
    def edit(graph: Graph) -> None:
        graph.mass_id.current_value = D(kg)

    return lambda s: s.edits.append(edit)


def _others(code: str) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.massid["document"]["subtype"] = OTHERS
        set_attr(s.event("Pick-up"), "Local Waste Classification ID", code)

    return mutate


def _characterization(*analyses: tuple[str, str, str], code: str = "02 02 99") -> Mutation:
    """Carbon characterizations (analysis date, carbon fraction, moisture) by the generator."""

    def mutate(s: Scenario) -> None:
        for analysed, carbon, moisture in analyses:
            s.accreditations["Waste Generator"]["events"].append(
                make_event(
                    "Organic Waste Carbon Characterization",
                    0,
                    GENERATOR,
                    GENERATOR_ADDRESS,
                    attr("Local Waste Classification ID", code),
                    attr("Carbon Fraction", carbon),
                    attr("Moisture Fraction", moisture),
                    attr("Carbon Analysis Date", analysed),
                    externalCreatedAt="2025-01-01T00:00:00.000Z",
                )
            )

    return mutate


BASELINES = "Baselines"
OTHER_CODE = _others("02 02 99")
CASES = [
    pytest.param(
        lambda s: None, "PASSED", ("417.1944 kg CO₂e", '"gasType": "Methane (CH4)"'), id="canonical"
    ),
    pytest.param(
        _weight(100), "PASSED", ('"preventedCo2e": "43.9152"',), id="worked-example-100-kg"
    ),
    pytest.param(
        replace_metrics(Baselines={"Food, Food Waste and Beverages": DUMP}),
        "PASSED",
        ('"preventedCo2e": "671.4714"', "0.726812"),
        id="open-air-dump",
    ),
    pytest.param(
        replace_metrics(**{"Exceeding Emission Coefficient (per ton)": 0.5}),
        "PASSED",
        ('"preventedCo2e": "0"',),
        id="floored-at-zero",
    ),
    pytest.param(
        lambda s: s.massid["document"].update(subtype="Glass"),
        "FAILED",
        ("no prevented-emission factor",),
        id="subtype",
    ),
    pytest.param(
        lambda s: s.accreditations.pop("Recycler"),
        "FAILED",
        ("No Recycler accreditation",),
        id="no-recycler",
    ),
    pytest.param(
        replace_metrics(year=2024),
        "FAILED",
        ("no Emissions & Composting Metrics for 2025",),
        id="no-metrics",
    ),
    pytest.param(
        replace_metrics(**{"Greenhouse Gas Type (GHG)": None}),
        "FAILED",
        ("Greenhouse Gas Type",),
        id="no-gas",
    ),
    pytest.param(
        replace_metrics(Baselines={"Food, Food Waste and Beverages": "Incinerator"}),
        "FAILED",
        ("not valid",),
        id="bad-baseline",
    ),
    pytest.param(
        replace_metrics(Baselines={"Plastic": WITH_FLARING}),
        "FAILED",
        ("not valid",),
        id="bad-subtype-key",
    ),
    pytest.param(
        replace_metrics(Baselines="flaring"), "FAILED", ("not valid",), id="baselines-not-an-object"
    ),
    pytest.param(
        replace_metrics(Baselines={"Tobacco": WITH_FLARING}),
        "FAILED",
        ("no entry for 'Food",),
        id="no-entry",
    ),
    pytest.param(
        replace_metrics(**{"Exceeding Emission Coefficient (per ton)": None}),
        "FAILED",
        ("≥ 0",),
        id="no-e",
    ),
    pytest.param(
        replace_metrics(**{"Exceeding Emission Coefficient (per ton)": -0.1}),
        "FAILED",
        ("≥ 0",),
        id="negative-e",
    ),
    pytest.param(
        _others("02 01 06"),
        "PASSED",
        ('"factor": "0.439691"', '"preventedCo2e": "398.70645"', "methodology author table"),
        id="others-author-table",
    ),
    pytest.param(
        _others("19 08 14"), "PASSED", ('"carbonFraction": "0.09"',), id="others-author-table-2"
    ),
    pytest.param(_others("20 01 08"), "FAILED", ("is CDM 8.3, not 8.7D",), id="others-wrong-cdm"),
    pytest.param(
        _others("99 99 99"), "FAILED", ("not a known Ibama code",), id="others-unknown-code"
    ),
    pytest.param(
        OTHER_CODE,
        "FAILED",
        ("Awaiting", "no valid carbon characterization of 02 02 99"),
        id="others-missing",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("2025-06-01", "0.2", "0.5"))),
        "PASSED",
        ('"factor": "0.629488"', "waste generator characterization"),
        id="others-generator",
    ),
    pytest.param(
        combine(
            OTHER_CODE,
            _characterization(("2024-02-01", "0.9", "0.5"), ("2025-06-01", "0.2", "0.5")),
        ),
        "PASSED",
        ('"factor": "0.629488"',),
        id="newest-analysis-wins",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("2024-01-05T00:00:00Z", "0.2", "0.5"))),
        "PASSED",
        (),
        id="exactly-two-years",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("2024-01-04T00:00:00Z", "0.2", "0.5"))),
        "FAILED",
        ("over 2 years old",),
        id="expired",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("2025-06-01", "1.5", "0.5"))),
        "FAILED",
        ("no valid",),
        id="bad-cf",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("2025-06-01", "0.2", "half"))),
        "FAILED",
        ("no valid",),
        id="bad-mf",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("someday", "0.2", "0.5"))),
        "FAILED",
        ("no valid",),
        id="bad-date",
    ),
    pytest.param(
        combine(OTHER_CODE, _characterization(("2025-06-01", "0.2", "0.5"), code="02 03 99")),
        "FAILED",
        ("no valid",),
        id="other-code-characterized",
    ),
]


@pytest.mark.parametrize(("mutate", "status", "words"), CASES)
async def test_prevented_emissions(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "prevented-emissions", status, words)


async def test_missing_characterization_is_review_required_when_enabled() -> None:
    scenario = Scenario(review_required=True)
    OTHER_CODE(scenario)
    await check_rule(scenario, "prevented-emissions", "REVIEW_REQUIRED", ("Awaiting",))


async def test_prevented_emissions_is_a_carbon_rule_only() -> None:
    recycling = await Scenario().evaluate("bold-recycling")
    assert "prevented-emissions" not in [rule.slug for rule in recycling.rules]
