"""#15 ``weighing``: one- or two-step weighing checked field by field (reference §7.4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from massid.methodologies.bold.accreditation import has_exception, recycler_accreditation
from massid.methodologies.bold.helpers import kg, number, plain, text
from massid.methodologies.bold.transport import is_valid_plate
from massid.methodologies.bold.vocabulary import (
    ACCREDITATION_RESULT,
    ADDITIONAL_VERIFICATIONS,
    ATTRIBUTE_FORMATS,
    CAPTURE_METHOD,
    CAPTURE_METHODS,
    CONTAINER_CAPACITY,
    CONTAINER_QUANTITY,
    CONTAINER_TYPE,
    CONTAINER_TYPES,
    DESCRIPTION,
    GROSS_WEIGHT,
    MONITORING,
    SCALE_TYPE,
    SCALE_TYPES,
    TARE,
    VEHICLE_PLATE,
    WEIGHBRIDGES,
    WEIGHING,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed
from massid.methodologies.graph import Document, Event

NET_WEIGHT_TOLERANCE = Decimal("0.1")
TWO_STEP_SAME = (
    CAPTURE_METHOD,
    SCALE_TYPE,
    CONTAINER_CAPACITY,
    CONTAINER_TYPE,
    GROSS_WEIGHT,
    VEHICLE_PLATE,
)
SCALE_TICKET = "Scale Ticket"
WEIGHING_TICKET = "Weighing Ticket"


def _same_scale(first: str, second: str) -> bool:
    return first == second or (first in WEIGHBRIDGES and second in WEIGHBRIDGES)


def _positive_integer(value: Any) -> bool:
    amount = number(value)
    return amount is not None and amount > 0 and amount == amount.to_integral_value()


class _Weighing:
    """Collects the problems and figures of the weighing event being validated."""

    def __init__(self, context: RuleContext, event: Event, accreditation: Document, two_step: bool):
        self.context, self.event, self.accreditation, self.two_step = (
            context,
            event,
            accreditation,
            two_step,
        )
        self.problems: list[str] = []
        self.exceptions: list[str] = []
        self.content: dict[str, Any] = {"twoStep": two_step}

    def exempt(self, attribute: str) -> bool:
        found = has_exception(self.accreditation, WEIGHING, attribute, self.context.now)
        if found:
            self.exceptions.append(attribute)
        return found

    def positive_weight(self, attribute: str, *, exemptible: bool) -> Decimal | None:
        """A weight attribute: > 0 with a valid format (absent only under an exception)."""
        found = self.event.attributes.get(attribute)
        if found is None or found.value is None:
            if not (exemptible and self.exempt(attribute)):
                self.problems.append(f"no {attribute}")
            return None
        amount = number(found.value)
        if amount is None or amount <= 0:
            self.problems.append(
                f"{attribute} must be above 0, got {text(found.value) or '(none)'}"
            )
            return None
        if found.format not in ATTRIBUTE_FORMATS:
            self.problems.append(
                f"{attribute} needs a format ({', '.join(sorted(ATTRIBUTE_FORMATS))})"
            )
        self.content[attribute] = plain(amount)
        return amount

    def containers(self) -> tuple[str, Decimal | None]:
        container = text(self.event.attr(CONTAINER_TYPE))
        quantity = self.event.attr(CONTAINER_QUANTITY)
        if not container:
            self.problems.append(f"no {CONTAINER_TYPE}")
        elif container not in CONTAINER_TYPES:
            self.problems.append(
                f"{CONTAINER_TYPE} '{container}' is not one of {', '.join(sorted(CONTAINER_TYPES))}"
            )
        elif self.two_step and container != "Truck":
            self.problems.append(
                f"a two-step weighing needs {CONTAINER_TYPE} Truck, not '{container}'"
            )
        if container == "Truck":
            if _positive_integer(quantity):
                self.problems.append(
                    f"{CONTAINER_QUANTITY} must be omitted when the container is a Truck"
                )
            return container, None
        if quantity is None:
            if not self.exempt(CONTAINER_QUANTITY):
                self.problems.append(f"no {CONTAINER_QUANTITY}")
            return container, None
        if not _positive_integer(quantity):
            self.problems.append(
                f"{CONTAINER_QUANTITY} must be a whole number above 0, got {text(quantity)}"
            )
            return container, None
        self.content[CONTAINER_QUANTITY] = text(quantity)
        return container, number(quantity)

    def scale(self) -> None:
        event_scale = text(self.event.attr(SCALE_TYPE))
        monitoring = self.accreditation.first(MONITORING)
        accredited = text(monitoring.attr(SCALE_TYPE)) if monitoring else ""
        self.content["scaleType"], self.content["accreditedScaleType"] = (
            event_scale,
            accredited or None,
        )
        if not accredited:
            self.problems.append("the Recycler's accreditation declares no Scale Type")
        elif not _same_scale(event_scale, accredited):
            self.problems.append(
                f"{SCALE_TYPE} '{event_scale}' is not the accredited '{accredited}'"
            )
        if event_scale not in SCALE_TYPES:
            self.problems.append(f"{SCALE_TYPE} '{event_scale}' is not a known scale type")
        elif self.two_step and event_scale not in WEIGHBRIDGES:
            self.problems.append(f"a two-step weighing needs a Weighbridge, not '{event_scale}'")

    def net_weight(
        self, gross: Decimal | None, tare: Decimal | None, quantity: Decimal | None
    ) -> None:
        value = self.event.value
        if gross is None or tare is None or quantity is None or not value:
            return
        net = gross - tare * quantity
        difference = abs(net - value)
        self.content.update(calculatedNetWeight=plain(net), difference=plain(difference))
        if difference > NET_WEIGHT_TOLERANCE:
            self.problems.append(
                f"net weight {kg(value)} does not match Gross Weight {kg(gross)} − "
                f"Tare {kg(tare)} × {plain(quantity)} = {kg(net)} "
                f"(tolerance {plain(NET_WEIGHT_TOLERANCE)} kg)"
            )

    def validate(self) -> None:
        event = self.event
        capacity = event.attributes.get(CONTAINER_CAPACITY)
        if capacity is None or capacity.value is None:
            if not self.exempt(CONTAINER_CAPACITY):
                self.problems.append(f"no {CONTAINER_CAPACITY}")
        elif (number(capacity.value) or 0) <= 0 or capacity.format not in ATTRIBUTE_FORMATS:
            self.problems.append(f"{CONTAINER_CAPACITY} must be above 0 with a format")
        _container, quantity = self.containers()
        if not text(event.attr(DESCRIPTION)):
            self.problems.append(f"no {DESCRIPTION}")
        self.content["value"] = plain(event.value) if event.value is not None else None
        if event.value is None or event.value <= 0:
            self.problems.append(
                f"the Weighing value (net weight) must be above 0, got {kg(event.value)}"
            )
        gross = self.positive_weight(GROSS_WEIGHT, exemptible=False)
        tare_omitted = event.attr(TARE) is None and self.exempt(TARE)
        tare = None if tare_omitted else self.positive_weight(TARE, exemptible=False)
        if not tare_omitted:
            self.net_weight(gross, tare, quantity)
        self.scale()
        if not is_valid_plate(event.attr(VEHICLE_PLATE)):
            self.problems.append(
                f"{VEHICLE_PLATE} '{text(event.attr(VEHICLE_PLATE))}' is not a valid plate"
            )
        method = text(event.attr(CAPTURE_METHOD))
        self.content["captureMethod"] = method
        if method not in CAPTURE_METHODS:
            self.problems.append(
                f"{CAPTURE_METHOD} '{method}' is not one of {', '.join(sorted(CAPTURE_METHODS))}"
            )


def _two_step_differences(first: Event, second: Event) -> list[str]:
    differences = [name for name in TWO_STEP_SAME if first.attr(name) != second.attr(name)]
    if first.participant_id != second.participant_id:
        differences.insert(0, "participant")
    return differences


def _scale_ticket(context: RuleContext, event: Event, accreditation: Document) -> RuleResult | None:
    result = accreditation.first(ACCREDITATION_RESULT)
    required = result.attr(ADDITIONAL_VERIFICATIONS) if result else None
    if not isinstance(required, list) or not any(
        isinstance(item, dict) and item.get("Verification Type") == SCALE_TICKET
        for item in required
    ):
        return None
    if WEIGHING_TICKET not in event.attachment_labels:
        return failed(
            f"The Recycler requires a scale ticket: attach it labelled '{WEIGHING_TICKET}'"
        )
    return context.review_or_fail(
        "The Recycler requires a scale ticket check, and this server has no ticket reader: "
        "the ticket must be checked by a person"
    )


def weighing(context: RuleContext) -> RuleResult:
    """One or two Weighing events with consistent fields, net weight and accredited scale."""
    graph = context.graph
    accreditation = recycler_accreditation(graph, context.now)
    if accreditation is None:
        return failed("No Recycler accreditation: the scale cannot be checked")
    events = graph.mass_id.named(WEIGHING)
    if not events:
        return failed("No Weighing events")
    if len(events) > 2:
        return failed(f"{len(events)} Weighing events; a MassID is weighed in one or two steps")
    two_step = len(events) == 2
    if two_step:
        differences = _two_step_differences(events[0], events[1])
        if differences:
            return failed(
                "The two Weighing events differ in " + ", ".join(differences), twoStep=True
            )
    check = _Weighing(context, events[0], accreditation, two_step)
    check.validate()
    content = {**check.content, "exceptions": check.exceptions}
    if check.problems:
        return failed("Weighing: " + "; ".join(check.problems), **content)
    ticket = _scale_ticket(context, events[0], accreditation)
    if ticket is not None:
        return ticket
    how = "in two steps" if two_step else "in a single step"
    if check.content.get("captureMethod") == "Transport Manifest":
        how += ", captured from the Transport Manifest"
    note = f" (exceptions used: {', '.join(check.exceptions)})" if check.exceptions else ""
    return passed(f"Weighed {how} on the accredited scale{note}", **content)
