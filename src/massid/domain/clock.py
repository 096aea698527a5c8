"""Time helpers: timezone-aware UTC everywhere, one wire format."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def format_ts(value: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``: milliseconds, or microseconds when they carry data."""
    value = to_utc(value)
    if value.microsecond % 1000:
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_ts(value: str) -> datetime:
    """Parse a timestamp written by :func:`format_ts` (or any ISO 8601 with a zone)."""
    return to_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
