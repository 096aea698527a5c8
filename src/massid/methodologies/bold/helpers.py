"""Small readers shared by the rules: values, numbers, dates and actors of a MassID."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from massid.methodologies.graph import Document, Event


def text(value: Any) -> str:
    """A value as stripped text ('' when it is not a string or a number)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return ""


def number(value: Any) -> Decimal | None:
    """A JSON number (or numeric string) as a finite ``Decimal``; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def kg(value: Decimal | None) -> str:
    """A mass for a comment: ``980 kg``, ``12.5 kg``."""
    if value is None:
        return "(none)"
    return f"{plain(value)} kg"


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros."""
    return format(value.normalize(), "f")


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date or datetime as aware UTC (a date or a zone-less time is UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def actor_id(document: Document, role: str) -> str | None:
    """The participant id of the first ACTOR with ``role``."""
    actors = document.actors(role)
    return actors[0].participant_id if actors else None


def actor_event(document: Document, role: str) -> Event | None:
    actors = document.actors(role)
    return actors[0] if actors else None


def missing(*pairs: tuple[str, Any]) -> list[str]:
    """The names of the pairs whose value is None or empty text."""
    return [name for name, value in pairs if value is None or text(value) == ""]


def join(items: list[str]) -> str:
    return "; ".join(items)
