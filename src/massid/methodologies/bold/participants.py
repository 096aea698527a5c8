"""#4 accreditations, #8 waste origin, #9 hauler, #13 processor, #14 recycler identification."""

from __future__ import annotations

from massid.methodologies.bold.accreditation import (
    accreditations_of,
    is_valid,
    is_valid_with_optional_dates,
)
from massid.methodologies.bold.helpers import text
from massid.methodologies.bold.vocabulary import (
    ACTOR,
    HAULER,
    INTEGRATOR,
    PICK_UP,
    PROCESSOR,
    RECYCLER,
    UNIDENTIFIED,
    VEHICLE_TYPE,
    WASTE_GENERATOR,
    WASTE_ORIGIN,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed

ACCREDITED_ROLES = (INTEGRATOR, PROCESSOR, RECYCLER)
NO_HAULER_VEHICLES = frozenset({"Sludge Pipes", "Cart"})


def participant_accreditations(context: RuleContext) -> RuleResult:
    """The Integrator, Processor and Recycler each hold exactly one valid accreditation."""
    graph, now = context.graph, context.now
    mass_id = graph.mass_id
    if not mass_id.events:
        return failed("The MassID has no events, so no participant to check")
    pairs = list(
        dict.fromkeys(
            (event.participant_id, str(event.label))
            for event in mass_id.named(ACTOR)
            if event.label in ACCREDITED_ROLES
        )
    )
    if not graph.accreditations:
        return failed("No participant accreditation was found for this MassID's participants")
    accredited_ids = {doc.primary_participant_id for doc in graph.accreditations}
    problems: list[str] = []
    checked: list[dict[str, str]] = []
    for participant_id, role in pairs:
        if participant_id not in accredited_ids:
            problems.append(f"the {role} ({participant_id}) has no accreditation")
            continue
        valid_check = is_valid_with_optional_dates if role == INTEGRATOR else is_valid
        valid = [
            doc for doc in accreditations_of(graph, participant_id, role) if valid_check(doc, now)
        ]
        if not valid:
            problems.append(f"No valid accreditation found for the {role} ({participant_id})")
        elif len(valid) > 1:
            ids = ", ".join(doc.id for doc in valid)
            problems.append(
                f"the {role} ({participant_id}) has {len(valid)} valid accreditations ({ids})"
            )
        else:
            checked.append(
                {"role": role, "participantId": participant_id, "accreditationId": valid[0].id}
            )
    if problems:
        return failed("; ".join(problems), accreditations=checked)
    roles = ", ".join(sorted({role for _, role in pairs})) or "no accredited role"
    return passed(f"Valid accreditations found for {roles}", accreditations=checked)


def waste_origin_identification(context: RuleContext) -> RuleResult:
    """A known origin has exactly one Waste Generator; an unidentified one has none."""
    mass_id = context.graph.mass_id
    pick_up = mass_id.first(PICK_UP)
    if pick_up is None:
        return failed("No Pick-up event: the waste origin is unknown")
    generators = mass_id.actors(WASTE_GENERATOR)
    if len(generators) > 1:
        return failed(f"{len(generators)} Waste Generator ACTOR events; only one is allowed")
    unidentified = text(pick_up.attr(WASTE_ORIGIN)) == UNIDENTIFIED
    content = {"unidentified": unidentified, "wasteGenerators": len(generators)}
    if generators and not unidentified:
        return passed("The waste origin is identified by one Waste Generator", **content)
    if not generators and unidentified:
        return passed(
            "The waste origin is declared Unidentified, with no Waste Generator", **content
        )
    if generators:
        return failed(
            "The Pick-up declares Waste Origin 'Unidentified' but the MassID names a "
            "Waste Generator; remove one of them",
            **content,
        )
    return failed(
        "No Waste Generator ACTOR: add one, or declare Waste Origin 'Unidentified' on the Pick-up",
        **content,
    )


def hauler_identification(context: RuleContext) -> RuleResult:
    """A Hauler ACTOR, unless the Pick-up vehicle is Sludge Pipes or a Cart."""
    mass_id = context.graph.mass_id
    pick_up = mass_id.first(PICK_UP)
    if pick_up is None:
        return failed("No Pick-up event: the transport is unknown")
    if mass_id.actors(HAULER):
        return passed("A Hauler is identified")
    vehicle = text(pick_up.attr(VEHICLE_TYPE))
    if vehicle in NO_HAULER_VEHICLES:
        return passed(f"No Hauler is needed for vehicle type {vehicle}")
    return failed(
        f"No Hauler ACTOR, and vehicle type '{vehicle or '(none)'}' needs one "
        "(only Sludge Pipes and Cart do not)"
    )


def _exactly_one(context: RuleContext, role: str) -> RuleResult:
    count = len(context.graph.mass_id.actors(role))
    if count == 1:
        return passed(f"One {role} is identified")
    if count == 0:
        return failed(f"No {role} ACTOR event: the MassID needs exactly one {role}")
    return failed(f"{count} {role} ACTOR events: the MassID needs exactly one {role}")


def processor_identification(context: RuleContext) -> RuleResult:
    """Exactly one Processor ACTOR."""
    return _exactly_one(context, PROCESSOR)


def recycler_identification(context: RuleContext) -> RuleResult:
    """Exactly one Recycler ACTOR."""
    return _exactly_one(context, RECYCLER)
