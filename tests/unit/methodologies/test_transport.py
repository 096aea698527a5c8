"""#10 vehicle-identification (with plate patterns) and #11 driver-identification."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from massid.methodologies.bold.transport import is_valid_plate
from tests.methodology_factories import set_attr
from tests.methodology_scenario import Scenario, check_rule

Mutation = Callable[[Scenario], None]


def _pick_up(**attributes: object) -> Mutation:
    def mutate(s: Scenario) -> None:
        for name, value in attributes.items():
            set_attr(s.event("Pick-up"), name.replace("_", " "), value)

    return mutate


VEHICLES = [
    pytest.param(lambda s: None, "PASSED", ("Truck with a valid license plate",), id="truck"),
    pytest.param(lambda s: s.remove("Pick-up"), "FAILED", ("No Pick-up",), id="no-pick-up"),
    pytest.param(_pick_up(Vehicle_Type=None), "FAILED", ("no Vehicle Type",), id="no-type"),
    pytest.param(_pick_up(Vehicle_Type="Rocket"), "FAILED", ("'Rocket' is not one of",), id="?"),
    pytest.param(
        _pick_up(Vehicle_Type="Others", Vehicle_Description="Tractor with trailer"),
        "PASSED",
        ("Others, described",),
        id="others-described",
    ),
    pytest.param(
        _pick_up(Vehicle_Type="Others"), "FAILED", ("needs a Vehicle Description",), id="others"
    ),
    pytest.param(
        _pick_up(Vehicle_Type="Bicycle", Vehicle_License_Plate=None),
        "PASSED",
        ("needs no license plate",),
        id="bicycle",
    ),
    pytest.param(
        _pick_up(Vehicle_Type="Sludge Pipes", Vehicle_License_Plate=None),
        "PASSED",
        ("Sludge Pipes",),
        id="pipes",
    ),
    pytest.param(
        _pick_up(Vehicle_License_Plate=None),
        "FAILED",
        ("needs a Vehicle License Plate",),
        id="no-plate",
    ),
    pytest.param(
        _pick_up(Vehicle_License_Plate="12-345"),
        "FAILED",
        ("'12-345' is not a valid Brazilian plate",),
        id="bad-plate",
    ),
    pytest.param(_pick_up(Vehicle_License_Plate="abc 1234"), "PASSED", (), id="old-plate"),
]


@pytest.mark.parametrize(("mutate", "status", "words"), VEHICLES)
async def test_vehicle_identification(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "vehicle-identification", status, words)


@pytest.mark.parametrize(
    ("plate", "valid"),
    [
        ("ABC1D23", True),
        ("abc-1d23", True),
        ("ABC 1234", True),
        ("AB1234", True),
        ("ABCD123", False),
        ("AB12345", False),
        ("A1B2C3D", False),
        ("", False),
        (1234567, False),
    ],
)
def test_plate_patterns(plate: object, valid: bool) -> None:
    assert is_valid_plate(plate) is valid


JUSTIFY = "Driver Identifier Exemption Justification"
DRIVERS = [
    pytest.param(lambda s: None, "PASSED", ("driver is identified",), id="identified"),
    pytest.param(lambda s: s.remove("Pick-up"), "FAILED", ("No Pick-up",), id="no-pick-up"),
    pytest.param(
        _pick_up(Vehicle_Type="Sludge Pipes", Driver_Identifier=None),
        "PASSED",
        ("need no driver",),
        id="pipes",
    ),
    pytest.param(
        lambda s: set_attr(s.event("Pick-up"), JUSTIFY, "Volunteer driver"),
        "FAILED",
        ("both",),
        id="both",
    ),
    pytest.param(_pick_up(Driver_Identifier=None), "FAILED", ("needs a Driver",), id="neither"),
    pytest.param(
        lambda s: (
            set_attr(s.event("Pick-up"), "Driver Identifier", None),
            set_attr(s.event("Pick-up"), JUSTIFY, "Volunteer driver"),
        ),
        "PASSED",
        ("exempted",),
        id="justified",
    ),
    pytest.param(
        lambda s: (
            set_attr(s.event("Pick-up"), "Driver Identifier", None),
            set_attr(s.event("Pick-up"), JUSTIFY, "  "),
        ),
        "FAILED",
        ("needs a Driver",),
        id="blank-justification",
    ),
]


@pytest.mark.parametrize(("mutate", "status", "words"), DRIVERS)
async def test_driver_identification(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "driver-identification", status, words)
