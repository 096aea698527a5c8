"""The engine: execution order and slugs, aggregation, errors as FAILED, determinism."""

from __future__ import annotations

import dataclasses

from massid.methodologies.engine import (
    FAILED,
    PASSED,
    REVIEW_REQUIRED,
    Rule,
    RuleContext,
    RuleResult,
    evaluate,
    overall_status,
)
from massid.methodologies.registry import METHODOLOGIES, find_methodology
from tests.methodology_factories import NOW
from tests.methodology_scenario import Scenario

SHARED = [
    "waste-mass-is-unique",
    "{conflict}",
    "project-period-limit",
    "participant-accreditations-and-verifications-requirements",
    "mass-id-qualifications",
    "regional-waste-classification",
    "geolocation-and-address-precision",
    "waste-origin-identification",
    "hauler-identification",
    "vehicle-identification",
    "driver-identification",
    "transport-manifest-data",
    "processor-identification",
    "recycler-identification",
    "weighing",
    "drop-off-at-recycler",
    "mass-id-sorting",
    "composting-cycle-timeframe",
    "recycling-manifest-data",
]


def _slugs(conflict: str) -> list[str]:
    return [slug.format(conflict=conflict) for slug in SHARED]


def test_rules_run_in_the_reference_order_with_the_exact_slugs() -> None:
    recycling, carbon = METHODOLOGIES["bold-recycling"], METHODOLOGIES["bold-carbon"]
    assert [r.slug for r in recycling.rules] == _slugs("no-conflicting-recycled-id-or-credit")
    assert [r.slug for r in carbon.rules] == [
        *_slugs("no-conflicting-gas-id-or-credit"),
        "prevented-emissions",
    ]
    assert (recycling.certificate_type, carbon.certificate_type) == ("RecycledID", "GasID")
    assert find_methodology("bold-carbon-ch4") is None


def test_overall_status() -> None:
    assert overall_status([PASSED, PASSED]) == PASSED
    assert overall_status([PASSED, REVIEW_REQUIRED]) == REVIEW_REQUIRED
    assert overall_status([REVIEW_REQUIRED, FAILED, PASSED]) == FAILED


async def test_an_exception_in_one_rule_is_that_rules_failure() -> None:
    def broken(_context: RuleContext) -> RuleResult:
        raise KeyError("boom")

    carbon = METHODOLOGIES["bold-carbon"]
    rules = (Rule("broken", "Broken", broken), *carbon.rules[1:])
    methodology = dataclasses.replace(carbon, rules=rules)
    evaluation = evaluate(methodology, await Scenario().graph(), NOW)
    outcome = evaluation.rule("broken")
    assert outcome.status == FAILED
    assert "unexpected error (KeyError)" in outcome.comment
    assert "boom" not in outcome.comment
    assert evaluation.status == FAILED
    assert all(o.status == PASSED for o in evaluation.rules if o.slug != "broken")


async def test_same_graph_same_clock_same_result() -> None:
    graph = await Scenario().graph()
    first = evaluate(METHODOLOGIES["bold-carbon"], graph, NOW)
    second = evaluate(METHODOLOGIES["bold-carbon"], graph, NOW)
    assert first == second
    assert first.status == PASSED


async def test_the_canonical_massid_passes_both_methodologies() -> None:
    for slug in METHODOLOGIES:
        evaluation = await Scenario().evaluate(slug)
        assert evaluation.status == PASSED, [r for r in evaluation.rules if r.status != PASSED]
