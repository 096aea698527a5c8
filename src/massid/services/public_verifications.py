"""Verification results of public MassIDs, reduced to what the public may see.

The public sees each audit's methodology, status and date, every rule's slug, name, status
and comment — with every value the public view hides redacted from the comment — and the
certificate's type, value, credits, status and rewards by role. Rule contents (structured
figures that may quote private data) and participant names or ids in rewards are not shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from massid.domain.masking import redact, redactor
from massid.services.verification_graph import to_document
from massid.services.verification_result import certificate_ids, result_from_audit
from massid.storage.ports import Store

RESULT_FIELDS = ("methodology", "methodologyVersion", "status", "evaluatedAt")
CERTIFICATE_FIELDS = ("type", "value", "measurementUnit", "credits", "creditSymbol", "status")


def _rule(rule: Mapping[str, Any], pattern: re.Pattern[str] | None) -> dict[str, Any]:
    comment = rule.get("comment")
    return {
        "slug": rule.get("slug"),
        "name": rule.get("name"),
        "status": rule.get("status"),
        "comment": redact(comment, pattern) if isinstance(comment, str) else None,
    }


def _certificate(certificate: Any) -> dict[str, Any] | None:
    if not isinstance(certificate, Mapping):
        return None
    public: dict[str, Any] = {field: certificate.get(field) for field in CERTIFICATE_FIELDS}
    public["documentId"] = certificate.get("documentId")
    public["rewards"] = [
        {"actorType": reward.get("actorType"), "percentage": reward.get("percentage")}
        for reward in certificate.get("rewards") or []
        if isinstance(reward, Mapping)
    ]
    return public


def public_result(result: Mapping[str, Any], hidden: frozenset[str]) -> dict[str, Any]:
    """One stored verification result as the public may see it."""
    pattern = redactor(hidden)
    public: dict[str, Any] = {field: result.get(field) for field in RESULT_FIELDS}
    public["rules"] = [_rule(rule, pattern) for rule in result.get("rules", [])]
    public["certificate"] = _certificate(result.get("certificate"))
    return public


class PublicVerifications:
    """The :class:`massid.services.public.VerificationSource` of the verification engine."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def public_results(
        self, document_id: str, hidden: frozenset[str]
    ) -> list[dict[str, Any]]:
        """The audits of a (public) MassID, newest first, redacted for the public."""
        async with self.store.read() as tx:
            audits = [to_document(audit) for audit in await tx.list_audits(document_id)]
            issued = [cid for audit in audits for cid in certificate_ids(audit)]
            statuses = await tx.document_statuses(issued)
        return [public_result(result_from_audit(audit, statuses), hidden) for audit in audits]
