"""The public projection of a document: built field by field from an allow-list.

Nothing reaches the public view unless it is named here, so a field added to the stored data
later stays private until someone decides otherwise. Never public, whatever the flags: tax ids,
e-mails and phones of participants, street, number, complement and zip code of addresses,
client ids and deduplication ids — none of them is on any allow-list below.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from massid.domain.masking.participants import (
    Decision,
    anonymous_id,
    decisions,
    participant_id,
    public_roles,
)
from massid.domain.masking.values import coarsen_address, is_sensitive, masked_value


class Audience(StrEnum):
    OWNER = "owner"
    AUDITOR = "auditor"
    PUBLIC = "public"


DOCUMENT_FIELDS = (
    "id",
    "category",
    "type",
    "subtype",
    "measurementUnit",
    "value",
    "currentValue",
    "status",
    "externalId",
    "title",
    "shortTitle",
    "tags",
    "parentDocumentId",
    "externalCreatedAt",
    "createdAt",
    "updatedAt",
    "dataSetName",
    "isPublic",
    "isPubliclySearchable",
)
EVENT_FIELDS = (
    "id",
    "sequence",
    "name",
    "label",
    "externalCreatedAt",
    "createdAt",
    "isPublic",
    "value",
    "targetDocumentId",
    "updates",
)
ATTRIBUTE_FIELDS = ("name", "format", "type", "valuePrefix", "valueSuffix")
RELATED_FIELDS = ("documentId", "category", "type", "subtype", "bidirectional")
PARTICIPANT_FIELDS = ("name", "businessName", "countryCode", "type")


def view_for(audience: Audience, document: Mapping[str, Any], *, salt: bytes) -> dict[str, Any]:
    """What ``audience`` sees of a stored document: owners and auditors see all of it."""
    if audience is Audience.PUBLIC:
        return public_view(document, salt=salt)
    return copy.deepcopy(dict(document))


def _pick(source: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: copy.deepcopy(source[name]) for name in fields if name in source}


def public_summary(document: Mapping[str, Any]) -> dict[str, Any]:
    """A search result: the document's own public fields and its coarsened primary address."""
    summary = _pick(document, DOCUMENT_FIELDS)
    address = coarsen_address(document.get("primaryAddress"))
    if address is not None:
        summary["primaryAddress"] = address
    return summary


class _Projector:
    def __init__(self, document: Mapping[str, Any], salt: bytes) -> None:
        self.salt = salt
        self.decisions: dict[str, Decision] = decisions(document)
        self.roles = public_roles(document)
        self.listed: dict[str, dict[str, Any]] = {}

    def participant(self, participant: Any) -> dict[str, Any] | None:
        key = participant_id(participant)
        if key is None:
            return None
        roles = list(self.roles.get(key, []))
        if self.decisions[key].public:
            shown = {**_pick(participant, PARTICIPANT_FIELDS), "roles": roles}
        else:
            shown = {"id": anonymous_id(self.salt, key), "roles": roles}
        self.listed.setdefault(key, shown)
        return shown

    def attribute(self, attribute: Any) -> dict[str, Any] | None:
        if not isinstance(attribute, Mapping) or attribute.get("isPublic") is not True:
            return None
        shown = {**_pick(attribute, ATTRIBUTE_FIELDS), "isPublic": True}
        if not is_sensitive(attribute):
            shown["value"] = copy.deepcopy(attribute.get("value"))
            return shown
        shown["sensitive"] = True
        visible, value = masked_value(attribute.get("value"), attribute.get("format"))
        if visible:
            shown["value"] = value
        return shown

    @staticmethod
    def attachment(attachment: Any) -> dict[str, Any] | None:
        if not isinstance(attachment, Mapping):
            return None
        public = attachment.get("isPublic") is True
        shown: dict[str, Any] = {"isPublic": public}
        if isinstance(attachment.get("label"), str):
            shown["label"] = attachment["label"]
        if public and "fileName" in attachment:
            shown["fileName"] = attachment["fileName"]
        return shown

    def event(self, event: Mapping[str, Any]) -> dict[str, Any]:
        shown = _pick(event, EVENT_FIELDS)
        participant = self.participant(event.get("participant"))
        if participant is not None:
            shown["participant"] = participant
        address = coarsen_address(event.get("address"))
        if address is not None:
            shown["address"] = address
        related = event.get("relatedDocument")
        if isinstance(related, Mapping):
            shown["relatedDocument"] = _pick(related, RELATED_FIELDS)
        metadata = event.get("metadata")
        if isinstance(metadata, Mapping) and isinstance(metadata.get("attributes"), list):
            attributes = [self.attribute(item) for item in metadata["attributes"]]
            shown["metadata"] = {"attributes": [item for item in attributes if item is not None]}
        if isinstance(event.get("attachments"), list):
            attachments = [self.attachment(item) for item in event["attachments"]]
            shown["attachments"] = [item for item in attachments if item is not None]
        return shown


def public_view(document: Mapping[str, Any], *, salt: bytes) -> dict[str, Any]:
    """The public projection: public events only, masked values, coarse places, hidden people."""
    projector = _Projector(document, salt)
    view = public_summary(document)
    primary = projector.participant(document.get("primaryParticipant"))
    if primary is not None:
        view["primaryParticipant"] = primary
    attachments = document.get("attachments")
    if isinstance(attachments, list):
        shown = [projector.attachment(item) for item in attachments]
        view["attachments"] = [item for item in shown if item is not None]
    events = document.get("externalEvents")
    view["externalEvents"] = [
        projector.event(event)
        for event in (events if isinstance(events, list) else [])
        if isinstance(event, Mapping) and event.get("isPublic") is True
    ]
    view["participants"] = list(projector.listed.values())
    return view
