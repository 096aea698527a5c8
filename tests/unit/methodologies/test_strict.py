"""Strict mode: the framework-only checks, each passing, failing and not applicable."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from massid.methodologies.bold.strict import recent_window
from massid.methodologies.graph import Graph
from tests.methodology_factories import (
    HAULER,
    HAULER_ADDRESS,
    INTEGRATOR,
    INTEGRATOR_ADDRESS,
    make_event,
    make_place,
    set_attr,
)
from tests.methodology_scenario import Scenario, check_rule, combine, replace_metrics

Mutation = Callable[[Scenario], None]
RIO = make_place("Avenida Brasil", "500", "Rio de Janeiro", -22.8800, -43.2500)


def _document(**fields: object) -> Mutation:
    return lambda s: s.massid["document"].update(copy.deepcopy(fields))


def _no(name: str) -> Mutation:
    return lambda s: s.remove(name)


def _separate_processor(s: Scenario) -> None:
    """The Processor becomes the hauler's yard, with its own address."""
    actor = s.actor("Processor")
    actor["participant"], actor["address"] = copy.deepcopy(HAULER), copy.deepcopy(HAULER_ADDRESS)


def _processor_drop_off(hours: float) -> Mutation:
    def mutate(s: Scenario) -> None:
        event = make_event("Drop-off", hours, HAULER, HAULER_ADDRESS)
        events = s.massid["events"]
        later = [
            i for i, e in enumerate(events) if e["externalCreatedAt"] > event["externalCreatedAt"]
        ]
        events.insert(later[0] if later else len(events), event)

    return mutate


def _weighing(name: str, value: object, format: str | None = "KILOGRAM") -> Mutation:
    return lambda s: set_attr(s.event("Weighing"), name, value, format)


def _value(name: str, value: float) -> Mutation:
    return lambda s: s.event(name).update(value=value)


def _recent(kg: str | None) -> Mutation:
    def edit(graph: Graph) -> None:
        graph.recycler_recent_co2e = None if kg is None else Decimal(kg)

    return lambda s: s.edits.append(edit)


def _far_drop_off(s: Scenario) -> None:
    s.events("Drop-off")[-1]["address"] = copy.deepcopy(RIO)


