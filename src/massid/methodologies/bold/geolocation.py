"""#7 ``geolocation-and-address-precision`` (methodology-reference.md §7.3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from massid.methodologies.bold.accreditation import (
    accreditation_for,
    facility_address,
    has_exception,
)
from massid.methodologies.bold.helpers import actor_id, number
from massid.methodologies.bold.vocabulary import (
    DROP_OFF,
    GPS_LATITUDE,
    GPS_LONGITUDE,
    PICK_UP,
    PROCESSOR,
    RECYCLER,
    WASTE_GENERATOR,
)
from massid.methodologies.engine import (
    FAILED,
    PASSED,
    REVIEW_REQUIRED,
    RuleContext,
    RuleResult,
    overall_status,
)
from massid.methodologies.geo import distance_m
from massid.methodologies.graph import Address, Document, Event
from massid.methodologies.text import address_match

DISTANCE_PASS_M = 2_000
DISTANCE_SIMILARITY_M = 30_000
GPS_MAX_DISTANCE_M = 2_000
ADDRESS_SIMILARITY = 0.75


@dataclass(slots=True)
class Check:
    status: str
    comment: str
    details: dict[str, Any]


def _address_text(address: Address) -> str:
    return f"{address.street}, {address.number}, {address.city}"


def _distance(a: Address, lat: float, lon: float) -> int:
    assert a.latitude is not None and a.longitude is not None
    return round(distance_m(a.latitude, a.longitude, lat, lon))


def _gps(
    context: RuleContext, event: Event, role: str, facility: Address, accreditation: Document | None
) -> Check:
    lat, lon = number(event.attr(GPS_LATITUDE)), number(event.attr(GPS_LONGITUDE))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return Check(PASSED, "no captured GPS", {})
    if role == RECYCLER and all(
        has_exception(accreditation, event.name, name, context.now)
        for name in (GPS_LATITUDE, GPS_LONGITUDE)
    ):
        return Check(PASSED, "captured GPS exempted by the recycler's accreditation", {})
    gap = _distance(facility, float(lat), float(lon))
    if gap > GPS_MAX_DISTANCE_M:
        return Check(
            FAILED,
            f"captured GPS is {gap} m from the accredited address (max {GPS_MAX_DISTANCE_M} m)",
            {"gpsDistanceM": gap},
        )
    return Check(PASSED, f"captured GPS within {gap} m", {"gpsDistanceM": gap})


def _text(context: RuleContext, address: Address, facility: Address) -> Check:
    if (
        address.country_code != facility.country_code
        or address.country_state != facility.country_state
    ):
        return Check(
            FAILED,
            f"address is in {address.country_state}/{address.country_code}, the accredited "
            f"facility in {facility.country_state}/{facility.country_code}",
            {},
        )
    matches, score = address_match(
        _address_text(address), _address_text(facility), ADDRESS_SIMILARITY
    )
    details = {"addressSimilarity": f"{score:.4f}"}
    if not matches:
        return Check(
            FAILED,
            f"address '{_address_text(address)}' does not match the accredited "
            f"'{_address_text(facility)}' (similarity {score:.2f})",
            details,
        )
    if context.review_required:
        return Check(
            REVIEW_REQUIRED,
            f"address matches the accredited one by text (similarity {score:.2f}); "
            "review the location",
            details,
        )
    return Check(
        PASSED, f"address matches the accredited one by text (similarity {score:.2f})", details
    )


def _check(context: RuleContext, event: Event, role: str) -> Check:
    graph = context.graph
    accreditation = accreditation_for(graph, actor_id(graph.mass_id, role), role, context.now)
    facility = facility_address(accreditation)
    if role == WASTE_GENERATOR and facility is None:
        return Check(
            PASSED, "no accredited Waste Generator address; optional validation skipped", {}
        )
    if facility is None:
        return Check(FAILED, f"no accredited facility address for the {role}", {})
    if not facility.has_coordinates:
        return Check(FAILED, f"the {role}'s accredited facility address has no coordinates", {})
    address = event.address
    if address is None:
        return Check(FAILED, "the event has no address", {})
    if not address.has_coordinates:
        by_text = _text(context, address, facility)
        gps = _gps(context, event, role, facility, accreditation)
        status = overall_status([by_text.status, gps.status])
        return Check(
            status, f"{by_text.comment}; {gps.comment}", {**by_text.details, **gps.details}
        )
    assert address.latitude is not None and address.longitude is not None
    distance = _distance(facility, address.latitude, address.longitude)
    details: dict[str, Any] = {"distanceM": distance}
    if distance <= DISTANCE_PASS_M:
        gps = _gps(context, event, role, facility, accreditation)
        return Check(
            gps.status,
            f"{distance} m from the accredited address; {gps.comment}",
            {**details, **gps.details},
        )
    if distance > DISTANCE_SIMILARITY_M:
        return Check(
            FAILED,
            f"{distance} m from the {role}'s accredited address (over {DISTANCE_SIMILARITY_M} m)",
            details,
        )
    by_text = _text(context, address, facility)
    return Check(
        by_text.status,
        f"{distance} m from the accredited address; {by_text.comment}",
        {**details, **by_text.details},
    )


def geolocation_and_address_precision(context: RuleContext) -> RuleResult:
    """Each Pick-up and Drop-off is at (or near) its participant's accredited address."""
    mass_id = context.graph.mass_id
    pick_ups, drop_offs = mass_id.named(PICK_UP), mass_id.named(DROP_OFF)
    if not pick_ups and not drop_offs:
        return RuleResult(FAILED, "No Pick-up or Drop-off event to locate")
    results: list[dict[str, Any]] = []
    for event in mass_id.events:
        if event.name not in (PICK_UP, DROP_OFF):
            continue
        if pick_ups and event is pick_ups[0]:
            role = WASTE_GENERATOR
        elif drop_offs and event is drop_offs[-1]:
            role = RECYCLER
        else:
            role = PROCESSOR
        check = _check(context, event, role)
        results.append(
            {
                "event": event.name,
                "eventId": event.id,
                "role": role,
                "status": check.status,
                "comment": check.comment,
                **check.details,
            }
        )
    status = overall_status([str(item["status"]) for item in results])
    problems = [
        f"{item['event']} ({item['role']}): {item['comment']}"
        for item in results
        if item["status"] != PASSED
    ]
    if status == PASSED:
        return RuleResult(
            PASSED, "Every Pick-up and Drop-off is at its accredited address", {"events": results}
        )
    return RuleResult(status, "; ".join(problems), {"events": results})
