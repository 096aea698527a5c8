"""JSON in and out without losing exactness: ``Decimal`` is sent as a JSON number, and numbers
with a fraction are read back as ``Decimal``; datetimes are sent as ISO 8601 in UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value.isoformat()} has no time zone")
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON; ``NaN`` and ``Infinity`` are refused, as the server does."""
    return json.dumps(
        data, default=_default, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()


def loads(content: bytes) -> Any:
    """Parse a response body, reading fractional numbers as ``Decimal``."""
    return json.loads(content, parse_float=Decimal)
