"""The credit-order ``rewards-distribution`` rule (reference §6.3, "Per Credit Order").

Pure: from the order (its ``Credits`` event's ``Credit Unit Price``) and the certificates it
holds, the payout of every participant (:func:`credit_orders.split_order`). A certificate's
amount base is its credits (value / 1000, 6 dp), since the unit price is the price of one
credit (one tonne).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from massid.methodologies.bold.helpers import number
from massid.methodologies.bold.vocabulary import (
    CREDIT_UNIT_PRICE,
    CREDITS,
    REWARDS_DISTRIBUTION,
    RULE_RESULT_DETAILS,
)
from massid.methodologies.certificates import credits_of
from massid.methodologies.credit_orders import (
    CertificateInput,
    CertificateShare,
    CreditOrderError,
    CreditOrderSplit,
    split_order,
)
from massid.methodologies.engine import Methodology, RuleResult, failed, passed
from massid.methodologies.graph import SERVER, Document
from massid.methodologies.rewards import format_decimal

CANCELLED = "CANCELLED"


def unit_price(order: Document) -> Decimal | None:
    """The ``Credit Unit Price`` of the order's latest ``Credits`` event."""
    event = order.last(CREDITS)
    return number(event.attr(CREDIT_UNIT_PRICE)) if event is not None else None


def _shares(certificate: Document) -> list[CertificateShare] | None:
    event = certificate.last(REWARDS_DISTRIBUTION)
    details = event.attr(RULE_RESULT_DETAILS) if event is not None else None
    rewards = details.get("massIDRewards") if isinstance(details, Mapping) else None
    if not isinstance(rewards, list):
        return None
    shares: list[CertificateShare] = []
    for item in rewards:
        participant = item.get("participant") if isinstance(item, Mapping) else None
        percentage = number(item.get("massIDPercentage")) if isinstance(item, Mapping) else None
        if not isinstance(participant, Mapping) or percentage is None:
            return None
        shares.append(
            CertificateShare(
                str(item.get("actorType")),
                str(participant.get("id")),
                str(participant.get("name", "")),
                percentage,
            )
        )
    return shares


def _problem(
    order: Document, certificate: Document, methodology: Methodology, holder: str | None
) -> str | None:
    if certificate.author_role != SERVER:
        return f"{certificate.id} was not issued by this server"
    if certificate.status == CANCELLED:
        return f"{certificate.id} is cancelled"
    if certificate.type != methodology.certificate_type:
        return (
            f"{certificate.id} is a {certificate.type}; a {methodology.name} order sells "
            f"{methodology.certificate_type}s only"
        )
    if holder != order.id:
        return f"{certificate.id} is held by credit order {holder or '(none)'}"
    return None


def credit_order_rewards(
    order: Document,
    certificates: Sequence[Document],
    holders: Mapping[str, str | None],
    methodology: Methodology,
) -> tuple[RuleResult, CreditOrderSplit | None]:
    """The rule's result and, when it passes, the payout (``holders``: certificate → order)."""
    price = unit_price(order)
    if price is None or price <= 0:
        return failed(f"The order needs a '{CREDITS}' event with a {CREDIT_UNIT_PRICE} > 0"), None
    if not certificates:
        return failed("The order holds no certificate (link them with RELATED events)"), None
    problems = [
        problem
        for certificate in certificates
        if (problem := _problem(order, certificate, methodology, holders.get(certificate.id)))
    ]
    inputs: list[CertificateInput] = []
    for certificate in certificates:
        shares = _shares(certificate)
        if shares is None:
            problems.append(f"{certificate.id} has no readable rewards distribution")
            continue
        inputs.append(
            CertificateInput(certificate.id, credits_of(certificate.current_value), shares)
        )
    if problems:
        return failed("Certificates that cannot be sold: " + "; ".join(problems)), None
    try:
        split = split_order(price, inputs)
    except CreditOrderError as error:
        return failed(f"The order cannot be split: {error}"), None
    content: dict[str, Any] = split.as_json()
    content["certificates"] = [
        {"documentId": item.certificate_id, "credits": format_decimal(item.value)}
        for item in inputs
    ]
    comment = (
        f"{format_decimal(split.total_value)} credits × {format_decimal(price)} = "
        f"{format_decimal(split.order_total)} split among {len(split.payouts)} participants"
    )
    return passed(comment, **content), split
