"""#4 accreditations, #8 waste origin, #9 hauler, #13 processor, #14 recycler identification."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.methodology_factories import (
    RECYCLER,
    RECYCLER_ADDRESS,
    make_accreditation,
    make_event,
    make_party,
    set_attr,
)
from tests.methodology_scenario import Scenario, check_rule, combine

Mutation = Callable[[Scenario], None]


def _result(role: str, name: str, value: object) -> Mutation:
    def mutate(s: Scenario) -> None:
        set_attr(s.accreditation_event(role, "Accreditation Result"), name, value)

    return mutate


def _drop(role: str) -> Mutation:
    return lambda s: s.accreditations.pop(role)


def _drop_result(role: str) -> Mutation:
    def mutate(s: Scenario) -> None:
        events = s.accreditations[role]["events"]
        s.accreditations[role]["events"] = [
            e for e in events if e["name"] != "Accreditation Result"
        ]

    return mutate


def _twice(role: str) -> Mutation:
    return lambda s: s.accreditations.update({f"{role} again": make_accreditation(role)})


def _no_events(s: Scenario) -> None:
    s.massid["events"] = []


ACCREDITATIONS = [
    pytest.param(lambda s: None, "PASSED", ("Integrator, Processor, Recycler",), id="all-valid"),
    pytest.param(
        lambda s: s.accreditations.clear(), "FAILED", ("No participant accreditation",), id="none"
    ),
    pytest.param(_no_events, "FAILED", ("no events",), id="no-events"),
    pytest.param(_drop("Integrator"), "FAILED", ("Integrator", "has no accreditation"), id="intg"),
    pytest.param(
        _drop("Processor"),
        "FAILED",
        ("No valid accreditation found for the Processor",),
        id="processor-role-missing",
    ),
    pytest.param(
        _result("Recycler", "Expiration Date", "2026-04-30T00:00:00Z"),
        "FAILED",
        ("No valid accreditation found for the Recycler",),
        id="expired",
    ),
    pytest.param(
        _result("Recycler", "Expiration Date", "2026-05-01T00:00:00Z"),
        "PASSED",
        (),
        id="expires-today",
    ),
    pytest.param(
        _result("Recycler", "Effective Date", "2026-05-02T00:00:00Z"),
        "FAILED",
        ("Recycler",),
        id="not-yet-effective",
    ),
    pytest.param(
        _result("Recycler", "Effective Date", "2026-05-01T23:00:00Z"),
        "PASSED",
        (),
        id="effective-today",
    ),
    pytest.param(_result("Recycler", "Effective Date", "soon"), "FAILED", ("Recycler",), id="bad"),
    pytest.param(
        _result("Recycler", "Expiration Date", None), "PASSED", (), id="open-ended-expiration"
    ),
    pytest.param(
        _result("Processor", "Accreditation Status", "Rejected"),
        "FAILED",
        ("Processor",),
        id="rejected",
    ),
    pytest.param(_twice("Recycler"), "FAILED", ("2 valid accreditations",), id="two-valid"),
    pytest.param(_drop_result("Integrator"), "PASSED", (), id="integrator-dates-optional"),
    pytest.param(
        _drop_result("Processor"), "FAILED", ("Processor",), id="processor-needs-a-result"
    ),
    pytest.param(_drop("Waste Generator"), "PASSED", (), id="generator-not-required"),
    pytest.param(_drop("Hauler"), "PASSED", (), id="hauler-not-required"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), ACCREDITATIONS)
async def test_participant_accreditations(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "participant-accreditations", status, words)


def _unidentified(s: Scenario) -> None:
    set_attr(s.event("Pick-up"), "Waste Origin", "Unidentified")


def _extra_actor(role: str) -> Mutation:
    def mutate(s: Scenario) -> None:
        other = make_party(f"Another {role}", "99888777000166")
        s.insert_before("Pick-up", make_event("ACTOR", 0, other, RECYCLER_ADDRESS, label=role))

    return mutate


NO_GENERATOR: Mutation = lambda s: s.remove("ACTOR", "Waste Generator")  # noqa: E731

ORIGIN = [
    pytest.param(lambda s: None, "PASSED", ("identified by one Waste Generator",), id="known"),
    pytest.param(lambda s: s.remove("Pick-up"), "FAILED", ("No Pick-up",), id="no-pick-up"),
    pytest.param(
        _extra_actor("Waste Generator"), "FAILED", ("2 Waste Generator",), id="two-generators"
    ),
    pytest.param(combine(_unidentified, NO_GENERATOR), "PASSED", ("Unidentified",), id="unknown"),
    pytest.param(_unidentified, "FAILED", ("remove one",), id="unidentified-with-generator"),
    pytest.param(NO_GENERATOR, "FAILED", ("No Waste Generator ACTOR",), id="silent-unknown"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), ORIGIN)
async def test_waste_origin_identification(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "waste-origin-identification", status, words)


def _vehicle(kind: str) -> Mutation:
    return lambda s: set_attr(s.event("Pick-up"), "Vehicle Type", kind)


NO_HAULER: Mutation = lambda s: s.remove("ACTOR", "Hauler")  # noqa: E731

HAULERS = [
    pytest.param(lambda s: None, "PASSED", ("Hauler is identified",), id="hauler"),
    pytest.param(lambda s: s.remove("Pick-up"), "FAILED", ("No Pick-up",), id="no-pick-up"),
    pytest.param(NO_HAULER, "FAILED", ("'Truck' needs one",), id="truck-without-hauler"),
    pytest.param(combine(NO_HAULER, _vehicle("Sludge Pipes")), "PASSED", ("Sludge Pipes",), id="p"),
    pytest.param(combine(NO_HAULER, _vehicle("Cart")), "PASSED", ("Cart",), id="cart"),
    pytest.param(combine(NO_HAULER, _vehicle("Bicycle")), "FAILED", ("Bicycle",), id="bicycle"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), HAULERS)
async def test_hauler_identification(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "hauler-identification", status, words)


@pytest.mark.parametrize("role", ["Processor", "Recycler"])
@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        pytest.param("none", "PASSED", ("One {role}",), id="one"),
        pytest.param("remove", "FAILED", ("No {role} ACTOR",), id="missing"),
        pytest.param("add", "FAILED", ("2 {role} ACTOR events",), id="two"),
    ],
)
async def test_processor_and_recycler_identification(
    role: str, change: str, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    if change == "remove":
        scenario.remove("ACTOR", role)
    elif change == "add":
        _extra_actor(role)(scenario)
    expected = tuple(word.format(role=role) for word in words)
    await check_rule(scenario, f"{role.lower()}-identification", status, expected)


def test_the_recycler_party_is_the_processor_too() -> None:
    # The canonical MassID's composting facility is both Processor and Recycler.
    scenario = Scenario()
    assert scenario.actor("Processor")["participant"] == scenario.actor("Recycler")["participant"]
    assert scenario.actor("Recycler")["participant"] == RECYCLER
