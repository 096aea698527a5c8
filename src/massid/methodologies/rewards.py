"""Rewards distribution of one certificate (RecycledID / GasID), methodology-reference §6.3.

Pure: given the MassID's actors, the methodology definition's actors, whether the waste origin
is identified and the waste generator's declared business size, return each participant's
share of the certificate. Arithmetic is ``Decimal`` with 10 decimal places, ROUND_DOWN, as
Carrot's processor does (BigNumber, DECIMAL_PLACES 10, ROUND_DOWN).

One addition to the reference: when a role's share is divided among several participants,
the ROUND_DOWN remainder goes to the first of them (by participant id), so the distribution
always sums to exactly 100 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

WASTE_GENERATOR = "Waste Generator"
HAULER = "Hauler"
PROCESSOR = "Processor"
RECYCLER = "Recycler"
INTEGRATOR = "Integrator"
NETWORK = "Network"
METHODOLOGY_AUTHOR = "Methodology Author"
METHODOLOGY_DEVELOPER = "Methodology Developer"
COMMUNITY_IMPACT_POOL = "Community Impact Pool"

MASS_ID_ACTORS = (WASTE_GENERATOR, HAULER, PROCESSOR, RECYCLER, INTEGRATOR)
METHODOLOGY_ACTORS = (COMMUNITY_IMPACT_POOL, NETWORK, METHODOLOGY_AUTHOR, METHODOLOGY_DEVELOPER)
# The output order of roles (the credit-order ordering of the reference).
ROLE_ORDER = (
    WASTE_GENERATOR,
    HAULER,
    PROCESSOR,
    RECYCLER,
    COMMUNITY_IMPACT_POOL,
    INTEGRATOR,
    METHODOLOGY_AUTHOR,
    METHODOLOGY_DEVELOPER,
    NETWORK,
)
REQUIRED_MASS_ID_ACTORS = (RECYCLER, PROCESSOR, INTEGRATOR)

MIXED_ORGANIC = "Mixed Organic Waste"
SLUDGE = "Sludge from Waste Treatment"
TOBACCO = "Tobacco Industry Residues"

REWARDS_WASTE_TYPE = {
    "Domestic Sludge": SLUDGE,
    "EFB similar to Garden, Yard and Park Waste": MIXED_ORGANIC,
    "Food, Food Waste and Beverages": MIXED_ORGANIC,
    "Garden, Yard and Park Waste": MIXED_ORGANIC,
    "Industrial Sludge": SLUDGE,
    "Others (if organic)": MIXED_ORGANIC,
    "Tobacco": TOBACCO,
    "Wood and Wood Products": MIXED_ORGANIC,
}


def _shares(waste_generator: str, hauler: str, processor: str, recycler: str) -> dict[str, Decimal]:
    return {
        WASTE_GENERATOR: Decimal(waste_generator),
        HAULER: Decimal(hauler),
        PROCESSOR: Decimal(processor),
        RECYCLER: Decimal(recycler),
        INTEGRATOR: Decimal("0.08"),
        NETWORK: Decimal("0.20"),
        METHODOLOGY_AUTHOR: Decimal("0.01"),
        METHODOLOGY_DEVELOPER: Decimal("0.01"),
        COMMUNITY_IMPACT_POOL: Decimal(0),
    }


REWARDS_DISTRIBUTION: dict[str, dict[str, Decimal]] = {
    MIXED_ORGANIC: _shares("0.30", "0.10", "0.10", "0.20"),
    SLUDGE: _shares("0.25", "0.05", "0.10", "0.30"),
    TOBACCO: _shares("0.25", "0.05", "0.10", "0.30"),
}

LARGE_BUSINESS = "Large Business"
SMALL_BUSINESS = "Small Business"
PLACES = Decimal("0.0000000001")  # 10 decimal places
HALF = Decimal("0.5")
QUARTER = Decimal("0.25")
THREE_QUARTERS = Decimal("0.75")


class RewardsError(ValueError):
    """The inputs cannot be distributed (a required actor is missing, unknown subtype)."""


def round_down(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class RewardsParticipant:
    actor_type: str
    participant_id: str
    name: str
    address_id: str | None = None
    preserve_sensitive_data: bool | None = None


@dataclass(frozen=True, slots=True)
class RewardsInput:
    mass_id_document_id: str
    subtype: str | None
    mass_id_actors: Sequence[RewardsParticipant]
    methodology_actors: Sequence[RewardsParticipant]
    waste_origin_unidentified: bool
    business_size: str | None


@dataclass(frozen=True, slots=True)
class Reward:
    participant: RewardsParticipant
    share: Decimal  # a fraction of the certificate, 0..1, 10 decimal places

    @property
    def percentage(self) -> Decimal:
        """The share in percent (``massIDPercentage``)."""
        return self.share * 100

    def as_json(self) -> dict[str, object]:
        participant = self.participant
        return {
            "actorType": participant.actor_type,
            "participant": {"id": participant.participant_id, "name": participant.name},
            "address": {"id": participant.address_id},
            "massIDPercentage": format_decimal(self.percentage),
            "preserveSensitiveData": participant.preserve_sensitive_data,
        }


def format_decimal(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros (``"7.5"``, ``"30"``)."""
    text = format(value.normalize(), "f")
    return text


