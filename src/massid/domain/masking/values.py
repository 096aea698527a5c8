"""Masking single values: sensitive attribute values and addresses (privacy.md).

A sensitive string keeps its first two and its last character; every other letter or digit
becomes ``*`` and separators stay (``ABC-1D23`` → ``AB*-***3``). A string of three characters
or fewer would be shown whole by that rule, so all its letters and digits are masked. Numbers,
dates and structured values that are sensitive are hidden, not masked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

MASK = "*"
# Shorter strings would be shown whole by "first two and last": mask every letter and digit.
MIN_PARTLY_SHOWN = 4
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([Tt ]|$)")
COARSE_ADDRESS_FIELDS = ("city", "countryState", "countryCode")
COORDINATE_STEP = Decimal("0.1")


def mask_text(value: str) -> str:
    """Keep the first two and the last character, star every other letter or digit."""
    if len(value) < MIN_PARTLY_SHOWN:
        return "".join(MASK if char.isalnum() else char for char in value)
    last = len(value) - 1
    return "".join(
        char if index < 2 or index == last or not char.isalnum() else MASK
        for index, char in enumerate(value)
    )


def is_date_like(value: str) -> bool:
    """True for an ISO 8601 date or timestamp (``2026-01-10``, ``2026-01-10T10:00:00Z``)."""
    return _ISO_DATE.match(value) is not None


def is_sensitive(attribute: Mapping[str, Any]) -> bool:
    """``sensitive: true`` or its alias ``sensible: true``."""
    return attribute.get("sensitive") is True or attribute.get("sensible") is True


def masked_value(value: Any, value_format: str | None) -> tuple[bool, Any]:
    """``(shown, value)`` of a sensitive value for the public: masked text, or hidden."""
    if isinstance(value, str) and value_format != "DATE" and not is_date_like(value):
        return True, mask_text(value)
    return False, None


def round_coordinate(value: Any) -> float | None:
    """A latitude or longitude rounded to 0.1° (half to even), or None when not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    rounded = Decimal(str(value)).quantize(COORDINATE_STEP, rounding=ROUND_HALF_EVEN)
    return float(rounded)


def coarsen_address(address: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """City, state and country, with coordinates rounded to 0.1°; nothing else."""
    if not isinstance(address, Mapping):
        return None
    coarse: dict[str, Any] = {
        field: address[field]
        for field in COARSE_ADDRESS_FIELDS
        if isinstance(address.get(field), str)
    }
    for field in ("latitude", "longitude"):
        rounded = round_coordinate(address.get(field))
        if rounded is not None:
            coarse[field] = rounded
    return coarse
