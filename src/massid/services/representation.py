"""The stored and returned JSON of documents and events, and request fingerprints.

Event bodies are serialised once, when written, exactly as ``GET`` returns them; a document
is assembled from its stored creation body, its folded head and its event bodies, without
parsing them again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from massid.domain.clock import format_ts
from massid.domain.commands import EventIn
from massid.domain.timeline import decimal_to_json
from massid.storage.ports import AttachmentRecord, StoredDocument


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 kept as is, NaN refused."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def fingerprint(kind: str, *parts: Any) -> str:
    """A stable hash of a request's meaning, to tell a replay from a different request."""
    canonical = json.dumps([kind, *parts], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Outcome:
    """A service's answer: the HTTP status, the exact JSON body, whether it is a replay, and
    how many records it newly wrote (documents or events; for metrics)."""

    status_code: int
    body: str
    replayed: bool = False
    written: int = 0


def author(client_id: str, integrator_id: str, environment: str) -> dict[str, str]:
    return {"clientId": client_id, "participantId": integrator_id, "dataSetName": environment}


def _state(stored: StoredDocument) -> dict[str, Any]:
    head = stored.head
    return {
        "status": head.status,
        "currentValue": decimal_to_json(head.current_value),
        "isPublic": head.is_public,
        "isPubliclySearchable": head.is_publicly_searchable,
        "updatedAt": format_ts(stored.updated_at),
    }


def assemble_summary(stored: StoredDocument) -> str:
    """A ``GET /documents`` item: the document without its timeline and attachments, plus
    ``eventCount`` and ``lastEventAt`` (read from the document row alone)."""
    state = _state(stored)
    state["eventCount"] = stored.head.last_seq
    if stored.head.last_event_at is not None:
        state["lastEventAt"] = format_ts(stored.head.last_event_at)
    return f"{stored.body[:-1]},{dumps(state)[1:]}"


def assemble_document(
    stored: StoredDocument, event_bodies: list[str], attachments: list[dict[str, Any]]
) -> str:
    """The full ``GET /documents/{id}`` body: creation data, state and the whole timeline."""
    return assemble_document_text(stored, ",".join(event_bodies), attachments)


def assemble_document_text(
    stored: StoredDocument, timeline: str, attachments: list[dict[str, Any]]
) -> str:
    """:func:`assemble_document` with the event bodies already joined by commas."""
    state = _state(stored)
    state["attachments"] = attachments
    state_json = dumps(state)[1:-1]
    return f'{stored.body[:-1]},{state_json},"externalEvents":[{timeline}]}}'


def attachment_json(record: AttachmentRecord) -> dict[str, Any]:
    """An uploaded file as clients see it: never its storage location."""
    return {
        "fileName": record.file_name,
        "contentType": record.content_type,
        "contentLength": record.content_length,
        "sha256": record.sha256,
        "uploadedAt": format_ts(record.uploaded_at) if record.uploaded_at else None,
    }


def event_json(
    event: EventIn,
    event_id: str,
    seq: int,
    participant: dict[str, Any],
    address: dict[str, Any],
    event_author: dict[str, str],
    created_at: str,
) -> dict[str, Any]:
    """An event as stored and returned: the sent fields with server ids, sequence and author."""
    data = event.model_dump(
        mode="json",
        exclude_unset=True,
        exclude={"documentId", "participant", "participantId", "address", "addressId"},
    )
    body: dict[str, Any] = {"id": event_id, "sequence": seq, "name": event.name}
    body.update(data)
    body["externalCreatedAt"] = format_ts(event.externalCreatedAt)
    body["createdAt"] = created_at
    body["participant"] = participant
    body["address"] = address
    body["author"] = event_author
    return body
