"""The verification result of verification.md, built from an evaluation or read from an audit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from massid.domain.clock import format_ts
from massid.domain.timeline import decimal_to_json
from massid.methodologies.bold.vocabulary import (
    EVALUATION_RESULT,
    METHODOLOGY_SLUG,
    RESULT_PREFIX,
    RULE_EXECUTION,
)
from massid.methodologies.engine import Evaluation
from massid.methodologies.graph import Document

RULE_SLUG = "Rule Slug"
RULE_NAME = "Rule Name"
RULE_STATUS = "Rule Status"
RULE_COMMENT = "Rule Comment"
RULE_CONTENT = "Rule Processor Result Content"
METHODOLOGY_VERSION = "Methodology Version"
EVALUATED_AT = "Evaluated At"
REQUESTED_BY = "Requested By"
STRICT_MODE = "Strict Mode"
CERTIFICATE = "Certificate"
CERTIFICATE_NOT_ISSUED = "Certificate Not Issued"


def jsonable(value: Any) -> Any:
    """Rule content as plain JSON: decimals become strings (exact, never floats)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def result_json(
    audit_id: str | None,
    document_id: str | None,
    evaluation: Evaluation,
    now: datetime,
    certificate: Any,
    not_issued: Any,
) -> dict[str, Any]:
    """The result of one verification: the certificate issued, or why none was."""
    methodology = evaluation.methodology
    return {
        "auditDocumentId": audit_id,
        "documentId": document_id,
        "methodology": methodology.slug,
        "methodologyVersion": methodology.version,
        "status": evaluation.status,
        "strict": evaluation.strict,
        "evaluatedAt": format_ts(now),
        "rules": [jsonable(outcome.as_json()) for outcome in evaluation.rules],
        "certificate": certificate,
        "certificateNotIssued": not_issued,
    }


def _certificate(stored: Any, statuses: dict[str, str]) -> Any:
    """A certificate entry read back from an audit, with the certificate's current status."""
    if not isinstance(stored, dict):
        return None
    entry = jsonable(stored)
    value = stored.get("value")
    if isinstance(value, Decimal | int):
        entry["value"] = decimal_to_json(Decimal(value))
    entry["status"] = statuses.get(str(stored.get("documentId")), entry.get("status"))
    return entry


def certificate_ids(audit: Document) -> list[str]:
    """The certificate an audit's result event says it issued (none or one)."""
    for event in audit.events:
        stored = event.attr(CERTIFICATE) if event.name.startswith(RESULT_PREFIX) else None
        if isinstance(stored, dict) and stored.get("documentId"):
            return [str(stored["documentId"])]
    return []


def result_from_audit(audit: Document, statuses: dict[str, str] | None = None) -> dict[str, Any]:
    """The stored result of an audit document, as ``POST`` returned it.

    ``statuses`` (certificate id → status) gives a certificate's current status.
    """
    rules: list[dict[str, Any]] = []
    result: dict[str, Any] = {
        "auditDocumentId": audit.id,
        "documentId": audit.parent_document_id,
        "methodology": None,
        "methodologyVersion": None,
        "status": None,
        "strict": False,
        "evaluatedAt": None,
        "rules": rules,
        "certificate": None,
        "certificateNotIssued": None,
    }
    for event in audit.events:
        if event.name == RULE_EXECUTION:
            rules.append(
                {
                    "slug": event.attr(RULE_SLUG),
                    "name": event.attr(RULE_NAME),
                    "status": event.attr(RULE_STATUS),
                    "comment": event.attr(RULE_COMMENT),
                    "content": jsonable(event.attr(RULE_CONTENT) or {}),
                }
            )
        elif event.name.startswith(RESULT_PREFIX):
            result.update(
                methodology=event.attr(METHODOLOGY_SLUG),
                methodologyVersion=event.attr(METHODOLOGY_VERSION),
                status=event.attr(EVALUATION_RESULT),
                strict=bool(event.attr(STRICT_MODE)),
                evaluatedAt=event.attr(EVALUATED_AT),
                certificate=_certificate(event.attr(CERTIFICATE), statuses or {}),
                certificateNotIssued=jsonable(event.attr(CERTIFICATE_NOT_ISSUED)),
            )
    return result
