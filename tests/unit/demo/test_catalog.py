"""The ``massid demo`` set, evaluated in process: complete MassIDs pass both methodologies and
each deliberately failing one fails exactly the rule it names, even early in the year."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from massid.demo.catalog import FAILURES, SUBTYPES, accreditations, demo_massids
from massid.demo.seeder import keyed_events
from massid.methodologies.engine import evaluate
from massid.methodologies.graph import Duplicates, Graph
from massid.methodologies.registry import METHODOLOGIES
from tests.methodology_factories import make_definition
from tests.methodology_scenario import load

YEAR = 2027
COUNT = 4 * len(FAILURES)  # every failure once


@pytest.mark.parametrize(
    "now", [datetime(YEAR, 1, 2, tzinfo=UTC), datetime(YEAR, 12, 30, tzinfo=UTC)]
)
async def test_passing_and_failing_as_labelled(now: datetime) -> None:
    network = [await load(entry.payload, "accreditor") for entry in accreditations(YEAR)]
    definition = await load(make_definition("bold-carbon", "BOLD Carbon"), "accreditor")
    massids = demo_massids(COUNT, seed=7, year=YEAR)
    assert {m.shipment.subtype for m in massids} == set(SUBTYPES)
    assert [m.failure.rule for m in massids if m.failure] == [f.rule for f in FAILURES]
    for massid in massids:
        graph = Graph(
            mass_id=await load(massid.payload),
            accreditations=network,
            duplicates=Duplicates(0),
        )
        graph.definition = definition
        for methodology in METHODOLOGIES.values():
            evaluation = evaluate(methodology, graph, now)
            failed = [rule.slug for rule in evaluation.rules if rule.status != "PASSED"]
            expected = [massid.failure.rule] if massid.failure else []
            assert failed == expected, (massid.label, methodology.slug, evaluation.rules)


def test_the_same_seed_gives_the_same_set_and_another_seed_another() -> None:
    assert demo_massids(6, seed=1, year=YEAR) == demo_massids(6, seed=1, year=YEAR)
    first, other = demo_massids(6, seed=1, year=YEAR), demo_massids(6, seed=2, year=YEAR)
    assert {m.key for m in first}.isdisjoint(m.key for m in other)
    starts = {m.shipment.start for m in first + other}
    assert len(starts) == 12


def test_accreditations_are_one_set_a_later_year_only_adds_its_metrics() -> None:
    def keyed(year: int) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
        return {
            entry.key: (entry.payload["document"], keyed_events(entry.key, entry.payload["events"]))
            for entry in accreditations(year)
        }

    this_year, next_year = keyed(YEAR), keyed(YEAR + 1)
    assert this_year.keys() == next_year.keys()
    for key, (document, events) in this_year.items():
        assert next_year[key][0] == document
        added = [event for event in next_year[key][1] if event not in events]
        assert all(event in next_year[key][1] for event in events)
        expected = [f"Emissions & Composting Metrics ({YEAR})"] if "Recycler" in key else []
        assert [event["name"] for event in added] == expected
