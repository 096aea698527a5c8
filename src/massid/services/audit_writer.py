"""Writing a verification as a MassID Audit document, and its certificate (verification.md).

The audit and its events are written by the server (author ``massid-server``): ``RELATED``
events to the MassID, the definition and each accreditation read, one ``RULE EXECUTION``
event per rule, the ``Result: MassID <STATUS>`` event (which also records the certificate
issued, or why none was), a ``RELATED`` event to the certificate, then ``CLOSE``. The MassID
gets ``RELATED`` events to the audit and to the certificate; server events do not count
toward the event cap and are accepted on a CLOSED MassID.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from massid.domain.access import Principal
from massid.domain.clock import format_ts
from massid.domain.commands import RelatedDocumentIn
from massid.methodologies.bold.vocabulary import (
    EVALUATION_RESULT,
    MASS_ID_AUDIT,
    METHODOLOGY,
    METHODOLOGY_SLUG,
    PROCESS,
    RESULT_PREFIX,
    RULE_EXECUTION,
)
from massid.methodologies.certificates import CertificatePlan, NotIssued
from massid.methodologies.engine import Evaluation
from massid.methodologies.graph import Graph
from massid.services.certificate_writer import write_certificate
from massid.services.server_events import (
    ServerTimeline,
    insert_server_document,
    link_to,
    server_head,
)
from massid.services.verification_result import (
    CERTIFICATE,
    CERTIFICATE_NOT_ISSUED,
    EVALUATED_AT,
    METHODOLOGY_VERSION,
    REQUESTED_BY,
    RULE_COMMENT,
    RULE_CONTENT,
    RULE_NAME,
    RULE_SLUG,
    RULE_STATUS,
    STRICT_MODE,
    jsonable,
)
from massid.storage.ports import StoredDocument, Tx


@dataclass(frozen=True, slots=True)
class Issuance:
    """The certificate a verification issues (with its new id), or why it issues none."""

    plan: CertificatePlan | None
    certificate_id: str | None
    not_issued: NotIssued | None

    def as_json(self) -> tuple[object, object]:
        """``(certificate, certificateNotIssued)`` of the result; exactly one is not None."""
        if self.plan is not None and self.certificate_id is not None:
            return jsonable(self.plan.as_json(self.certificate_id)), None
        return None, self.not_issued.as_json() if self.not_issued else None


async def write_audit(
    tx: Tx,
    stored: StoredDocument,
    graph: Graph,
    evaluation: Evaluation,
    audit_id: str,
    now: datetime,
    principal: Principal,
    issuance: Issuance,
) -> None:
    """Store the audit of ``evaluation`` (and its certificate) in the caller's transaction."""
    mass_head = stored.head
    snapshot = json.loads(stored.body)
    participant, address = snapshot["primaryParticipant"], snapshot["primaryAddress"]
    # The links on the MassID carry its latest event time (createdAt says when they were
    # written): they respect the ordering rule without moving the MassID's ordering floor, so
    # the integrator can still append events dated before the verification.
    link_at = mass_head.last_event_at or mass_head.external_created_at
    at = max(now, link_at)
    methodology = evaluation.methodology
    audit_head = server_head(
        mass_head,
        audit_id,
        MASS_ID_AUDIT,
        subtype=PROCESS,
        unit=mass_head.measurement_unit,
        value=mass_head.current_value,
        at=at,
    )
    audit = ServerTimeline(audit_head, participant, address, at, created=now)
    audit.add("RELATED", related=link_to(mass_head))
    if graph.definition is not None:
        definition = RelatedDocumentIn(
            documentId=graph.definition.id, category=METHODOLOGY, type="Definition"
        )
        audit.add("RELATED", definition, {METHODOLOGY_SLUG: methodology.slug})
    for doc in graph.accreditations:
        link = RelatedDocumentIn(
            documentId=doc.id, category=doc.category, type=doc.type, subtype=doc.subtype
        )
        audit.add("RELATED", related=link)
    for outcome in evaluation.rules:
        audit.add(
            RULE_EXECUTION,
            None,
            {
                RULE_SLUG: outcome.slug,
                RULE_NAME: outcome.name,
                RULE_STATUS: outcome.status,
                RULE_COMMENT: outcome.comment,
                RULE_CONTENT: jsonable(outcome.content),
                METHODOLOGY_SLUG: methodology.slug,
            },
        )
    certificate, not_issued = issuance.as_json()
    audit.add(
        f"{RESULT_PREFIX}{evaluation.status}",
        None,
        {
            EVALUATION_RESULT: evaluation.status,
            METHODOLOGY_SLUG: methodology.slug,
            METHODOLOGY_VERSION: methodology.version,
            EVALUATED_AT: format_ts(now),
            REQUESTED_BY: principal.client_id,
            STRICT_MODE: evaluation.strict,
            CERTIFICATE: certificate,
            CERTIFICATE_NOT_ISSUED: not_issued,
        },
    )
    mass_timeline = ServerTimeline(mass_head, participant, address, link_at, created=now)
    mass_timeline.add("RELATED", related=link_to(audit_head))
    if issuance.plan is not None and issuance.certificate_id is not None:
        certificate_head = await write_certificate(
            tx,
            issuance.plan,
            issuance.certificate_id,
            mass=stored,
            audit_head=audit_head,
            definition_id=graph.definition.id if graph.definition else None,
            at=at,
            now=now,
        )
        audit.add("RELATED", related=link_to(certificate_head))
        mass_timeline.add("RELATED", related=link_to(certificate_head))
    audit.add("CLOSE")
    await insert_server_document(tx, audit_head, audit, parent_id=mass_head.id, now=now)
    await tx.copy_grants(mass_head.id, audit_id)
    await tx.insert_events(mass_timeline.rows)
    await tx.update_heads([mass_head], now)
