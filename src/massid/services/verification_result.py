"""The verification result of verification.md, built from an evaluation or read from an audit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from massid.domain.clock import format_ts
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
    audit_id: str | None, document_id: str | None, evaluation: Evaluation, now: datetime
) -> dict[str, Any]:
    """The result of one verification (``certificate`` is added when one is issued)."""
    methodology = evaluation.methodology
    return {
        "auditDocumentId": audit_id,
        "documentId": document_id,
        "methodology": methodology.slug,
        "methodologyVersion": methodology.version,
        "status": evaluation.status,
        "evaluatedAt": format_ts(now),
        "rules": [jsonable(outcome.as_json()) for outcome in evaluation.rules],
    }


def result_from_audit(audit: Document) -> dict[str, Any]:
    """The stored result of an audit document, as ``POST`` returned it."""
    rules: list[dict[str, Any]] = []
    result: dict[str, Any] = {
        "auditDocumentId": audit.id,
        "documentId": audit.parent_document_id,
        "methodology": None,
        "methodologyVersion": None,
        "status": None,
        "evaluatedAt": None,
        "rules": rules,
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
                evaluatedAt=event.attr(EVALUATED_AT),
            )
    return result
