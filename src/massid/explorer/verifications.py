"""View models of verification results and certificates (the seam for the verification engine).

The Explorer shows these sections only when the public document carries results (see
``services.public.VerificationSource``); until an engine is plugged in, nothing is shown and
nothing is invented. Input: the stored results of ``verification.md`` (``status``,
``methodology``, ``rules: [{slug, name, status, comment}]``, ``certificate``), newest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from massid.explorer.charts import kg

BADGES = {"PASSED": "pass", "FAILED": "fail", "REVIEW_REQUIRED": "review"}


def badge(status: Any) -> str:
    """The CSS modifier of a status badge (unknown statuses look neutral)."""
    return BADGES.get(str(status), "neutral")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class RuleView:
    slug: str
    name: str
    status: str
    badge: str
    comment: str


@dataclass(frozen=True, slots=True)
class VerificationView:
    methodology: str
    version: str
    status: str
    badge: str
    evaluated_at: str
    rules: list[RuleView]


@dataclass(frozen=True, slots=True)
class RewardView:
    role: str
    percentage: str


@dataclass(frozen=True, slots=True)
class CertificateView:
    document_id: str
    type: str
    value: str
    unit: str
    credits: str
    symbol: str
    status: str
    rewards: list[RewardView]
    href: str | None


def _rule(rule: Mapping[str, Any]) -> RuleView:
    status = _text(rule.get("status"))
    return RuleView(
        slug=_text(rule.get("slug")),
        name=_text(rule.get("name") or rule.get("slug")),
        status=status,
        badge=badge(status),
        comment=_text(rule.get("comment")),
    )


def _amount(value: Any) -> str:
    try:
        return kg(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return _text(value)


def certificate_view(
    certificate: Mapping[str, Any], public_links: frozenset[str]
) -> CertificateView:
    document_id = _text(certificate.get("documentId"))
    return CertificateView(
        document_id=document_id,
        type=_text(certificate.get("type")),
        value=_amount(certificate.get("value")),
        unit=_text(certificate.get("measurementUnit")),
        credits=_text(certificate.get("credits")),
        symbol=_text(certificate.get("creditSymbol")),
        status=_text(certificate.get("status")),
        rewards=[
            RewardView(_text(reward.get("actorType")), _text(reward.get("percentage")))
            for reward in certificate.get("rewards") or []
            if isinstance(reward, Mapping)
        ],
        href=f"/explorer/document/{document_id}" if document_id in public_links else None,
    )


def verification_views(
    results: Sequence[Mapping[str, Any]] | None, public_links: frozenset[str]
) -> tuple[list[VerificationView] | None, CertificateView | None]:
    """Every verification, newest first, and the newest certificate among them."""
    if results is None:
        return None, None
    views = [
        VerificationView(
            methodology=_text(result.get("methodology")),
            version=_text(result.get("methodologyVersion")),
            status=_text(result.get("status")),
            badge=badge(result.get("status")),
            evaluated_at=_text(result.get("evaluatedAt")),
            rules=[_rule(rule) for rule in result.get("rules", []) if isinstance(rule, Mapping)],
        )
        for result in results
    ]
    certificate = next(
        (
            certificate_view(result["certificate"], public_links)
            for result in results
            if isinstance(result.get("certificate"), Mapping)
        ),
        None,
    )
    return views, certificate
