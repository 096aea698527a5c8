"""Writing the certificate (RecycledID / GasID) of a passing verification (verification.md).

The certificate is a server document of the MassID's integrator, with the MassID's grants:
``parentDocumentId`` = the audit, ``currentValue`` = certified kg or prevented kg CO₂e.
Its events: ``RELATED`` to the MassID, to the audit and to the methodology definition (with
the credits and their symbol), then ``rewards-distribution`` (``Slug``, ``Rule Result
Details``). It stays ``OPEN`` while live: an accreditor client may ``CANCEL`` it. A row in
``certificates`` keeps its figures for totals, sales and the project-size ceiling.
"""

from __future__ import annotations

import json
from datetime import datetime

from massid.domain.commands import RelatedDocumentIn
from massid.domain.timeline import DocumentHead
from massid.methodologies.bold.vocabulary import (
    CREDIT_SYMBOL,
    CREDITS,
    METHODOLOGY,
    METHODOLOGY_SLUG,
    REWARDS_DISTRIBUTION,
    RULE_RESULT_DETAILS,
    SLUG,
)
from massid.methodologies.certificates import CertificatePlan
from massid.methodologies.rewards import format_decimal
from massid.services.server_events import (
    ServerTimeline,
    insert_server_document,
    link_to,
    server_head,
)
from massid.services.verification_result import jsonable
from massid.storage.ports import CertificateRow, StoredDocument, Tx


async def write_certificate(
    tx: Tx,
    plan: CertificatePlan,
    certificate_id: str,
    *,
    mass: StoredDocument,
    audit_head: DocumentHead,
    definition_id: str | None,
    at: datetime,
    now: datetime,
) -> DocumentHead:
    """Store the certificate of ``plan``; returns its head (for the links to it)."""
    mass_head = mass.head
    snapshot = json.loads(mass.body)
    head = server_head(
        mass_head, certificate_id, plan.type, subtype=None, unit=plan.unit, value=plan.value, at=at
    )
    timeline = ServerTimeline(
        head, snapshot["primaryParticipant"], snapshot["primaryAddress"], at, created=now
    )
    timeline.add("RELATED", related=link_to(mass_head))
    timeline.add("RELATED", related=link_to(audit_head))
    if definition_id is not None:
        definition = RelatedDocumentIn(
            documentId=definition_id, category=METHODOLOGY, type="Definition"
        )
        issued = {
            METHODOLOGY_SLUG: plan.methodology,
            CREDITS: format_decimal(plan.credits),
            CREDIT_SYMBOL: plan.symbol,
        }
        timeline.add("RELATED", definition, issued)
    details = {SLUG: REWARDS_DISTRIBUTION, RULE_RESULT_DETAILS: jsonable(plan.rewards_content)}
    timeline.add(REWARDS_DISTRIBUTION, None, details)
    await insert_server_document(tx, head, timeline, parent_id=audit_head.id, now=now)
    await tx.copy_grants(mass_head.id, certificate_id)
    await tx.insert_certificate(
        CertificateRow(
            document_id=certificate_id,
            environment=mass_head.environment,
            methodology=plan.methodology,
            type=plan.type,
            mass_id_document_id=mass_head.id,
            audit_document_id=audit_head.id,
            recycler_id=plan.recycler_id,
            mass_kg=plan.mass_kg,
            co2e_kg=plan.co2e_kg,
            credits=plan.credits,
            issued_at=now,
            recycled_at=plan.recycled_at,
        )
    )
    return head
