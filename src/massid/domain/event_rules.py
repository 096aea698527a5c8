"""Stateless rules on one event or document payload (cross-field requirements).

Each failure names its field as a JSON pointer under ``prefix`` (``/events/3`` in a batch).
"""

from __future__ import annotations

from massid.domain.commands import DocumentIn, EventIn
from massid.domain.errors import ValidationFailed

ACTOR = "ACTOR"
CLOSE = "CLOSE"
CANCEL = "CANCEL"
RELATED = "RELATED"
UPDATE = "UPDATE"
SPLIT = "SPLIT"
OUTPUT = "OUTPUT"
BUILT_IN_EVENTS = frozenset({ACTOR, CLOSE, CANCEL, RELATED, UPDATE, SPLIT, OUTPUT})
# Events accepted on a CLOSED document.
ALLOWED_AFTER_CLOSE = frozenset({RELATED, OUTPUT})


def _exactly_one(
    prefix: str, by_id: object | None, inline: object | None, id_field: str, inline_field: str
) -> None:
    if by_id is None and inline is None:
        raise ValidationFailed(
            f"{prefix}/{inline_field}", f"one of '{id_field}' or '{inline_field}' is required"
        )
    if by_id is not None and inline is not None:
        raise ValidationFailed(
            f"{prefix}/{id_field}", f"give either '{id_field}' or '{inline_field}', not both"
        )


def check_document(document: DocumentIn) -> None:
    """Cross-field requirements of a document creation."""
    _exactly_one("", document.participantId, document.participant, "participantId", "participant")
    _exactly_one("", document.addressId, document.address, "addressId", "address")


def check_event(event: EventIn, prefix: str = "") -> None:
    """Cross-field requirements of one event, built-in names included."""
    _exactly_one(prefix, event.participantId, event.participant, "participantId", "participant")
    _exactly_one(prefix, event.addressId, event.address, "addressId", "address")
    name = event.name
    if name == ACTOR and not (event.label and event.label.strip()):
        raise ValidationFailed(f"{prefix}/label", "an ACTOR event needs a 'label' (the role)")
    if event.permissions is not None and name != ACTOR:
        raise ValidationFailed(f"{prefix}/permissions", "'permissions' is only valid on ACTOR")
    if name == UPDATE:
        if event.updates is None or (
            event.updates.isPublic is None and event.updates.isPubliclySearchable is None
        ):
            raise ValidationFailed(
                f"{prefix}/updates",
                "an UPDATE event needs 'updates' with 'isPublic' and/or 'isPubliclySearchable'",
            )
    elif event.updates is not None:
        raise ValidationFailed(f"{prefix}/updates", "'updates' is only valid on UPDATE")
    if name == RELATED and event.relatedDocument is None:
        raise ValidationFailed(
            f"{prefix}/relatedDocument", "a RELATED event needs 'relatedDocument.documentId'"
        )
    if name == SPLIT and (event.value is None or event.value <= 0):
        raise ValidationFailed(f"{prefix}/value", "a SPLIT event needs a 'value' greater than 0")
