"""#3 project-period-limit, #5 mass-id-qualifications, #18 composting-cycle-timeframe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from massid.methodologies.graph import Graph
from tests.methodology_factories import retime
from tests.methodology_scenario import Scenario, check_rule

Mutation = Callable[[Scenario], None]


def _now(year: int, month: int, day: int) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.now = datetime(year, month, day, tzinfo=UTC)

    return mutate


PERIOD = [
    pytest.param(lambda s: None, "PASSED", ("within the project period",), id="recent"),
    pytest.param(_now(2027, 12, 31), "PASSED", ("from 2026-01-01",), id="last-day-of-next-year"),
    pytest.param(_now(2028, 1, 1), "FAILED", ("before the project period",), id="too-old"),
    pytest.param(lambda s: s.remove("Recycled"), "FAILED", ("No Recycled",), id="no-recycled"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), PERIOD)
async def test_project_period_limit(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "project-period-limit", status, words)


def _document(**fields: object) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.massid["document"].update(fields)

    return mutate


def _edit(change: Callable[[Graph], None]) -> Mutation:
    return lambda s: s.edits.append(change)


def _no_type(graph: Graph) -> None:
    graph.mass_id.type = None


def _zero(graph: Graph) -> None:
    graph.mass_id.current_value = Decimal(0)


QUALIFICATIONS = [
    pytest.param(lambda s: None, "PASSED", ("qualify",), id="canonical"),
    pytest.param(_document(subtype=None), "FAILED", ("no subtype",), id="no-subtype"),
    pytest.param(_edit(_no_type), "FAILED", ("no type",), id="no-type"),
    pytest.param(_document(category="Mass"), "FAILED", ("category is 'Mass'",), id="category"),
    pytest.param(_document(type="Plastic"), "FAILED", ("type is 'Plastic'",), id="type"),
    pytest.param(_document(measurementUnit="t"), "FAILED", ("measurementUnit",), id="unit"),
    pytest.param(_edit(_zero), "FAILED", ("currentValue is 0 kg",), id="zero-value"),
    pytest.param(_document(subtype="Glass"), "FAILED", ("subtype 'Glass'",), id="subtype"),
    pytest.param(_document(subtype="Tobacco"), "PASSED", (), id="tobacco-is-organic"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), QUALIFICATIONS)
async def test_mass_id_qualifications(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "mass-id-qualifications", status, words)


def _cycle(hours_after_drop_off: float) -> Mutation:
    def mutate(s: Scenario) -> None:
        hours = 3.5 + hours_after_drop_off
        for name in ("Recycling Manifest", "Recycled", "CLOSE"):
            retime(s.event(name), hours)

    return mutate


CYCLE = [
    pytest.param(lambda s: None, "PASSED", ("90 days",), id="ninety-days"),
    pytest.param(_cycle(60 * 24 - 1), "PASSED", ("59 days",), id="60-days-minus-1h"),
    pytest.param(_cycle(60 * 24 - 2), "FAILED", ("1438 h", "60 to 180"), id="60-days-minus-2h"),
    pytest.param(_cycle(180 * 24 + 1), "PASSED", ("180 days",), id="180-days-plus-1h"),
    pytest.param(_cycle(180 * 24 + 2), "FAILED", ("180 days (4322 h)",), id="180-days-plus-2h"),
    pytest.param(lambda s: s.remove("Drop-off"), "FAILED", ("No Drop-off",), id="no-drop-off"),
    pytest.param(lambda s: s.remove("Recycled"), "FAILED", ("No Recycled",), id="no-recycled"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), CYCLE)
async def test_composting_cycle_timeframe(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "composting-cycle-timeframe", status, words)
