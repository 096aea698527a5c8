"""The payout of a Credit Order across the participants of its certificates (reference §6.3).

For each certificate and each of its rewards, ``amount += round_down_6dp(percentage / 100 ×
certificate value × unit price)``, aggregated per (role, participant). Each participant's
``percentage`` is its amount over the order total (6 dp, ROUND_DOWN). What rounding leaves
over, in amount and in percentage, goes to the Network, so the split always sums to the order
total and to 100 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from massid.methodologies.rewards import NETWORK, ROLE_ORDER, format_decimal

SIX_PLACES = Decimal("0.000001")
HUNDRED = Decimal(100)


class CreditOrderError(ValueError):
    """The order cannot be split (no certificates, bad price, no Network participant)."""


def round_down_6(value: Decimal) -> Decimal:
    return value.quantize(SIX_PLACES, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class CertificateShare:
    actor_type: str
    participant_id: str
    name: str
    percentage: Decimal  # percent of the certificate (massIDPercentage)


@dataclass(frozen=True, slots=True)
class CertificateInput:
    certificate_id: str
    value: Decimal
    rewards: Sequence[CertificateShare]


@dataclass(slots=True)
class Payout:
    actor_type: str
    participant_id: str
    name: str
    amount: Decimal
    percentage: Decimal

    def as_json(self) -> dict[str, object]:
        return {
            "actorType": self.actor_type,
            "participant": {"id": self.participant_id, "name": self.name},
            "amount": format_decimal(self.amount),
            "percentage": format_decimal(self.percentage),
        }


@dataclass(frozen=True, slots=True)
class CreditOrderSplit:
    unit_price: Decimal
    total_value: Decimal
    order_total: Decimal
    payouts: list[Payout]
    remainder_amount: Decimal
    remainder_percentage: Decimal

    def as_json(self) -> dict[str, object]:
        return {
            "actors": [payout.as_json() for payout in self.payouts],
            "creditUnitPrice": format_decimal(self.unit_price),
            "massIDCertificateTotalValue": format_decimal(self.total_value),
            "orderTotal": format_decimal(self.order_total),
            "remainder": {
                "amount": format_decimal(self.remainder_amount),
                "percentage": format_decimal(self.remainder_percentage),
            },
        }


def _order_key(payout: Payout) -> tuple[int, str]:
    rank = ROLE_ORDER.index(payout.actor_type) if payout.actor_type in ROLE_ORDER else 99
    return rank, payout.participant_id


def split_order(unit_price: Decimal, certificates: Sequence[CertificateInput]) -> CreditOrderSplit:
    """Split ``unit_price × Σ certificate values`` among the certificates' participants."""
    if unit_price <= 0:
        raise CreditOrderError("Credit Unit Price must be greater than 0")
    if not certificates:
        raise CreditOrderError("the credit order has no certificates")
    total_value = sum((certificate.value for certificate in certificates), Decimal(0))
    order_total = round_down_6(total_value * unit_price)
    payouts: dict[tuple[str, str], Payout] = {}
    for certificate in certificates:
        for share in certificate.rewards:
            amount = round_down_6(share.percentage / HUNDRED * certificate.value * unit_price)
            key = (share.actor_type, share.participant_id)
            payout = payouts.setdefault(
                key,
                Payout(share.actor_type, share.participant_id, share.name, Decimal(0), Decimal(0)),
            )
            payout.amount += amount
    for payout in payouts.values():
        payout.percentage = (
            round_down_6(payout.amount / order_total * HUNDRED) if order_total else Decimal(0)
        )
    remainder_amount = max(
        Decimal(0), order_total - sum((p.amount for p in payouts.values()), Decimal(0))
    )
    remainder_percentage = max(
        Decimal(0), HUNDRED - sum((p.percentage for p in payouts.values()), Decimal(0))
    )
    ordered = sorted(payouts.values(), key=_order_key)
    networks = [payout for payout in ordered if payout.actor_type == NETWORK]
    if not networks:
        raise CreditOrderError("no Network participant to receive the remainder")
    networks[0].amount += remainder_amount
    networks[0].percentage += remainder_percentage
    return CreditOrderSplit(
        unit_price=unit_price,
        total_value=total_value,
        order_total=order_total,
        payouts=ordered,
        remainder_amount=remainder_amount,
        remainder_percentage=remainder_percentage,
    )
