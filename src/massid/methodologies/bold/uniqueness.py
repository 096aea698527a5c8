"""#1 ``waste-mass-is-unique`` and #2 ``no-conflicting-…`` (methodology-reference.md §5.2)."""

from __future__ import annotations

from massid.domain.uniqueness import KeyParts, fingerprint
from massid.methodologies.bold.vocabulary import (
    EVALUATION_RESULT,
    METHODOLOGY_SLUG,
    RESULT_PREFIX,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed
from massid.methodologies.graph import Document

CANCELLED = "CANCELLED"

_PART_NAMES = {
    "pick_up_address_id": "Pick-up address",
    "pick_up_at": "Pick-up",
    "plate": "Pick-up Vehicle License Plate",
    "drop_off_address_id": "Drop-off address",
    "drop_off_at": "Drop-off",
    "waste_generator_id": "Waste Generator ACTOR",
    "recycler_id": "Recycler ACTOR",
}


def key_parts(mass_id: Document) -> KeyParts:
    """The uniqueness key parts of a loaded MassID (as the append path computes them)."""
    parts = KeyParts()
    for event in mass_id.events:
        address_id = event.address.id if event.address else ""
        plate = event.attr("Vehicle License Plate")
        parts = parts.with_event(
            event.name, event.label, event.at, event.participant_id, address_id, plate
        )
    return parts


def mass_id_fingerprint(mass_id: Document) -> str | None:
    """The fingerprint the uniqueness index holds for this MassID (None while incomplete)."""
    return fingerprint(
        mass_id.data_set_name,
        mass_id.category,
        mass_id.type or "",
        mass_id.subtype,
        mass_id.current_value,
        key_parts(mass_id),
    )


def waste_mass_is_unique(context: RuleContext) -> RuleResult:
    """No other live MassID of the environment records the same load."""
    parts = key_parts(context.graph.mass_id)
    absent = parts.missing()
    if absent:
        names = sorted({_PART_NAMES[name] for name in absent})
        return failed(
            "The uniqueness of this MassID cannot be checked: missing " + ", ".join(names),
            missing=names,
        )
    duplicates = context.graph.duplicates
    if duplicates is None:
        return failed("The uniqueness index could not be consulted")
    if duplicates.count:
        shown = f" ({', '.join(duplicates.visible_ids)})" if duplicates.visible_ids else ""
        return failed(
            f"{duplicates.count} other MassID(s) in this environment record the same load "
            f"(same value, pick-up, vehicle, drop-off, waste generator and recycler){shown}",
            duplicateCount=duplicates.count,
            duplicateIds=list(duplicates.visible_ids),
        )
    return passed("No other MassID records the same load", duplicateCount=0)


def _result_of(audit: Document) -> str | None:
    for event in audit.events:
        if event.name.startswith(RESULT_PREFIX) and event.attr(EVALUATION_RESULT):
            return str(event.attr(EVALUATION_RESULT))
    return None


def _slug_of(audit: Document) -> str | None:
    for event in audit.events:
        slug = event.attr(METHODOLOGY_SLUG)
        if slug:
            return str(slug)
    return None


def no_conflicting_certificate(context: RuleContext) -> RuleResult:
    """No live certificate of this methodology, none sold, no other audit still running.

    massid's reading of the reference's "another PASSED audit" clause: a PASSED audit
    conflicts through the certificate it issued, while that certificate is live. An audit
    that issued none (its MassID was not CLOSED yet) and one whose certificate was cancelled
    do not block: the integrator verifies again and gets the certificate.
    """
    graph, methodology = context.graph, context.methodology
    certificate_type = methodology.certificate_type
    mine = [doc for doc in graph.certificates if doc.type == certificate_type]
    mine_ids = {doc.id for doc in mine}
    orders = [
        order.id
        for order in graph.credit_orders
        if order.status != CANCELLED
        and any(event.related_document_id in mine_ids for event in order.events)
    ]
    if orders:
        return failed(
            f"The MassID's {certificate_type} is already in credit order(s) {', '.join(orders)}",
            creditOrderIds=orders,
        )
    live = [doc.id for doc in mine if doc.status != CANCELLED]
    if live:
        return failed(
            f"The MassID already has a {certificate_type} certificate "
            f"({', '.join(live)}); it must be cancelled before the MassID is certified again",
            certificateIds=live,
        )
    for audit in graph.audits:
        if audit.id == graph.audit_id or audit.status == CANCELLED:
            continue
        if _slug_of(audit) == methodology.slug and _result_of(audit) is None:
            return failed(
                f"Another {methodology.name} audit of this MassID is in progress ({audit.id})",
                auditId=audit.id,
            )
    return passed(f"No live {certificate_type} certificate or credit order conflicts")
