"""#3 project period, #5 MassID qualifications, #18 composting cycle timeframe."""

from __future__ import annotations

from datetime import UTC, datetime

from massid.domain.clock import format_ts
from massid.methodologies.bold.helpers import kg, plain
from massid.methodologies.bold.vocabulary import (
    DROP_OFF,
    KG,
    MASS_ID,
    ORGANIC,
    ORGANIC_SUBTYPES,
    RECYCLED,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed

MIN_CYCLE_DAYS = 60
MAX_CYCLE_DAYS = 180
TOLERANCE_HOURS = 1


def project_period_limit(context: RuleContext) -> RuleResult:
    """The Recycled event is on or after 1 January of the previous UTC year."""
    recycled = context.graph.mass_id.first(RECYCLED)
    if recycled is None:
        return failed("No Recycled event: the MassID's recycling date is unknown")
    start = datetime(context.now.astimezone(UTC).year - 1, 1, 1, tzinfo=UTC)
    content = {"recycledAt": format_ts(recycled.at), "periodStart": format_ts(start)}
    if recycled.at >= start:
        return passed(
            f"Recycled on {recycled.at.date()}, within the project period (from {start.date()})",
            **content,
        )
    return failed(
        f"Recycled on {recycled.at.date()}, before the project period starts "
        f"({start.date()}); only MassIDs recycled since then are eligible",
        **content,
    )


def mass_id_qualifications(context: RuleContext) -> RuleResult:
    """Category MassID, type Organic, an organic subtype, unit kg and a value above zero."""
    mass_id = context.graph.mass_id
    if not mass_id.type or not mass_id.subtype:
        absent = [name for name in ("type", "subtype") if not getattr(mass_id, name)]
        return failed(f"The MassID has no {' and no '.join(absent)}")
    problems: list[str] = []
    if mass_id.category != MASS_ID:
        problems.append(f"category is '{mass_id.category}', expected '{MASS_ID}'")
    if mass_id.type != ORGANIC:
        problems.append(f"type is '{mass_id.type}', expected '{ORGANIC}'")
    if mass_id.measurement_unit != KG:
        problems.append(f"measurementUnit is '{mass_id.measurement_unit}', expected '{KG}'")
    if mass_id.current_value <= 0:
        problems.append(f"currentValue is {kg(mass_id.current_value)}, it must be above 0")
    if mass_id.subtype not in ORGANIC_SUBTYPES:
        problems.append(f"subtype '{mass_id.subtype}' is not one of the organic subtypes")
    content = {
        "category": mass_id.category,
        "type": mass_id.type,
        "subtype": mass_id.subtype,
        "measurementUnit": mass_id.measurement_unit,
        "currentValue": plain(mass_id.current_value),
    }
    if problems:
        return failed("The MassID does not qualify: " + "; ".join(problems), **content)
    return passed("Category, type, subtype, unit and value qualify", **content)


def composting_cycle_timeframe(context: RuleContext) -> RuleResult:
    """60 to 180 days (± 1 hour) from the first Drop-off to the first Recycled."""
    mass_id = context.graph.mass_id
    drop_off, recycled = mass_id.first(DROP_OFF), mass_id.first(RECYCLED)
    if drop_off is None or recycled is None:
        absent = [name for name, event in ((DROP_OFF, drop_off), (RECYCLED, recycled)) if not event]
        return failed(f"No {' and no '.join(absent)} event: the composting cycle is unknown")
    hours = int((recycled.at - drop_off.at).total_seconds() / 3600)
    days = int(hours / 24)
    content = {"hours": hours, "days": days}
    low = MIN_CYCLE_DAYS * 24 - TOLERANCE_HOURS
    high = MAX_CYCLE_DAYS * 24 + TOLERANCE_HOURS
    if low <= hours <= high:
        return passed(
            f"The composting cycle took {days} days, within {MIN_CYCLE_DAYS}–{MAX_CYCLE_DAYS}",
            **content,
        )
    return failed(
        f"The composting cycle took {days} days ({hours} h) from Drop-off to Recycled; "
        f"it must take {MIN_CYCLE_DAYS} to {MAX_CYCLE_DAYS} days",
        **content,
    )
