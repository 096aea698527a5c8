"""Verifying a Credit Order: its rewards-distribution rule and the stored payout table.

``POST /documents/{order}/verifications`` with ``{"methodology": …}`` runs the credit-order
rule over the certificates the order holds; ``methodology`` names the credits sold
(``bold-recycling``: RecycledIDs, TRC; ``bold-carbon``: GasIDs, TCC), and every certificate
of the order must be of it. The result is stored on the order as a server-written
``rewards-distribution`` event (``Slug``, ``Rule Result Details`` = the payout table), so
``GET /documents/{order}/verifications`` lists every run, newest first.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from massid.domain.access import SERVER_CLIENT_ID, Principal
from massid.domain.clock import format_ts
from massid.domain.errors import Conflict
from massid.domain.timeline import CANCELLED, CLOSED
from massid.methodologies.bold.vocabulary import (
    CERTIFICATE_TYPES,
    EVALUATION_RESULT,
    METHODOLOGY_SLUG,
    REWARDS_DISTRIBUTION,
    RULE_RESULT_DETAILS,
    SLUG,
)
from massid.methodologies.credit_order_rule import credit_order_rewards
from massid.methodologies.engine import Methodology
from massid.methodologies.graph import Document
from massid.services.server_events import ServerTimeline
from massid.services.verification_graph import load_stored, to_document
from massid.services.verification_result import (
    EVALUATED_AT,
    METHODOLOGY_VERSION,
    REQUESTED_BY,
    RULE_COMMENT,
    jsonable,
)
from massid.storage.ports import StoredDocument, Tx

CREDIT_ORDER_RULE = "Credit Order Rewards Distribution"


def _result(
    order_id: str,
    event_id: str | None,
    methodology: str | None,
    version: str | None,
    status: Any,
    evaluated_at: Any,
    comment: Any,
    details: Any,
) -> dict[str, Any]:
    payout = jsonable(details) if status == "PASSED" and details else None
    return {
        "documentId": order_id,
        "documentType": "Credit Order",
        "eventId": event_id,
        "methodology": methodology,
        "methodologyVersion": version,
        "status": status,
        "evaluatedAt": evaluated_at,
        "rules": [
            {
                "slug": REWARDS_DISTRIBUTION,
                "name": CREDIT_ORDER_RULE,
                "status": status,
                "comment": comment,
                "content": jsonable(details or {}),
            }
        ],
        "payout": payout,
    }


def order_results(order: Document) -> list[dict[str, Any]]:
    """Every stored verification of a credit order, newest first."""
    results = [
        _result(
            order.id,
            event.id,
            event.attr(METHODOLOGY_SLUG),
            event.attr(METHODOLOGY_VERSION),
            event.attr(EVALUATION_RESULT),
            event.attr(EVALUATED_AT),
            event.attr(RULE_COMMENT),
            event.attr(RULE_RESULT_DETAILS),
        )
        for event in order.named(REWARDS_DISTRIBUTION)
        if event.author_client_id == SERVER_CLIENT_ID
    ]
    return results[::-1]


async def verify_credit_order(
    tx: Tx,
    principal: Principal,
    stored: StoredDocument,
    methodology: Methodology,
    now: datetime,
) -> dict[str, Any]:
    """Run the credit-order rule, store its result on the (locked) order, return it."""
    head = stored.head
    if head.status in (CANCELLED, CLOSED):
        raise Conflict(
            "CREDIT_ORDER_CLOSED" if head.status == CLOSED else "DOCUMENT_CANCELLED",
            f"credit order {head.id} is {head.status}; its payout can no longer change "
            f"(GET /documents/{head.id}/verifications lists the stored ones)",
        )
    order = await load_stored(tx, stored)
    linked = {event.related_document_id for event in order.events} - {None}
    loaded = await tx.linked_documents(head.environment, [head.id], CERTIFICATE_TYPES)
    certificates = [to_document(doc) for doc in loaded if doc.id in linked]
    rows = await tx.get_certificates([doc.id for doc in certificates], lock=True)
    holders = {doc_id: row.sold_in for doc_id, row in rows.items()}
    outcome, _split = credit_order_rewards(order, certificates, holders, methodology)
    snapshot = json.loads(stored.body)
    # Dated at the order's latest event, like the MassID's links: the floor does not move.
    at = head.last_event_at or head.external_created_at
    timeline = ServerTimeline(
        head, snapshot["primaryParticipant"], snapshot["primaryAddress"], at, created=now
    )
    evaluated_at = format_ts(now)
    details = jsonable(outcome.content)
    event_id = timeline.add(
        REWARDS_DISTRIBUTION,
        None,
        {
            SLUG: REWARDS_DISTRIBUTION,
            RULE_RESULT_DETAILS: details,
            EVALUATION_RESULT: outcome.status,
            RULE_COMMENT: outcome.comment,
            METHODOLOGY_SLUG: methodology.slug,
            METHODOLOGY_VERSION: methodology.version,
            EVALUATED_AT: evaluated_at,
            REQUESTED_BY: principal.client_id,
        },
    )
    await tx.insert_events(timeline.rows)
    await tx.update_heads([head], now)
    return _result(
        head.id,
        event_id,
        methodology.slug,
        methodology.version,
        outcome.status,
        evaluated_at,
        outcome.comment,
        details,
    )
