"""#15 weighing: single and two-step, every field validator, exceptions and scale tickets."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.methodology_factories import retime, set_attr
from tests.methodology_scenario import Scenario, check_rule, combine

Mutation = Callable[[Scenario], None]
W = "Weighing"


def _w(**attributes: Any) -> Mutation:
    """Set Weighing attributes: ``Gross_Weight=(1100, "KILOGRAM")`` or a plain value."""

    def mutate(s: Scenario) -> None:
        for key, value in attributes.items():
            name = key.replace("_", " ")
            if isinstance(value, tuple):
                set_attr(s.event(W), name, value[0], value[1])
            else:
                set_attr(s.event(W), name, value)

    return mutate


def _value(amount: float) -> Mutation:
    return lambda s: s.event(W).update(value=amount)


def _exception(*names: str, valid_until: str | None = None) -> Mutation:
    def mutate(s: Scenario) -> None:
        items = [
            {
                "Attribute Location": {"Asset": {"Category": "MassID"}, "Event": "Weighing"},
                "Attribute Name": name,
                "Exception Type": "Exemption for Mandatory Attribute",
                "Reason": "Bulk delivery",
                **({"Valid Until": valid_until} if valid_until else {}),
            }
            for name in names
        ]
        set_attr(
            s.accreditation_event("Recycler", "Accreditation Result"), "Approved Exceptions", items
        )

    return mutate


def _accredited_scale(scale: str | None) -> Mutation:
    return lambda s: set_attr(
        s.accreditation_event("Recycler", "Monitoring Systems & Equipment"), "Scale Type", scale
    )


TRUCK = combine(
    _w(Container_Type="Truck", Container_Quantity=None, Scale_Type="Weighbridge (Truck Scale)"),
    _w(Gross_Weight=(15000, "KILOGRAM"), Tare=(14000, "KILOGRAM")),
    _accredited_scale("Weighbridge"),
)


def _second_weighing(**changes: Any) -> Mutation:
    def mutate(s: Scenario) -> None:
        TRUCK(s)
        second = copy.deepcopy(s.event(W))
        retime(second, 3.2)
        for key, value in changes.items():
            if key == "participant":
                second["participant"] = value
            else:
                set_attr(second, key.replace("_", " "), value[0], value[1])
        s.insert_before("Drop-off", second)

    return mutate


def _every_weighing(name: str, value: Any) -> Mutation:
    def mutate(s: Scenario) -> None:
        for event in s.events(W):
            set_attr(event, name, value)

    return mutate


def _ticket(attach: bool) -> Mutation:
    def mutate(s: Scenario) -> None:
        result = s.accreditation_event("Recycler", "Accreditation Result")
        set_attr(
            result,
            "Required Additional Verifications",
            [{"Verification Type": "Scale Ticket", "Layout IDs": ["layout-1"]}],
        )
        if attach:
            s.event(W)["attachments"] = [
                {"fileName": "t.jpg", "isPublic": False, "label": "Weighing Ticket"}
            ]

    return mutate


def _three(s: Scenario) -> None:
    for hours in (3.1, 3.2):
        extra = copy.deepcopy(s.event(W))
        retime(extra, hours)
        s.insert_before("Drop-off", extra)


OTHER = {
    "name": "Outra Empresa",
    "countryCode": "BR",
    "taxId": "1",
    "taxIdType": "CNPJ",
    "type": "COMPANY",
}
CASES = [
    pytest.param(
        lambda s: None, "PASSED", ("single step", '"calculatedNetWeight": "1000"'), id="one"
    ),
    pytest.param(
        lambda s: s.accreditations.pop("Recycler"),
        "FAILED",
        ("No Recycler accreditation",),
        id="no-acc",
    ),
    pytest.param(lambda s: s.remove(W), "FAILED", ("No Weighing events",), id="none"),
    pytest.param(_three, "FAILED", ("3 Weighing events",), id="three"),
    pytest.param(TRUCK, "PASSED", ("single step",), id="truck-one-step"),
    pytest.param(_second_weighing(), "PASSED", ("two steps",), id="two-step"),
    pytest.param(
        _second_weighing(Gross_Weight=(15100, "KILOGRAM")),
        "FAILED",
        ("differ in Gross Weight",),
        id="two-gross",
    ),
    pytest.param(
        _second_weighing(participant=OTHER), "FAILED", ("differ in participant",), id="two-party"
    ),
    pytest.param(
        combine(_second_weighing(), _w(Container_Type="Bin")),
        "FAILED",
        ("differ in Container Type",),
        id="two-step-container-differs",
    ),
    pytest.param(
        combine(
            _second_weighing(),
            _every_weighing("Container Type", "Bin"),
            _every_weighing("Container Quantity", 1),
        ),
        "FAILED",
        ("needs Container Type Truck",),
        id="two-step-bins",
    ),
    pytest.param(
        combine(
            _second_weighing(),
            _every_weighing("Scale Type", "Floor Scale"),
            _accredited_scale("Floor Scale"),
        ),
        "FAILED",
        ("needs a Weighbridge",),
        id="two-step-floor-scale",
    ),
    pytest.param(
        _w(Weighing_Capture_Method="Transport Manifest"),
        "PASSED",
        ("captured from the Transport Manifest",),
        id="from-mtr",
    ),
    pytest.param(
        _w(Weighing_Capture_Method="Guess"), "FAILED", ("'Guess' is not one of",), id="method"
    ),
    pytest.param(
        _w(Container_Capacity=None), "FAILED", ("no Container Capacity",), id="no-capacity"
    ),
    pytest.param(
        combine(_w(Container_Capacity=None), _exception("Container Capacity")),
        "PASSED",
        ("exceptions used: Container Capacity",),
        id="capacity-exempt",
    ),
    pytest.param(
        combine(
            _w(Container_Capacity=None), _exception("Container Capacity", valid_until="2026-04-30")
        ),
        "FAILED",
        ("no Container Capacity",),
        id="capacity-exemption-expired",
    ),
    pytest.param(
        _w(Container_Capacity=(0, "LITER")),
        "FAILED",
        ("Container Capacity must be above 0",),
        id="capacity-0",
    ),
    pytest.param(_w(Container_Capacity=240), "FAILED", ("with a format",), id="capacity-format"),
    pytest.param(
        combine(TRUCK, _w(Container_Quantity=2)), "FAILED", ("must be omitted",), id="truck-qty"
    ),
    pytest.param(_w(Container_Quantity=None), "FAILED", ("no Container Quantity",), id="no-qty"),
    pytest.param(
        combine(_w(Container_Quantity=None), _exception("Container Quantity")),
        "PASSED",
        ("Container Quantity",),
        id="qty-exempt",
    ),
    pytest.param(
        _w(Container_Quantity=2.5), "FAILED", ("whole number above 0",), id="qty-fraction"
    ),
    pytest.param(_w(Container_Type=None), "FAILED", ("no Container Type",), id="no-container"),
    pytest.param(
        _w(Container_Type="Barrel"), "FAILED", ("'Barrel' is not one of",), id="container"
    ),
    pytest.param(_w(Description=""), "FAILED", ("no Description",), id="no-description"),
    pytest.param(_value(0), "FAILED", ("value (net weight) must be above 0",), id="value-0"),
    pytest.param(
        _w(Gross_Weight=(0, "KILOGRAM")), "FAILED", ("Gross Weight must be above 0",), id="gross-0"
    ),
    pytest.param(_w(Gross_Weight=None), "FAILED", ("no Gross Weight",), id="no-gross"),
    pytest.param(
        _w(Gross_Weight=1100), "FAILED", ("Gross Weight needs a format",), id="gross-format"
    ),
    pytest.param(_w(Tare=None), "FAILED", ("no Tare",), id="no-tare"),
    pytest.param(
        _w(Tare=(-1, "KILOGRAM")), "FAILED", ("Tare must be above 0",), id="tare-negative"
    ),
    pytest.param(combine(_w(Tare=None), _exception("Tare")), "PASSED", ("Tare",), id="tare-exempt"),
    pytest.param(
        _w(Gross_Weight=(1100.2, "KILOGRAM")),
        "FAILED",
        ("net weight 1000 kg does not match", "1000.2 kg"),
        id="net-off",
    ),
    pytest.param(
        _w(Gross_Weight=(1100.1, "KILOGRAM")),
        "PASSED",
        ('"difference": "0.1"',),
        id="net-within-0.1",
    ),
    pytest.param(
        _w(Scale_Type="Bin Scale"),
        "FAILED",
        ("'Bin Scale' is not the accredited 'Floor Scale'",),
        id="scale",
    ),
    pytest.param(
        combine(_w(Scale_Type="Weighbridge"), _accredited_scale("Weighbridge (Truck Scale)")),
        "PASSED",
        (),
        id="weighbridge-alias",
    ),
    pytest.param(
        _accredited_scale(None), "FAILED", ("declares no Scale Type",), id="no-accredited-scale"
    ),
    pytest.param(
        combine(_w(Scale_Type="Magic Scale"), _accredited_scale("Magic Scale")),
        "FAILED",
        ("not a known scale type",),
        id="unknown-scale",
    ),
    pytest.param(
        _w(Vehicle_License_Plate="XX"), "FAILED", ("'XX' is not a valid plate",), id="plate"
    ),
    pytest.param(
        _w(Vehicle_License_Plate=None), "FAILED", ("is not a valid plate",), id="no-plate"
    ),
    pytest.param(_ticket(attach=False), "FAILED", ("'Weighing Ticket'",), id="ticket-missing"),
    pytest.param(_ticket(attach=True), "FAILED", ("checked by a person",), id="ticket-unreadable"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), CASES)
async def test_weighing(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "weighing", status, words)


async def test_scale_ticket_is_review_required_when_enabled() -> None:
    scenario = Scenario(review_required=True)
    _ticket(attach=True)(scenario)
    await check_rule(scenario, "weighing", "REVIEW_REQUIRED", ("scale ticket",))
