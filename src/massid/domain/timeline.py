"""The folded state of a document and the rules an appended event must pass (api.md §5).

:class:`DocumentHead` is everything the server needs to decide on the next event without
reading the timeline: status, ``currentValue``, last sequence number and last event time.
``check_append`` raises the documented error; ``apply_event`` folds an accepted event in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from massid.domain.clock import format_ts
from massid.domain.commands import EventIn
from massid.domain.errors import Conflict, ValidationFailed
from massid.domain.event_rules import (
    ALLOWED_AFTER_CLOSE,
    BUILT_IN_EVENTS,
    CANCEL,
    CLOSE,
    SPLIT,
    UPDATE,
)

OPEN = "OPEN"
CLOSED = "CLOSED"
CANCELLED = "CANCELLED"


@dataclass(slots=True)
class DocumentHead:
    id: str
    environment: str
    integrator_id: str
    category: str
    type: str
    subtype: str | None
    measurement_unit: str | None
    status: str
    current_value: Decimal
    last_seq: int
    last_event_at: datetime | None
    external_created_at: datetime
    is_public: bool
    is_publicly_searchable: bool


def to_decimal(value: float | int | None) -> Decimal:
    """A JSON number as an exact decimal (floats through their shortest repr)."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value))


def decimal_to_json(value: Decimal) -> int | float:
    """A decimal as a JSON number: an integer when it is whole."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def check_append(
    head: DocumentHead,
    event: EventIn,
    pointer: str,
    *,
    max_events: int,
    exempt_from_cap: bool = False,
) -> None:
    """Raise the documented error when ``event`` may not be appended to ``head`` now."""
    if head.status == CANCELLED:
        raise Conflict(
            "DOCUMENT_CANCELLED",
            f"{pointer or '/'}: document {head.id} is CANCELLED; no event can be added",
        )
    if head.status == CLOSED and event.name not in ALLOWED_AFTER_CLOSE:
        raise Conflict(
            "DOCUMENT_CLOSED",
            f"{pointer or '/'}: document {head.id} is CLOSED; only RELATED and OUTPUT events "
            f"can be added, not '{event.name}'",
        )
    if head.last_seq >= max_events and not exempt_from_cap:
        raise Conflict(
            "EVENT_LIMIT_REACHED",
            f"{pointer or '/'}: document {head.id} already has {head.last_seq} events, "
            f"the limit is {max_events}",
        )
    floor = head.last_event_at or head.external_created_at
    if event.externalCreatedAt < floor:
        what = "the latest event" if head.last_event_at else "the document's externalCreatedAt"
        raise Conflict(
            "EVENT_OUT_OF_ORDER",
            f"{pointer}/externalCreatedAt: {format_ts(event.externalCreatedAt)} is earlier than "
            f"{what} on document {head.id} ({format_ts(floor)}); events must not go back in time",
        )
    if event.name == SPLIT:
        split = to_decimal(event.value)
        if split > head.current_value:
            raise ValidationFailed(
                f"{pointer}/value",
                f"split value {split} is larger than the document's currentValue "
                f"{head.current_value}",
            )


def apply_event(head: DocumentHead, event: EventIn) -> None:
    """Fold an accepted event into ``head``: sequence, time, status, value and flags."""
    head.last_seq += 1
    head.last_event_at = event.externalCreatedAt
    name = event.name
    if name == CLOSE:
        head.status = CLOSED
    elif name == CANCEL:
        head.status = CANCELLED
    elif name == SPLIT:
        head.current_value -= to_decimal(event.value)
    elif name == UPDATE and event.updates is not None:
        if event.updates.isPublic is not None:
            head.is_public = event.updates.isPublic
        if event.updates.isPubliclySearchable is not None:
            head.is_publicly_searchable = event.updates.isPubliclySearchable
    elif name not in BUILT_IN_EVENTS and event.value is not None:
        head.current_value = to_decimal(event.value)
