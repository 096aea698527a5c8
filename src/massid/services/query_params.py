"""Strict parsing of query parameters: unknown, repeated or malformed ones are named in a 400.

A typo in a filter (``?categroy=MassID``) must not silently widen a listing to everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from massid.domain.clock import to_utc
from massid.domain.errors import ValidationFailed


def where(name: str) -> str:
    """The pointer text of a query parameter, as the request-validation handler writes it."""
    return f"/{name} (query parameter)"


def single_values(params: Sequence[tuple[str, str]], allowed: Sequence[str]) -> dict[str, str]:
    """The query as a dict, refusing names not in ``allowed`` and names given twice."""
    values: dict[str, str] = {}
    for name, value in params:
        if name not in allowed:
            raise ValidationFailed(
                where(name), f"unknown parameter; this endpoint accepts {', '.join(allowed)}"
            )
        if name in values:
            raise ValidationFailed(where(name), "given more than once")
        values[name] = value
    return values


def text(values: dict[str, str], name: str, *, max_length: int = 255) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if not value or len(value) > max_length:
        raise ValidationFailed(where(name), f"must be 1 to {max_length} characters")
    return value


def integer(values: dict[str, str], name: str, *, default: int, low: int, high: int) -> int:
    value = values.get(name)
    if value is None:
        return default
    if (
        not value.isascii()
        or not value.isdigit()
        or len(value) > 12
        or not low <= int(value) <= high
    ):
        raise ValidationFailed(where(name), f"must be an integer from {low} to {high}")
    return int(value)


def timestamp(values: dict[str, str], name: str) -> datetime | None:
    value = values.get(name)
    if value is None:
        return None
    hint = (
        "must be an ISO 8601 timestamp with a time zone, e.g. 2026-01-10T10:00:00Z "
        "(write a '+' offset as %2B in a URL)"
    )
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationFailed(where(name), hint) from None
    if parsed.tzinfo is None or "T" not in value.upper():
        raise ValidationFailed(where(name), hint)
    return to_utc(parsed)


def choice(values: dict[str, str], name: str, options: Sequence[str]) -> str | None:
    value = values.get(name)
    if value is not None and value not in options:
        raise ValidationFailed(where(name), f"must be one of {', '.join(options)}")
    return value
