"""Accreditation documents: validity (§4.3), approved exceptions (§4.4), metrics and addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from massid.methodologies.bold.helpers import actor_id, number, parse_datetime, text
from massid.methodologies.bold.vocabulary import (
    ACCREDITATION_RESULT,
    ACCREDITATION_STATUS,
    APPROVED,
    APPROVED_EXCEPTIONS,
    EFFECTIVE_DATE,
    EXEMPTION_FOR_MANDATORY_ATTRIBUTE,
    EXPIRATION_DATE,
    FACILITY_ADDRESS,
    MASS_ID,
    METRICS,
    RECYCLER,
    REFERENCE_YEAR,
)
from massid.methodologies.graph import Address, Document, Event, Graph


def is_valid(accreditation: Document, now: datetime) -> bool:
    """Approved, effective on or before today and not expired (same calendar day counts)."""
    result = accreditation.first(ACCREDITATION_RESULT)
    if result is None:
        return False
    effective = parse_datetime(result.attr(EFFECTIVE_DATE))
    raw_expiration = result.attr(EXPIRATION_DATE)
    expiration = parse_datetime(raw_expiration)
    if effective is None or (raw_expiration not in (None, "") and expiration is None):
        return False
    if text(result.attr(ACCREDITATION_STATUS)) != APPROVED:
        return False
    today = now.date()
    return effective.date() <= today and (expiration is None or expiration.date() >= today)


def is_valid_with_optional_dates(accreditation: Document, now: datetime) -> bool:
    """Valid when there is no ``Accreditation Result`` at all, else as :func:`is_valid`."""
    if accreditation.first(ACCREDITATION_RESULT) is None:
        return True
    return is_valid(accreditation, now)


def accreditations_of(graph: Graph, participant_id: str | None, role: str) -> list[Document]:
    """Every accreditation of ``participant_id`` for ``role`` (subtype = role)."""
    if participant_id is None:
        return []
    return [
        doc
        for doc in graph.accreditations
        if doc.primary_participant_id == participant_id and doc.subtype == role
    ]


def accreditation_for(
    graph: Graph, participant_id: str | None, role: str, now: datetime
) -> Document | None:
    """The accreditation the rules read for a role: a valid one first, then the newest."""
    found = accreditations_of(graph, participant_id, role)
    if not found:
        return None
    return max(found, key=lambda doc: (is_valid(doc, now), doc.external_created_at))


def recycler_accreditation(graph: Graph, now: datetime) -> Document | None:
    return accreditation_for(graph, actor_id(graph.mass_id, RECYCLER), RECYCLER, now)


def facility_address(accreditation: Document | None) -> Address | None:
    if accreditation is None:
        return None
    event = accreditation.first(FACILITY_ADDRESS)
    return event.address if event is not None else None


def metrics_event(accreditation: Document | None, year: int) -> Event | None:
    """The ``Emissions & Composting Metrics`` event whose ``Reference Year`` is ``year``."""
    if accreditation is None:
        return None
    for event in accreditation.events:
        if METRICS in event.name and number(event.attr(REFERENCE_YEAR)) == year:
            return event
    return None


def _exceptions(accreditation: Document) -> list[dict[str, Any]]:
    result = accreditation.first(ACCREDITATION_RESULT)
    value = result.attr(APPROVED_EXCEPTIONS) if result else None
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def has_exception(
    accreditation: Document | None, event_name: str, attribute: str, now: datetime
) -> bool:
    """True when the accreditation holds a current exemption for ``attribute`` on the event."""
    if accreditation is None:
        return False
    for item in _exceptions(accreditation):
        location = item.get("Attribute Location")
        if not isinstance(location, dict) or location.get("Event") != event_name:
            continue
        asset = location.get("Asset")
        if isinstance(asset, dict) and asset.get("Category") not in (None, MASS_ID):
            continue
        if item.get("Attribute Name") != attribute or not text(item.get("Reason")):
            continue
        if item.get("Exception Type") != EXEMPTION_FOR_MANDATORY_ATTRIBUTE:
            continue
        valid_until = item.get("Valid Until")
        if valid_until not in (None, ""):
            until = parse_datetime(valid_until)
            if until is None or until < now:
                continue
        return True
    return False