CASES = [
    pytest.param("first-identified", lambda s: None, "PASSED", ("primary participant",), id="fip"),
    pytest.param(
        "first-identified",
        _document(participant=INTEGRATOR),
        "FAILED",
        ("is not the first Pick-up's participant",),
        id="fip-other",
    ),
    pytest.param("first-identified", _no("Pick-up"), "PASSED", ("not applicable",), id="fip-na"),
    pytest.param("fip-address", lambda s: None, "PASSED", ("primary address",), id="address"),
    pytest.param(
        "fip-address",
        _document(address=INTEGRATOR_ADDRESS),
        "FAILED",
        ("is not the MassID's primary address",),
        id="address-other",
    ),
    pytest.param(
        "processor-and-drop-off", lambda s: None, "PASSED", ("No Drop-off at a Processor",), id="pd"
    ),
    pytest.param(
        "processor-and-drop-off",
        combine(_separate_processor, _processor_drop_off(3.2)),
        "PASSED",
        ("followed by a Drop-off at the Recycler",),
        id="pd-then-recycler",
    ),
    pytest.param(
        "processor-and-drop-off",
        combine(_separate_processor, _processor_drop_off(30)),
        "FAILED",
        ("not followed by a Drop-off at the Recycler",),
        id="pd-last",
    ),
    pytest.param(
        "processor-and-drop-off", _no("Drop-off"), "PASSED", ("not applicable",), id="pd-na"
    ),
    pytest.param(
        "recycling-manifest-value", lambda s: None, "PASSED", ("not applicable",), id="rm-na"
    ),
    pytest.param(
        "recycling-manifest-value",
        _value("Recycling Manifest", 950),
        "PASSED",
        ("950 kg",),
        id="rm-equal",
    ),
    pytest.param(
        "recycling-manifest-value",
        combine(_value("Recycling Manifest", 950), _value("Recycled", 940)),
        "FAILED",
        ("950 kg is not the MassID's value 940 kg",),
        id="rm-differs",
    ),
    pytest.param("net-weight", lambda s: None, "PASSED", ("gross − tare",), id="net"),
    pytest.param(
        "net-weight",
        _weighing("Container Quantity", None, None),
        "FAILED",
        ("1000 kg is not 1100 − 10 × 1 = 1090 kg",),
        id="net-quantity-defaults-to-1",
    ),
    pytest.param(
        "net-weight",
        combine(_weighing("Container Quantity", None, None), _weighing("Gross Weight", 1010)),
        "PASSED",
        ("gross − tare",),
        id="net-quantity-1",
    ),
    pytest.param(
        "net-weight", _weighing("Tare", None, None), "PASSED", ("not applicable",), id="net-na"
    ),
    pytest.param("weighing-tare", lambda s: None, "PASSED", ("≥ 0",), id="tare"),
    pytest.param("weighing-tare", _weighing("Tare", 0), "PASSED", ("≥ 0",), id="tare-zero"),
    pytest.param("weighing-tare", _weighing("Tare", -5), "FAILED", ("-5",), id="tare-negative"),
    pytest.param("weighing-tare", _weighing("Tare", "heavy"), "FAILED", ("heavy",), id="tare-text"),
    pytest.param(
        "weighing-tare", _weighing("Tare", None, None), "PASSED", ("not applicable",), id="tare-na"
    ),
    pytest.param("methodology-distance", lambda s: None, "PASSED", ("km (limit 200 km)",), id="km"),
    pytest.param(
        "methodology-distance",
        _far_drop_off,
        "REVIEW_REQUIRED",
        ("beyond the 200 km project boundary",),
        id="km-far",
    ),
    pytest.param("project-size", _recent("0"), "PASSED", ("417.1944",), id="size"),
    pytest.param(
        "project-size",
        _recent("59999582.8056"),
        "PASSED",
        ("60000000",),
        id="size-at-the-ceiling",
    ),
    pytest.param(
        "project-size",
        _recent("59999582.8057"),
        "FAILED",
        ("above the 60,000 t project-size ceiling",),
        id="size-over",
    ),
    pytest.param("project-size", _recent(None), "PASSED", ("not applicable",), id="size-na"),
    pytest.param(
        "project-size",
        combine(_recent("0"), replace_metrics(**{"Greenhouse Gas Type (GHG)": None})),
        "PASSED",
        ("not applicable",),
        id="size-no-emissions",
    ),
]


@pytest.mark.parametrize(("slug", "mutate", "status", "words"), CASES)
async def test_strict_rules(
    slug: str, mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    outcome = await check_rule(scenario, slug, status, words)
    if status == "REVIEW_REQUIRED":
        assert float(outcome.content["distanceKm"]) > 300


async def test_strict_rules_run_after_the_application_rules() -> None:
    scenario = Scenario()
    _recent("0")(scenario)
    plain = await scenario.evaluate("bold-carbon")
    strict = await scenario.evaluate("bold-carbon", strict=True)
    assert [r.slug for r in strict.rules[:20]] == [r.slug for r in plain.rules]
    assert [r.slug for r in strict.rules[20:]] == [
        "first-identified-participant-fip",
        "fip-address",
        "processor-and-drop-off",
        "recycling-manifest-value",
        "net-weight-verification",
        "weighing-tare",
        "methodology-distance-limit",
        "project-size",
    ]
    assert strict.status == "PASSED" and strict.strict and not plain.strict
    recycling = await scenario.evaluate("bold-recycling", strict=True)
    assert len(recycling.rules) == 19 + 7


async def test_review_required_boundary_holds_back_a_pass() -> None:
    scenario = Scenario()
    combine(_recent("0"), _far_drop_off)(scenario)
    # The far drop-off also moves the Recycler's geolocation; only the boundary is strict.
    result = await scenario.evaluate("bold-carbon", strict=True)
    assert result.rule("methodology-distance-limit").status == "REVIEW_REQUIRED"
    assert result.status != "PASSED"


def test_the_twelve_months_before_recycling() -> None:
    assert recent_window(datetime(2026, 4, 5, 12, tzinfo=UTC)) == (
        datetime(2025, 4, 5, 12, tzinfo=UTC),
        datetime(2026, 4, 5, 12, tzinfo=UTC),
    )
    assert recent_window(datetime(2028, 2, 29, tzinfo=UTC))[0] == datetime(2027, 2, 28, tzinfo=UTC)
