"""#10 vehicle identification and #11 driver identification, with Brazilian plate patterns."""

from __future__ import annotations

import re
from typing import Any

from massid.methodologies.bold.helpers import text
from massid.methodologies.bold.vocabulary import (
    DRIVER_EXEMPTION,
    DRIVER_IDENTIFIER,
    PICK_UP,
    VEHICLE_DESCRIPTION,
    VEHICLE_PLATE,
    VEHICLE_TYPE,
    VEHICLE_TYPES,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed

PLATE_PATTERNS = (
    re.compile(r"^[A-Z]{3}\d[A-Z]\d{2}$"),  # Mercosul
    re.compile(r"^[A-Z]{3}\d{4}$"),  # old Brazilian
    re.compile(r"^[A-Z]{2}\d{4}$"),  # short
)
PLATELESS_VEHICLES = frozenset({"Bicycle", "Cart", "Sludge Pipes"})


def is_valid_plate(value: Any) -> bool:
    """A Brazilian plate (Mercosul, old or short), ignoring case, spaces and dashes."""
    if not isinstance(value, str):
        return False
    plate = "".join(value.split()).replace("-", "").upper()
    return any(pattern.match(plate) for pattern in PLATE_PATTERNS)


def vehicle_identification(context: RuleContext) -> RuleResult:
    """A known vehicle type; a description for Others; a valid plate for motor vehicles."""
    pick_up = context.graph.mass_id.first(PICK_UP)
    if pick_up is None:
        return failed("No Pick-up event: the vehicle is unknown")
    vehicle = text(pick_up.attr(VEHICLE_TYPE))
    if not vehicle:
        return failed("The Pick-up has no Vehicle Type")
    if vehicle not in VEHICLE_TYPES:
        return failed(
            f"Vehicle Type '{vehicle}' is not one of {', '.join(sorted(VEHICLE_TYPES))}",
            vehicleType=vehicle,
        )
    if vehicle == "Others":
        if text(pick_up.attr(VEHICLE_DESCRIPTION)):
            return passed("Vehicle type Others, described", vehicleType=vehicle)
        return failed("Vehicle Type 'Others' needs a Vehicle Description", vehicleType=vehicle)
    if vehicle in PLATELESS_VEHICLES:
        return passed(f"Vehicle type {vehicle} needs no license plate", vehicleType=vehicle)
    plate = pick_up.attr(VEHICLE_PLATE)
    if not text(plate):
        return failed(f"Vehicle type {vehicle} needs a Vehicle License Plate", vehicleType=vehicle)
    if not is_valid_plate(plate):
        return failed(
            f"Vehicle License Plate '{text(plate)}' is not a valid Brazilian plate "
            "(AAA9A99, AAA9999 or AA9999)",
            vehicleType=vehicle,
        )
    return passed(f"Vehicle type {vehicle} with a valid license plate", vehicleType=vehicle)


def driver_identification(context: RuleContext) -> RuleResult:
    """Either a Driver Identifier or an exemption justification (not both), except sludge pipes."""
    pick_up = context.graph.mass_id.first(PICK_UP)
    if pick_up is None:
        return failed("No Pick-up event: the driver is unknown")
    if text(pick_up.attr(VEHICLE_TYPE)) == "Sludge Pipes":
        return passed("Sludge Pipes need no driver")
    has_identifier = pick_up.attr(DRIVER_IDENTIFIER) is not None
    has_justification = bool(text(pick_up.attr(DRIVER_EXEMPTION)))
    if has_identifier and has_justification:
        return failed(
            f"The Pick-up has both a {DRIVER_IDENTIFIER} and a {DRIVER_EXEMPTION}; give only one"
        )
    if not has_identifier and not has_justification:
        return failed(f"The Pick-up needs a {DRIVER_IDENTIFIER} or a {DRIVER_EXEMPTION}")
    if has_identifier:
        return passed("The driver is identified")
    return passed("The driver identifier is exempted with a justification")
