"""Certificate rewards distribution and credit-order splits (methodology-reference §6.3)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from massid.methodologies.credit_orders import (
    CertificateInput,
    CertificateShare,
    CreditOrderError,
    split_order,
)
from massid.methodologies.rewards import (
    COMMUNITY_IMPACT_POOL,
    HAULER,
    INTEGRATOR,
    MASS_ID_ACTORS,
    METHODOLOGY_ACTORS,
    METHODOLOGY_AUTHOR,
    METHODOLOGY_DEVELOPER,
    NETWORK,
    PROCESSOR,
    RECYCLER,
    REWARDS_WASTE_TYPE,
    WASTE_GENERATOR,
    Reward,
    RewardsError,
    RewardsInput,
    RewardsParticipant,
    distribute,
)


def actor(role: str, participant_id: str | None = None) -> RewardsParticipant:
    return RewardsParticipant(role, participant_id or f"id-{role}", role, f"addr-{role}")


METHODOLOGY = [actor(role) for role in METHODOLOGY_ACTORS]


def rewards_input(
    roles: tuple[str, ...] = MASS_ID_ACTORS,
    *,
    subtype: str = "Food, Food Waste and Beverages",
    unidentified: bool = False,
    business_size: str | None = "Small Business",
    extra: tuple[RewardsParticipant, ...] = (),
) -> RewardsInput:
    return RewardsInput(
        mass_id_document_id="mass-id",
        subtype=subtype,
        mass_id_actors=[actor(role) for role in roles] + list(extra),
        methodology_actors=METHODOLOGY,
        waste_origin_unidentified=unidentified,
        business_size=business_size,
    )


def percent_by_role(rewards: list[Reward]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for reward in rewards:
        totals[reward.participant.actor_type] = (
            totals.get(reward.participant.actor_type, Decimal(0)) + reward.percentage
        )
    return totals


def test_identified_with_hauler_small_business() -> None:
    assert percent_by_role(distribute(rewards_input())) == {
        WASTE_GENERATOR: 30,
        HAULER: 10,
        PROCESSOR: 10,
        RECYCLER: 20,
        INTEGRATOR: 8,
        METHODOLOGY_AUTHOR: 1,
        METHODOLOGY_DEVELOPER: 1,
        NETWORK: 20,
    }


def test_large_business_moves_half_to_the_community_impact_pool() -> None:
    shares = percent_by_role(distribute(rewards_input(business_size="Large Business")))
    assert shares[WASTE_GENERATOR] == 15
    assert shares[COMMUNITY_IMPACT_POOL] == 15


@pytest.mark.parametrize("business_size", [None, "Large Business", "Unknown"])
def test_missing_declaration_counts_as_large(business_size: str | None) -> None:
    shares = percent_by_role(distribute(rewards_input(business_size=business_size)))
    assert shares[WASTE_GENERATOR] == shares[COMMUNITY_IMPACT_POOL] == 15


def test_unidentified_with_hauler() -> None:
    roles = (HAULER, PROCESSOR, RECYCLER, INTEGRATOR)
    assert percent_by_role(distribute(rewards_input(roles, unidentified=True))) == {
        NETWORK: 60,
        HAULER: Decimal("7.5"),
        PROCESSOR: Decimal("7.5"),
        RECYCLER: 15,
        INTEGRATOR: 8,
        METHODOLOGY_AUTHOR: 1,
        METHODOLOGY_DEVELOPER: 1,
    }


def test_no_hauler_moves_its_share_to_the_generator() -> None:
    roles = (WASTE_GENERATOR, PROCESSOR, RECYCLER, INTEGRATOR)
    shares = percent_by_role(distribute(rewards_input(roles)))
    assert shares[WASTE_GENERATOR] == 40
    assert HAULER not in shares


def test_sludge_shares() -> None:
    shares = percent_by_role(distribute(rewards_input(subtype="Industrial Sludge")))
    assert (shares[WASTE_GENERATOR], shares[HAULER], shares[RECYCLER]) == (25, 5, 30)


def test_equal_division_keeps_the_role_total_exact() -> None:
    extra = (actor(PROCESSOR, "id-b"), actor(PROCESSOR, "id-c"))
    rewards = distribute(rewards_input(extra=extra))
    processors = [r for r in rewards if r.participant.actor_type == PROCESSOR]
    assert len(processors) == 3
    assert sum(r.share for r in processors) == Decimal("0.10")
    assert processors[1].share == Decimal("0.0333333333")


@pytest.mark.parametrize("missing", [RECYCLER, PROCESSOR, INTEGRATOR])
def test_required_actors(missing: str) -> None:
    roles = tuple(role for role in MASS_ID_ACTORS if role != missing)
    with pytest.raises(RewardsError, match=missing):
        distribute(rewards_input(roles))


def test_identified_origin_needs_a_waste_generator() -> None:
    with pytest.raises(RewardsError, match="Waste Generator"):
        distribute(rewards_input((PROCESSOR, RECYCLER, INTEGRATOR)))


def test_unknown_subtype_and_missing_methodology_actor() -> None:
    with pytest.raises(RewardsError, match="subtype"):
        distribute(rewards_input(subtype="Plastic"))
    partial = replace(rewards_input(), methodology_actors=METHODOLOGY[1:])
    with pytest.raises(RewardsError, match="Community Impact Pool"):
        distribute(partial)


def test_json_shape() -> None:
    (first, *_rest) = distribute(rewards_input())
    assert first.as_json() == {
        "actorType": WASTE_GENERATOR,
        "participant": {"id": "id-Waste Generator", "name": WASTE_GENERATOR},
        "address": {"id": "addr-Waste Generator"},
        "massIDPercentage": "30",
        "preserveSensitiveData": None,
    }


optional_roles = st.sets(st.sampled_from([WASTE_GENERATOR, HAULER]))
multiples = st.lists(
    st.tuples(st.sampled_from(list(MASS_ID_ACTORS)), st.integers(1, 50)), max_size=6
)


@given(
    optional=optional_roles,
    extra=multiples,
    subtype=st.sampled_from(sorted(REWARDS_WASTE_TYPE)),
    unidentified=st.booleans(),
    business_size=st.sampled_from([None, "Small Business", "Large Business"]),
)
def test_every_distribution_sums_to_exactly_100_percent(
    optional: set[str],
    extra: list[tuple[str, int]],
    subtype: str,
    unidentified: bool,
    business_size: str | None,
) -> None:
    if not unidentified:
        optional.add(WASTE_GENERATOR)
    roles = (PROCESSOR, RECYCLER, INTEGRATOR, *sorted(optional))
    more = tuple(actor(role, f"{role}-{n}") for role, n in extra if role in roles)
    rewards = distribute(
        rewards_input(
            roles,
            subtype=subtype,
            unidentified=unidentified,
            business_size=business_size,
            extra=more,
        )
    )
    assert sum(r.share for r in rewards) == 1
    assert all(r.share >= 0 for r in rewards)
    assert all(r.share == r.share.quantize(Decimal("1e-10")) for r in rewards)


def shares_of(rewards: list[Reward]) -> list[CertificateShare]:
    return [
        CertificateShare(
            r.participant.actor_type, r.participant.participant_id, r.participant.name, r.percentage
        )
        for r in rewards
    ]


def test_credit_order_split_example() -> None:
    certificate = CertificateInput("c1", Decimal("1000"), shares_of(distribute(rewards_input())))
    split = split_order(Decimal("0.05"), [certificate])
    assert split.order_total == Decimal("50")
    amounts = {p.actor_type: p.amount for p in split.payouts}
    assert amounts[WASTE_GENERATOR] == Decimal("15") and amounts[NETWORK] == Decimal("10")
    assert [p.actor_type for p in split.payouts] == [
        WASTE_GENERATOR,
        HAULER,
        PROCESSOR,
        RECYCLER,
        INTEGRATOR,
        METHODOLOGY_AUTHOR,
        METHODOLOGY_DEVELOPER,
        NETWORK,
    ]
    assert split.remainder_amount == 0


def test_credit_order_remainder_goes_to_the_network() -> None:
    extra = (actor(PROCESSOR, "p2"), actor(PROCESSOR, "p3"))
    rewards = shares_of(distribute(rewards_input(extra=extra)))
    split = split_order(Decimal("1.333333"), [CertificateInput("c", Decimal("0.7"), rewards)])
    assert split.remainder_amount > 0
    assert sum(p.amount for p in split.payouts) == split.order_total
    assert sum(p.percentage for p in split.payouts) == 100


def test_credit_order_errors() -> None:
    rewards = shares_of(distribute(rewards_input()))
    with pytest.raises(CreditOrderError):
        split_order(Decimal(0), [CertificateInput("c", Decimal(1), rewards)])
    with pytest.raises(CreditOrderError):
        split_order(Decimal(1), [])
    no_network = [s for s in rewards if s.actor_type != NETWORK]
    with pytest.raises(CreditOrderError, match="Network"):
        split_order(Decimal(1), [CertificateInput("c", Decimal(1), no_network)])


@given(
    price=st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(10_000), places=6),
    values=st.lists(
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal(100_000), places=4),
        min_size=1,
        max_size=8,
    ),
    extra=multiples,
    unidentified=st.booleans(),
)
def test_every_credit_order_split_sums_to_the_order_total(
    price: Decimal, values: list[Decimal], extra: list[tuple[str, int]], unidentified: bool
) -> None:
    more = tuple(actor(role, f"{role}-{n}") for role, n in extra)
    rewards = shares_of(distribute(rewards_input(unidentified=unidentified, extra=more)))
    certificates = [CertificateInput(f"c{i}", v, rewards) for i, v in enumerate(values)]
    split = split_order(price, certificates)
    assert sum(p.amount for p in split.payouts) == split.order_total
    assert sum(p.percentage for p in split.payouts) == 100
    assert all(p.amount >= 0 for p in split.payouts)
