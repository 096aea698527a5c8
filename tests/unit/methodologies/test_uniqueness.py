"""#1 waste-mass-is-unique and #2 no-conflicting-… : every branch, passing and failing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from massid.domain.uniqueness import KeyParts, fingerprint, normalise_plate
from massid.methodologies.graph import Duplicates
from tests.methodology_factories import set_attr
from tests.methodology_scenario import (
    Scenario,
    audit_events,
    check_rule,
    combine,
    make_server_document,
)

Mutation = Callable[[Scenario], None]


def _set(**fields: object) -> Mutation:
    def mutate(s: Scenario) -> None:
        for name, value in fields.items():
            setattr(s, name, value)

    return mutate


UNIQUE = [
    pytest.param(lambda s: None, "PASSED", ("No other MassID",), id="unique"),
    pytest.param(lambda s: s.remove("Pick-up"), "FAILED", ("missing", "Pick-up"), id="no-pick-up"),
    pytest.param(
        lambda s: set_attr(s.event("Pick-up"), "Vehicle License Plate", None),
        "FAILED",
        ("Pick-up Vehicle License Plate",),
        id="no-plate",
    ),
    pytest.param(lambda s: s.remove("Drop-off"), "FAILED", ("Drop-off",), id="no-drop-off"),
    pytest.param(
        lambda s: s.remove("ACTOR", "Waste Generator"),
        "FAILED",
        ("Waste Generator ACTOR",),
        id="no-generator",
    ),
    pytest.param(
        lambda s: s.remove("ACTOR", "Recycler"), "FAILED", ("Recycler ACTOR",), id="no-recycler"
    ),
    pytest.param(
        _set(duplicates=Duplicates(2, ("a1", "b2"))),
        "FAILED",
        ("2 other MassID", "a1, b2"),
        id="duplicates",
    ),
    pytest.param(_set(duplicates=Duplicates(1)), "FAILED", ("1 other MassID",), id="invisible-dup"),
    pytest.param(_set(duplicates=None), "FAILED", ("could not be consulted",), id="no-index"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), UNIQUE)
async def test_waste_mass_is_unique(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "waste-mass-is-unique", status, words)


def test_plate_is_compared_without_case_spaces_and_dashes() -> None:
    assert normalise_plate(" abc-1d 23 ") == normalise_plate("ABC1D23") == "ABC1D23"


def test_fingerprint_needs_every_part_and_follows_the_value() -> None:
    parts = KeyParts("a", "t1", "ABC1D23", "b", "t2", "wg", "rc")
    first = fingerprint("TEST", "MassID", "Organic", "Food", Decimal("950"), parts)
    assert first is not None
    assert first == fingerprint("TEST", "MassID", "Organic", "Food", Decimal("950.00"), parts)
    assert first != fingerprint("TEST", "MassID", "Organic", "Food", Decimal("951"), parts)
    assert first != fingerprint("PROD", "MassID", "Organic", "Food", Decimal("950"), parts)
    assert fingerprint("TEST", "MassID", "Organic", "Food", Decimal(1), KeyParts()) is None


def _audit(
    slug: str, result: str | None, status: str = "OPEN", doc_id: str = "audit-0"
) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.audits = [
            make_server_document("MassID Audit", audit_events(slug, result), status, doc_id)
        ]

    return mutate


def _certificate(type_: str, status: str = "OPEN", order: str | None = None) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.certificates = [make_server_document(type_, [], status, "cert-1")]
        if order is not None:
            sold = [{"name": "RELATED", "relatedDocument": {"documentId": "cert-1"}}]
            s.credit_orders = [make_server_document("Credit Order", sold, order, "order-1")]

    return mutate


def _current_audit(s: Scenario) -> None:
    _audit("bold-carbon", None, doc_id="audit-now")(s)
    s.audit_id = "audit-now"


CONFLICTS = [
    pytest.param(lambda s: None, "PASSED", ("No live GasID certificate",), id="nothing"),
    pytest.param(_certificate("GasID"), "FAILED", ("already has a GasID", "cert-1"), id="gas-id"),
    pytest.param(_certificate("GasID", "CANCELLED"), "PASSED", (), id="cancelled-gas-id"),
    pytest.param(_certificate("RecycledID"), "PASSED", (), id="other-methodology-certificate"),
    pytest.param(
        _certificate("GasID", "CANCELLED", "OPEN"), "FAILED", ("credit order",), id="credit-order"
    ),
    pytest.param(
        _certificate("GasID", "CANCELLED", "CANCELLED"), "PASSED", (), id="cancelled-credit-order"
    ),
    pytest.param(
        _certificate("RecycledID", "OPEN", "OPEN"), "PASSED", (), id="other-methodology-sold"
    ),
    # A PASSED audit blocks through its live certificate only (one of the MassID not yet
    # CLOSED issued none; a cancelled certificate releases its audit).
    pytest.param(_audit("bold-carbon", "PASSED"), "PASSED", (), id="passed-without-certificate"),
    pytest.param(
        combine(_audit("bold-carbon", "PASSED"), _certificate("GasID", "CANCELLED")),
        "PASSED",
        (),
        id="passed-with-cancelled-certificate",
    ),
    pytest.param(
        combine(_audit("bold-carbon", "PASSED"), _certificate("GasID")),
        "FAILED",
        ("already has a GasID",),
        id="passed-with-live-certificate",
    ),
    pytest.param(_audit("bold-carbon", None), "FAILED", ("in progress",), id="in-progress"),
    pytest.param(_audit("bold-carbon", "FAILED"), "PASSED", (), id="failed-audit"),
    pytest.param(_audit("bold-carbon", "REVIEW_REQUIRED"), "PASSED", (), id="review-audit"),
    pytest.param(_audit("bold-recycling", "PASSED"), "PASSED", (), id="other-slug"),
    pytest.param(
        _audit("bold-carbon", "PASSED", "CANCELLED"), "PASSED", (), id="cancelled-passed-audit"
    ),
    pytest.param(_current_audit, "PASSED", (), id="the-current-audit"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), CONFLICTS)
async def test_no_conflicting_gas_id_or_credit(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "no-conflicting", status, words)


async def test_recycling_is_blocked_by_a_recycled_id_only() -> None:
    scenario = Scenario()
    _certificate("RecycledID")(scenario)
    await check_rule(scenario, "no-conflicting", "FAILED", ("RecycledID",), "bold-recycling")
    scenario = Scenario()
    _certificate("GasID")(scenario)
    await check_rule(scenario, "no-conflicting", "PASSED", (), "bold-recycling")
