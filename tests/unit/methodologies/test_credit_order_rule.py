"""The credit-order rewards rule over loaded documents: what passes, and every refusal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from massid.methodologies.credit_order_rule import credit_order_rewards, unit_price
from massid.methodologies.graph import Document
from massid.methodologies.registry import METHODOLOGIES
from tests.methodology_factories import attr
from tests.methodology_scenario import make_server_document

CARBON = METHODOLOGIES["bold-carbon"]
SHARES = [("Recycler", "r", "20"), ("Network", "n", "50"), ("Waste Generator", "g", "30")]


def certificate(
    doc_id: str = "cert-1",
    *,
    type_: str = "GasID",
    status: str = "OPEN",
    value: str = "417.1944",
    author: str = "server",
    shares: Any = SHARES,
) -> Document:
    details = {
        "massIDDocumentId": "mass-1",
        "massIDRewards": [
            {
                "actorType": role,
                "participant": {"id": pid, "name": pid.upper()},
                "massIDPercentage": pct,
            }
            for role, pid, pct in shares
        ],
    }
    event = {
        "name": "rewards-distribution",
        "metadata": {
            "attributes": [
                attr("Slug", "rewards-distribution"),
                attr("Rule Result Details", details),
            ]
        },
    }
    return make_server_document(
        type_, [event], status, doc_id, current_value=Decimal(value), author_role=author
    )


def order(price: Any = "37.5") -> Document:
    events = (
        []
        if price is None
        else [{"name": "Credits", "metadata": {"attributes": [attr("Credit Unit Price", price)]}}]
    )
    return make_server_document("Credit Order", events, doc_id="order-1", author_role="accreditor")


def test_a_passing_order_splits_the_total_exactly() -> None:
    certificates = [certificate("cert-1"), certificate("cert-2", value="950")]
    result, split = credit_order_rewards(
        order(), certificates, {"cert-1": "order-1", "cert-2": "order-1"}, CARBON
    )
    assert result.status == "PASSED", result.comment
    assert split is not None
    assert split.total_value == Decimal("1.367194")  # 0.417194 + 0.95 credits
    assert split.order_total == Decimal("51.269775")
    assert sum(p.amount for p in split.payouts) == split.order_total
    assert [p.actor_type for p in split.payouts] == ["Waste Generator", "Recycler", "Network"]
    assert result.content["certificates"] == [
        {"documentId": "cert-1", "credits": "0.417194"},
        {"documentId": "cert-2", "credits": "0.95"},
    ]
    assert "1.367194 credits × 37.5 = 51.269775" in result.comment


@pytest.mark.parametrize(
    ("documents", "holders", "price", "words"),
    [
        ([certificate()], {"cert-1": "order-1"}, None, "Credit Unit Price > 0"),
        ([certificate()], {"cert-1": "order-1"}, "-1", "Credit Unit Price > 0"),
        ([certificate()], {"cert-1": "order-1"}, "free", "Credit Unit Price > 0"),
        ([], {}, "10", "holds no certificate"),
        (
            [certificate(author="integrator")],
            {"cert-1": "order-1"},
            "10",
            "not issued by this server",
        ),
        ([certificate(status="CANCELLED")], {"cert-1": "order-1"}, "10", "is cancelled"),
        ([certificate(type_="RecycledID")], {"cert-1": "order-1"}, "10", "GasIDs only"),
        ([certificate()], {"cert-1": "order-9"}, "10", "held by credit order order-9"),
        (
            [certificate(shares=[("Network", "n", "many")])],
            {"cert-1": "order-1"},
            "10",
            "no readable",
        ),
        ([certificate(shares=[("Recycler", "r", "100")])], {"cert-1": "order-1"}, "10", "Network"),
    ],
)
def test_refusals(
    documents: list[Document], holders: dict[str, str], price: Any, words: str
) -> None:
    result, split = credit_order_rewards(order(price), documents, holders, CARBON)
    assert (result.status, split) == ("FAILED", None)
    assert words in result.comment


def test_the_latest_credits_event_sets_the_price() -> None:
    document = order("10")
    later = order("12.5")
    document.events.extend(later.events)
    document.__post_init__()
    assert unit_price(document) == Decimal("12.5")
