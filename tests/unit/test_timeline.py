"""The pure timeline rules: ordering, lifecycle, cap, value folding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from massid.domain.commands import EventIn
from massid.domain.errors import Conflict, ValidationFailed
from massid.domain.timeline import (
    CLOSED,
    OPEN,
    DocumentHead,
    apply_event,
    check_append,
    decimal_to_json,
    to_decimal,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def head(**overrides: Any) -> DocumentHead:
    values: dict[str, Any] = {
        "id": "d",
        "environment": "TEST",
        "integrator_id": "i",
        "category": "MassID",
        "type": "Organic",
        "subtype": None,
        "measurement_unit": "kg",
        "status": OPEN,
        "current_value": Decimal(100),
        "last_seq": 0,
        "last_event_at": None,
        "external_created_at": T0,
        "is_public": True,
        "is_publicly_searchable": True,
    }
    values.update(overrides)
    return DocumentHead(**values)


def event(name: str = "X", hours: float = 1, **fields: Any) -> EventIn:
    return EventIn.model_construct(
        name=name,
        externalCreatedAt=T0 + timedelta(hours=hours),
        isPublic=True,
        value=fields.pop("value", None),
        updates=fields.pop("updates", None),
        **fields,
    )


def test_sequence_and_time_advance() -> None:
    state = head()
    apply_event(state, event(hours=2))
    assert state.last_seq == 1 and state.last_event_at == T0 + timedelta(hours=2)
    with pytest.raises(Conflict) as raised:
        check_append(state, event(hours=1), "", max_events=10)
    assert raised.value.reason == "EVENT_OUT_OF_ORDER"
    check_append(state, event(hours=2), "", max_events=10)


def test_cap_and_server_exemption() -> None:
    state = head(last_seq=3, last_event_at=T0)
    with pytest.raises(Conflict) as raised:
        check_append(state, event(), "", max_events=3)
    assert raised.value.reason == "EVENT_LIMIT_REACHED"
    check_append(state, event(), "", max_events=3, exempt_from_cap=True)


@pytest.mark.parametrize(
    ("status", "name", "reason"),
    [(CLOSED, "X", "DOCUMENT_CLOSED"), ("CANCELLED", "RELATED", "DOCUMENT_CANCELLED")],
)
def test_lifecycle(status: str, name: str, reason: str) -> None:
    with pytest.raises(Conflict) as raised:
        check_append(head(status=status), event(name), "", max_events=10)
    assert raised.value.reason == reason


def test_values() -> None:
    state = head()
    apply_event(state, event("Weighing", value=90.5))
    assert state.current_value == Decimal("90.5")
    apply_event(state, event("ACTOR", value=1))
    assert state.current_value == Decimal("90.5")
    apply_event(state, event("SPLIT", value=0.5))
    assert state.current_value == Decimal(90)
    with pytest.raises(ValidationFailed):
        check_append(state, event("SPLIT", value=91), "/events/0", max_events=10)
    apply_event(state, event("CLOSE"))
    assert state.status == CLOSED


def test_decimal_json() -> None:
    assert decimal_to_json(Decimal("1000.0")) == 1000
    assert decimal_to_json(Decimal("0.1")) == 0.1
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(None) == 0
