"""#16 drop-off-at-recycler and #17 mass-id-sorting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.methodology_factories import RECYCLER, make_event, make_place, set_attr
from tests.methodology_scenario import Scenario, check_rule, replace_metrics

Mutation = Callable[[Scenario], None]
ELSEWHERE = make_place("Rua Outra", "1", "Jundiaí", -23.19, -46.88)


def _drop_off(**changes: Any) -> Mutation:
    def mutate(s: Scenario) -> None:
        event = s.event("Drop-off")
        for key, value in changes.items():
            if key == "address":
                event["address"] = value
            else:
                set_attr(event, key.replace("_", " "), value)

    return mutate


def _earlier_drop_off_elsewhere(s: Scenario) -> None:
    first = make_event("Drop-off", 2.5, RECYCLER, ELSEWHERE)
    s.insert_before("Weighing", first)


DROP_OFF = [
    pytest.param(lambda s: None, "PASSED", ("at the Recycler",), id="at-recycler"),
    pytest.param(lambda s: s.remove("Drop-off"), "FAILED", ("No Drop-off",), id="none"),
    pytest.param(
        _drop_off(Receiving_Operator_Identifier=None),
        "FAILED",
        ("no Receiving Operator Identifier",),
        id="no-operator",
    ),
    pytest.param(_drop_off(address=ELSEWHERE), "FAILED", ("not at the Recycler",), id="away"),
    pytest.param(_earlier_drop_off_elsewhere, "PASSED", (), id="only-the-last-counts"),
    pytest.param(
        lambda s: s.remove("ACTOR", "Recycler"), "FAILED", ("not at the Recycler",), id="no-rc"
    ),
]


@pytest.mark.parametrize(("mutate", "status", "words"), DROP_OFF)
async def test_drop_off_at_recycler(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "drop-off-at-recycler", status, words)


def _sorting(value: float | None = None, **attributes: Any) -> Mutation:
    def mutate(s: Scenario) -> None:
        event = s.event("Sorting")
        if value is not None:
            event["value"] = value
        for key, item in attributes.items():
            name = key.replace("_", " ")
            if isinstance(item, tuple):
                set_attr(event, name, item[0], item[1])
            else:
                set_attr(event, name, item)

    return mutate


def _no_prior_values(s: Scenario) -> None:
    for name in ("Pick-up", "Weighing"):
        s.event(name).pop("value")


def _later_value(s: Scenario) -> None:
    s.event("Recycled")["value"] = 900


KG = "KILOGRAM"
SORTING = [
    pytest.param(
        lambda s: None, "PASSED", ("from 1000 kg to 950 kg", '"expectedDeduction": "50'), id="ok"
    ),
    pytest.param(
        lambda s: s.accreditations.pop("Recycler"),
        "FAILED",
        ("No Recycler accreditation",),
        id="no-acc",
    ),
    pytest.param(lambda s: s.remove("Sorting"), "FAILED", ("No Sorting event",), id="none"),
    pytest.param(
        replace_metrics(year=2024),
        "FAILED",
        ("no Sorting Factor above 0 for 2025",),
        id="no-metrics-year",
    ),
    pytest.param(
        replace_metrics(**{"Sorting Factor": 0}), "FAILED", ("Sorting Factor",), id="factor-0"
    ),
    pytest.param(_no_prior_values, "FAILED", ("No event before the Sorting",), id="no-prior"),
    pytest.param(_sorting(value=0), "FAILED", ("Sorting value must be above 0",), id="value-0"),
    pytest.param(
        _sorting(value=931, Gross_Weight=(980, KG), Deducted_Weight=(49, KG)),
        "FAILED",
        ("Sorting Gross Weight 980 kg does not match the previous event value 1000 kg",),
        id="gross-not-prior",
    ),
    pytest.param(
        _sorting(value=940, Deducted_Weight=(60, KG)),
        "FAILED",
        ("Deducted Weight 60 kg is not Gross Weight × sorting factor 0.05 = 50",),
        id="deduction-off",
    ),
    pytest.param(_sorting(value=949.9, Deducted_Weight=(50.1, KG)), "PASSED", (), id="within-0.1"),
    pytest.param(
        _sorting(value=940),
        "FAILED",
        ("Sorting value 940 kg is not Gross Weight − Deducted",),
        id="value-off",
    ),
    pytest.param(
        _later_value,
        "FAILED",
        ("MassID value 900 kg is not the Sorting value 950 kg",),
        id="current",
    ),
    pytest.param(
        _sorting(Deducted_Weight=(1000, KG)),
        "FAILED",
        ("must be below Gross Weight",),
        id="deducted-not-below-gross",
    ),
    pytest.param(
        _sorting(Gross_Weight=(1000, "LITER")), "FAILED", ("format KILOGRAM",), id="format"
    ),
    pytest.param(
        _sorting(Deducted_Weight=None),
        "FAILED",
        ("Deducted Weight must be above 0",),
        id="no-deducted",
    ),
    pytest.param(_sorting(Description=""), "FAILED", ("no Description",), id="no-description"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), SORTING)
async def test_mass_id_sorting(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "mass-id-sorting", status, words)