def _unique(actors: Sequence[RewardsParticipant]) -> dict[str, list[RewardsParticipant]]:
    by_role: dict[str, dict[str, RewardsParticipant]] = {}
    for actor in actors:
        by_role.setdefault(actor.actor_type, {}).setdefault(actor.participant_id, actor)
    return {role: [found[key] for key in sorted(found)] for role, found in by_role.items() if found}


def role_shares(data: RewardsInput) -> dict[str, Decimal]:
    """The share of each role present, after the hauler, discount and origin adjustments."""
    if data.subtype not in REWARDS_WASTE_TYPE:
        raise RewardsError(f"subtype {data.subtype!r} has no rewards waste type")
    base = REWARDS_DISTRIBUTION[REWARDS_WASTE_TYPE[data.subtype]]
    actors = _unique([a for a in data.mass_id_actors if a.actor_type in MASS_ID_ACTORS])
    missing = [role for role in REQUIRED_MASS_ID_ACTORS if role not in actors]
    if missing:
        raise RewardsError(f"the MassID has no {', '.join(missing)} actor")
    methodology = _unique(
        [a for a in data.methodology_actors if a.actor_type in METHODOLOGY_ACTORS]
    )
    missing = [role for role in METHODOLOGY_ACTORS if role not in methodology]
    if missing:
        raise RewardsError(f"the methodology definition has no {', '.join(missing)} actor")

    has_hauler = HAULER in actors
    identified = not data.waste_origin_unidentified or WASTE_GENERATOR in actors
    if identified and WASTE_GENERATOR not in actors:
        raise RewardsError(
            "the waste origin is not marked Unidentified but the MassID has no Waste Generator"
        )
    hauler_extra = base[HAULER] if not has_hauler else Decimal(0)
    full = base[WASTE_GENERATOR] + hauler_extra if identified else Decimal(0)
    discounted = data.business_size != SMALL_BUSINESS
    shares = dict(base)
    shares[WASTE_GENERATOR] = round_down(full * HALF) if discounted else full
    shares[COMMUNITY_IMPACT_POOL] = base[COMMUNITY_IMPACT_POOL] + (
        full - shares[WASTE_GENERATOR] if discounted else Decimal(0)
    )
    if not identified:
        moved = base[WASTE_GENERATOR] + hauler_extra
        moved += QUARTER * base[PROCESSOR] + QUARTER * base[RECYCLER]
        if has_hauler:
            moved += QUARTER * base[HAULER]
        shares[NETWORK] = round_down(base[NETWORK] + moved)
        for role in (HAULER, PROCESSOR, RECYCLER):
            shares[role] = round_down(base[role] * THREE_QUARTERS)
    present = set(actors) | set(methodology)
    return {role: shares[role] for role in ROLE_ORDER if role in present}


def distribute(data: RewardsInput) -> list[Reward]:
    """Each participant's reward, in role order; zero Community Impact Pool entries dropped."""
    shares = role_shares(data)
    people = _unique(list(data.mass_id_actors) + list(data.methodology_actors))
    rewards: list[Reward] = []
    for role, share in shares.items():
        if role == COMMUNITY_IMPACT_POOL and share == 0:
            continue
        members = people[role]
        each = round_down(share / len(members))
        remainder = share - each * len(members)
        for index, member in enumerate(members):
            rewards.append(Reward(member, each + remainder if index == 0 else each))
    return rewards


def rewards_content(data: RewardsInput, rewards: list[Reward]) -> dict[str, object]:
    """The ``Rule Result Details`` of the certificate's rewards-distribution event."""
    return {
        "massIDDocumentId": data.mass_id_document_id,
        "massIDRewards": [reward.as_json() for reward in rewards],
    }
