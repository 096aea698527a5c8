"""#16 ``drop-off-at-recycler`` and #17 ``mass-id-sorting`` (reference §5.2, §7.5)."""

from __future__ import annotations

from decimal import Decimal

from massid.methodologies.bold.accreditation import metrics_event, recycler_accreditation
from massid.methodologies.bold.helpers import actor_event, kg, number, plain, text
from massid.methodologies.bold.vocabulary import (
    DEDUCTED_WEIGHT,
    DESCRIPTION,
    DROP_OFF,
    GROSS_WEIGHT,
    KILOGRAM,
    RECEIVING_OPERATOR,
    RECYCLER,
    SORTING,
    SORTING_FACTOR,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed
from massid.methodologies.graph import Event

SORTING_TOLERANCE = Decimal("0.1")


def drop_off_at_recycler(context: RuleContext) -> RuleResult:
    """The last Drop-off is at the Recycler's address, with a receiving operator."""
    mass_id = context.graph.mass_id
    drop_off = mass_id.last(DROP_OFF)
    if drop_off is None:
        return failed("No Drop-off event")
    if not text(drop_off.attr(RECEIVING_OPERATOR)):
        return failed(f"The last Drop-off has no {RECEIVING_OPERATOR}")
    recycler = actor_event(mass_id, RECYCLER)
    recycler_address = recycler.address.id if recycler and recycler.address else None
    drop_off_address = drop_off.address.id if drop_off.address else None
    content = {"dropOffAddressId": drop_off_address, "recyclerAddressId": recycler_address}
    if recycler_address is None or drop_off_address != recycler_address:
        return failed("The last Drop-off is not at the Recycler's address", **content)
    return passed("The last Drop-off is at the Recycler, with a receiving operator", **content)


def _weight(event: Event, attribute: str, problems: list[str]) -> Decimal | None:
    found = event.attributes.get(attribute)
    amount = number(found.value) if found else None
    if found is None or amount is None or amount <= 0:
        problems.append(f"Sorting {attribute} must be above 0")
        return None
    if found.format != KILOGRAM:
        problems.append(f"Sorting {attribute} must have format {KILOGRAM}")
    return amount


def _prior_value(events: list[Event], sorting: Event) -> Decimal | None:
    before = events[: events.index(sorting)]
    return next((event.value for event in reversed(before) if event.value is not None), None)


def mass_id_sorting(context: RuleContext) -> RuleResult:
    """Sorting deducts the recycler's sorting factor from the previous mass, within 0.1 kg."""
    graph = context.graph
    mass_id = graph.mass_id
    accreditation = recycler_accreditation(graph, context.now)
    if accreditation is None:
        return failed("No Recycler accreditation: the sorting factor is unknown")
    sorting = mass_id.first(SORTING)
    if sorting is None:
        return failed("No Sorting event")
    year = mass_id.external_created_at.year - 1
    metrics = metrics_event(accreditation, year)
    factor = number(metrics.attr(SORTING_FACTOR)) if metrics else None
    if factor is None or factor <= 0:
        return failed(f"The Recycler's accreditation has no Sorting Factor above 0 for {year}")
    prior = _prior_value(mass_id.events, sorting)
    content: dict[str, str | None] = {
        "sortingFactor": plain(factor),
        "previousValue": plain(prior) if prior is not None else None,
        "value": plain(sorting.value) if sorting.value is not None else None,
    }
    if prior is None or prior <= 0:
        return failed("No event before the Sorting carries a mass above 0", **content)
    if sorting.value is None or sorting.value <= 0:
        return failed(f"The Sorting value must be above 0, got {kg(sorting.value)}", **content)
    problems: list[str] = []
    gross = _weight(sorting, GROSS_WEIGHT, problems)
    deducted = _weight(sorting, DEDUCTED_WEIGHT, problems)
    if gross is not None and deducted is not None:
        content.update(grossWeight=plain(gross), deductedWeight=plain(deducted))
        expected = gross * factor
        content["expectedDeduction"] = plain(expected)
        if deducted >= gross:
            problems.append(
                f"Deducted Weight {kg(deducted)} must be below Gross Weight {kg(gross)}"
            )
        if abs(deducted - expected) > SORTING_TOLERANCE:
            problems.append(
                f"Deducted Weight {kg(deducted)} is not Gross Weight × sorting factor "
                f"{plain(factor)} = {kg(expected)}"
            )
        if gross != prior:
            problems.append(
                f"Sorting Gross Weight {kg(gross)} does not match the previous event value "
                f"{kg(prior)}"
            )
        if abs((gross - deducted) - sorting.value) > SORTING_TOLERANCE:
            problems.append(
                f"Sorting value {kg(sorting.value)} is not Gross Weight − Deducted Weight "
                f"= {kg(gross - deducted)}"
            )
    if not text(sorting.attr(DESCRIPTION)):
        problems.append("the Sorting has no Description")
    if mass_id.current_value != sorting.value:
        problems.append(
            f"the MassID value {kg(mass_id.current_value)} is not the Sorting value "
            f"{kg(sorting.value)}"
        )
    if problems:
        return failed("; ".join(problems), **content)
    return passed(
        f"Sorted from {kg(prior)} to {kg(sorting.value)} with factor {plain(factor)}", **content
    )
