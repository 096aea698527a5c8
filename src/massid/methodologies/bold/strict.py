"""Strict mode: the framework-only checks the reference flags as GAPs (§5.1), as extra rules.

Carrot's deployed rules do not run these, so massid runs them only on request (``"strict":
true``, or ``MASSID_VERIFICATION_STRICT``). Each one checks what the framework text asks,
wherever its inputs exist; without them it is not applicable (PASSED, "Rule not applicable").
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from massid.methodologies.bold.emissions import prevented_emissions
from massid.methodologies.bold.helpers import actor_event, number, plain, text
from massid.methodologies.bold.vocabulary import (
    CONTAINER_QUANTITY,
    CONTAINER_TYPE,
    DROP_OFF,
    GROSS_WEIGHT,
    PICK_UP,
    PROCESSOR,
    RECYCLED,
    RECYCLER,
    RECYCLING_MANIFEST,
    TARE,
    WEIGHING,
)
from massid.methodologies.engine import (
    PASSED,
    REVIEW_REQUIRED,
    Rule,
    RuleContext,
    RuleResult,
    failed,
    not_applicable,
    passed,
)
from massid.methodologies.geo import distance_m
from massid.methodologies.graph import Event

NET_WEIGHT_TOLERANCE = Decimal("0.1")
DISTANCE_LIMIT_KM = Decimal(200)
PROJECT_SIZE_KG = Decimal(60_000_000)  # 60,000 t CO₂e per 12 months per recycler


def first_identified_participant(context: RuleContext) -> RuleResult:
    """The MassID's primary participant is the first Pick-up's participant (by id)."""
    mass_id = context.graph.mass_id
    pick_up = mass_id.first(PICK_UP)
    if pick_up is None or not mass_id.primary_participant_id:
        return not_applicable(reason="no Pick-up or no primary participant")
    ids = {"primaryParticipantId": mass_id.primary_participant_id}
    ids["pickUpParticipantId"] = pick_up.participant_id
    if pick_up.participant_id == mass_id.primary_participant_id:
        return passed("The first Pick-up's participant is the MassID's primary participant", **ids)
    return failed(
        f"The MassID's primary participant ({mass_id.primary_participant_id}) is not the first "
        f"Pick-up's participant ({pick_up.participant_id})",
        **ids,
    )


def fip_address(context: RuleContext) -> RuleResult:
    """The first Pick-up happened at the MassID's primary address (by id)."""
    mass_id = context.graph.mass_id
    pick_up = mass_id.first(PICK_UP)
    primary = mass_id.primary_address
    if pick_up is None or pick_up.address is None or primary is None:
        return not_applicable(reason="no Pick-up address or no primary address")
    ids = {"primaryAddressId": primary.id, "pickUpAddressId": pick_up.address.id}
    if pick_up.address.id == primary.id:
        return passed("The first Pick-up is at the MassID's primary address", **ids)
    return failed(
        f"The first Pick-up's address ({pick_up.address.id}) is not the MassID's primary "
        f"address ({primary.id})",
        **ids,
    )


def _address_id(event: Event | None) -> str | None:
    return event.address.id if event is not None and event.address is not None else None


def processor_and_drop_off(context: RuleContext) -> RuleResult:
    """A Drop-off at a Processor is followed by a Drop-off at the Recycler."""
    mass_id = context.graph.mass_id
    drop_offs = mass_id.named(DROP_OFF)
    recycler = _address_id(actor_event(mass_id, RECYCLER))
    if not drop_offs or recycler is None:
        return not_applicable(reason="no Drop-off or no Recycler address")
    processors = {_address_id(event) for event in mass_id.actors(PROCESSOR)} - {None, recycler}
    at_processor = [i for i, e in enumerate(drop_offs) if _address_id(e) in processors]
    if not at_processor:
        return passed("No Drop-off at a Processor other than the Recycler", processorDropOffs=0)
    later = drop_offs[at_processor[-1] + 1 :]
    content = {"processorDropOffs": len(at_processor)}
    if any(_address_id(event) == recycler for event in later):
        return passed("The Processor Drop-off is followed by a Drop-off at the Recycler", **content)
    return failed(
        "The last Drop-off at a Processor is not followed by a Drop-off at the Recycler", **content
    )


def recycling_manifest_value(context: RuleContext) -> RuleResult:
    """Each Recycling Manifest with a value states the MassID's value."""
    mass_id = context.graph.mass_id
    values = [e.value for e in mass_id.named(RECYCLING_MANIFEST) if e.value is not None]
    if not values:
        return not_applicable(reason="no Recycling Manifest with a value")
    current = mass_id.current_value
    wrong = [plain(value) for value in values if value != current]
    content = {"documentValue": plain(current), "manifestValues": [plain(v) for v in values]}
    if wrong:
        return failed(
            f"Recycling Manifest value {', '.join(wrong)} kg is not the MassID's value "
            f"{plain(current)} kg",
            **content,
        )
    return passed(f"The Recycling Manifest states the MassID's {plain(current)} kg", **content)


