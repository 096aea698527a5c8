"""Deduplication (idempotency) helpers shared by document and event writes (api.md §6).

Keys are scoped to the integrator, the environment and the kind of record (a document key
and an event key may be equal without clashing). A record stores the request's fingerprint
and the exact response, returned again on a replay.
"""

from __future__ import annotations

from massid.domain.access import Principal
from massid.domain.errors import Conflict, ValidationFailed
from massid.services.representation import Outcome
from massid.storage.ports import DedupKey, DedupRecord

DOCUMENT = "document"
EVENT = "event"
BATCH = "batch"


def scope_of(principal: Principal, kind: str) -> DedupKey:
    return DedupKey(principal.integrator_id, principal.environment, kind)


def dedup_key_for(body_key: str | None, header_key: str | None, pointer: str) -> str | None:
    """The request's key: the body's ``deduplicationId`` or the ``Idempotency-Key`` header."""
    if body_key is not None and header_key is not None and body_key != header_key:
        raise ValidationFailed(
            pointer, "deduplicationId and the Idempotency-Key header differ; send one of them"
        )
    return body_key if body_key is not None else header_key


def replay_or_raise(record: DedupRecord, request_fingerprint: str, pointer: str) -> Outcome:
    """The original outcome for a true replay; 409 when the key was used for another request."""
    if record.fingerprint != request_fingerprint:
        raise Conflict(
            "DEDUPLICATION_MISMATCH",
            f"{pointer}: this deduplication key was already used for a different request; "
            "use a new key for new data",
        )
    return Outcome(record.status_code, record.response, replayed=True)