def net_weight_verification(context: RuleContext) -> RuleResult:
    """Net = gross − tare × quantity on every Weighing, quantity 1 when not given (±0.1 kg)."""
    checked: list[dict[str, str]] = []
    problems: list[str] = []
    for event in context.graph.mass_id.named(WEIGHING):
        gross, tare, value = number(event.attr(GROSS_WEIGHT)), number(event.attr(TARE)), event.value
        if gross is None or tare is None or value is None:
            continue
        quantity = number(event.attr(CONTAINER_QUANTITY))
        if quantity is None or text(event.attr(CONTAINER_TYPE)) == "Truck":
            quantity = Decimal(1)
        net = gross - tare * quantity
        checked.append(
            {"eventId": event.id, "calculatedNetWeight": plain(net), "value": plain(value)}
        )
        if abs(net - value) > NET_WEIGHT_TOLERANCE:
            problems.append(
                f"net weight {plain(value)} kg is not {plain(gross)} − {plain(tare)} × "
                f"{plain(quantity)} = {plain(net)} kg"
            )
    if not checked:
        return not_applicable(reason="no Weighing with Gross Weight, Tare and value")
    if problems:
        return failed("Weighing: " + "; ".join(problems), weighings=checked)
    return passed("Net weight = gross − tare × quantity on every Weighing", weighings=checked)


def _at_least_zero(value: object) -> bool:
    amount = number(value)
    return amount is not None and amount >= 0


def weighing_tare(context: RuleContext) -> RuleResult:
    """Every Weighing's Tare, when given, is a number ≥ 0 (the framework's bound)."""
    tares = [
        event.attr(TARE)
        for event in context.graph.mass_id.named(WEIGHING)
        if event.attr(TARE) is not None
    ]
    if not tares:
        return not_applicable(reason="no Weighing with a Tare")
    wrong = [text(tare) or repr(tare) for tare in tares if not _at_least_zero(tare)]
    if wrong:
        return failed(f"Tare must be a number ≥ 0, got {', '.join(wrong)}", tares=len(tares))
    return passed("Every Tare is ≥ 0", tares=len(tares))


def methodology_distance_limit(context: RuleContext) -> RuleResult:
    """Pick-up to last Drop-off over 200 km is flagged for review (AMS-III.F boundary)."""
    mass_id = context.graph.mass_id
    pick_up, drop_off = mass_id.first(PICK_UP), mass_id.last(DROP_OFF)
    start = pick_up.address if pick_up else None
    end = drop_off.address if drop_off else None
    if start is None or end is None or not (start.has_coordinates and end.has_coordinates):
        return not_applicable(reason="no Pick-up and Drop-off coordinates")
    assert start.latitude is not None and start.longitude is not None
    assert end.latitude is not None and end.longitude is not None
    metres = distance_m(start.latitude, start.longitude, end.latitude, end.longitude)
    km = (Decimal(round(metres)) / 1000).quantize(Decimal("0.001"))
    content = {"distanceKm": plain(km), "limitKm": plain(DISTANCE_LIMIT_KM)}
    if km > DISTANCE_LIMIT_KM:
        return RuleResult(
            REVIEW_REQUIRED,
            f"Pick-up to Drop-off is {plain(km)} km, beyond the {plain(DISTANCE_LIMIT_KM)} km "
            "project boundary: a person must review it",
            content,
        )
    return passed(f"Pick-up to Drop-off is {plain(km)} km (limit 200 km)", **content)


def _year_before(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - 1, day=28)


def recent_window(recycled_at: datetime) -> tuple[datetime, datetime]:
    """The 12 months up to (and including) a MassID's recycling: ``(start, end]``."""
    return _year_before(recycled_at), recycled_at


def project_size(context: RuleContext) -> RuleResult:
    """The recycler's GasIDs of the last 12 months and this one stay within 60,000 t CO₂e."""
    graph = context.graph
    recent = graph.recycler_recent_co2e
    if recent is None or graph.mass_id.first(RECYCLED) is None:
        return not_applicable(reason="no Recycler or no Recycled event")
    emissions = prevented_emissions(context)
    value = number(emissions.content.get("preventedCo2e"))
    if emissions.status != PASSED or value is None:
        return not_applicable(reason="prevented emissions could not be computed")
    total = recent + value
    content = {
        "recyclerLast12MonthsKg": plain(recent),
        "thisMassIdKg": plain(value),
        "totalKg": plain(total),
        "limitKg": plain(PROJECT_SIZE_KG),
    }
    tonnes = plain(total / 1000)
    if total > PROJECT_SIZE_KG:
        return failed(
            f"The recycler's prevented emissions over 12 months would reach {tonnes} t CO₂e, "
            "above the 60,000 t project-size ceiling",
            **content,
        )
    return passed(f"The recycler's 12-month total is {tonnes} t CO₂e (ceiling 60,000 t)", **content)


def strict_rules(carbon: bool) -> tuple[Rule, ...]:
    """The strict-mode rules, run after the application rules."""
    rules = (
        Rule(
            "first-identified-participant-fip",
            "First Identified Participant",
            first_identified_participant,
        ),
        Rule("fip-address", "First Identified Participant Address", fip_address),
        Rule("processor-and-drop-off", "Processor and Drop-off", processor_and_drop_off),
        Rule("recycling-manifest-value", "Recycling Manifest Value", recycling_manifest_value),
        Rule("net-weight-verification", "Net Weight Verification", net_weight_verification),
        Rule("weighing-tare", "Weighing Tare", weighing_tare),
        Rule(
            "methodology-distance-limit", "Methodology Distance Limit", methodology_distance_limit
        ),
    )
    if carbon:
        return (*rules, Rule("project-size", "Project Size", project_size))
    return rules
