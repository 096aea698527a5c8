"""The certificate a passing verification issues (reference §6.1–§6.3): value, credits, rewards.

Pure: from the evaluated graph, :func:`plan_certificate` returns what the server writes as
the RecycledID (value = the MassID's certified kg) or GasID (value = prevented kg CO₂e from
``prevented-emissions``), or raises :class:`NotIssued` saying plainly why there is none.
One credit is one tonne: credits = value / 1000, to 6 decimal places, rounded down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from massid.domain.timeline import decimal_to_json
from massid.methodologies.bold.accreditation import accreditation_for
from massid.methodologies.bold.helpers import actor_id, number, text
from massid.methodologies.bold.vocabulary import (
    ACTOR,
    BUSINESS_SIZE,
    CLOSE,
    GAS_ID,
    MASS_ID_ROLES,
    METHODOLOGY_ROLES,
    ONBOARDING,
    RECYCLED,
    RECYCLED_ID,
    RECYCLER,
    UNIDENTIFIED,
    WASTE_GENERATOR,
    WASTE_ORIGIN,
)
from massid.methodologies.engine import PASSED, Evaluation, Methodology
from massid.methodologies.graph import Event, Graph
from massid.methodologies.rewards import (
    Reward,
    RewardsError,
    RewardsInput,
    RewardsParticipant,
    distribute,
    format_decimal,
    rewards_content,
)

UNITS = {RECYCLED_ID: "kg", GAS_ID: "kg CO2e"}
CREDIT_SYMBOLS = {RECYCLED_ID: "C-BIOW", GAS_ID: "C-CARB.CH4"}
KG_PER_CREDIT = Decimal(1000)
CREDIT_PLACES = Decimal("0.000001")
CLOSED = "CLOSED"

# Why a verification issued no certificate (``certificateNotIssued.reason``).
NOT_PASSED = "VERIFICATION_NOT_PASSED"
MASS_ID_NOT_CLOSED = "MASSID_NOT_CLOSED"
NOTHING_TO_CERTIFY = "NOTHING_TO_CERTIFY"
REWARDS_NOT_COMPUTABLE = "REWARDS_NOT_COMPUTABLE"
PREVIEW = "PREVIEW"


class NotIssued(Exception):
    """No certificate: a machine-readable reason and a sentence for the integrator."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def as_json(self) -> dict[str, str]:
        return {"reason": self.reason, "message": self.message}


def credits_of(value: Decimal) -> Decimal:
    """Credits of a certificate value (kg or kg CO₂e): value / 1000, 6 dp, rounded down."""
    return (value / KG_PER_CREDIT).quantize(CREDIT_PLACES, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class CertificatePlan:
    """Everything the server writes for one certificate."""

    type: str
    methodology: str
    value: Decimal
    credits: Decimal
    mass_kg: Decimal
    co2e_kg: Decimal
    recycler_id: str
    recycled_at: datetime | None
    rewards: list[Reward]
    rewards_content: dict[str, object]

    @property
    def unit(self) -> str:
        return UNITS[self.type]

    @property
    def symbol(self) -> str:
        return CREDIT_SYMBOLS[self.type]

    def as_json(self, document_id: str) -> dict[str, Any]:
        """The ``certificate`` entry of the verification result (verification.md)."""
        return {
            "documentId": document_id,
            "type": self.type,
            "value": decimal_to_json(self.value),
            "measurementUnit": self.unit,
            "credits": format_decimal(self.credits),
            "creditSymbol": self.symbol,
            "status": "OPEN",
            "rewards": [
                {
                    "actorType": reward.participant.actor_type,
                    "participantId": reward.participant.participant_id,
                    "percentage": format_decimal(reward.percentage),
                }
                for reward in self.rewards
            ],
        }


def _participant(event: Event) -> RewardsParticipant:
    return RewardsParticipant(
        actor_type=str(event.label),
        participant_id=event.participant_id,
        name=event.participant_name,
        address_id=event.address.id if event.address else None,
        preserve_sensitive_data=event.preserve_sensitive_data,
    )


def business_size(graph: Graph, now: datetime) -> str | None:
    """The Waste Generator accreditation's ``Onboarding Declaration → Business Size``."""
    generator = actor_id(graph.mass_id, WASTE_GENERATOR)
    accreditation = accreditation_for(graph, generator, WASTE_GENERATOR, now)
    declaration = accreditation.first(ONBOARDING) if accreditation else None
    size = text(declaration.attr(BUSINESS_SIZE)) if declaration else ""
    return size or None


def rewards_input(graph: Graph, now: datetime) -> RewardsInput:
    """The inputs of the certificate's rewards distribution, read from the graph."""
    mass_id = graph.mass_id
    if graph.definition is None:
        raise RewardsError("there is no methodology definition (with its participants)")
    return RewardsInput(
        mass_id_document_id=mass_id.id,
        subtype=mass_id.subtype,
        mass_id_actors=[_participant(e) for e in mass_id.named(ACTOR) if e.label in MASS_ID_ROLES],
        methodology_actors=[
            _participant(e) for e in graph.definition.named(ACTOR) if e.label in METHODOLOGY_ROLES
        ],
        waste_origin_unidentified=any(
            text(event.attr(WASTE_ORIGIN)) == UNIDENTIFIED for event in mass_id.events
        ),
        business_size=business_size(graph, now),
    )


def _value(methodology: Methodology, graph: Graph, evaluation: Evaluation) -> Decimal:
    if methodology.certificate_type == RECYCLED_ID:
        return graph.mass_id.current_value
    prevented = evaluation.rule("prevented-emissions").content.get("preventedCo2e")
    value = number(prevented)
    if value is None:
        raise NotIssued(NOTHING_TO_CERTIFY, "prevented-emissions gave no prevented CO₂e")
    return value


def plan_certificate(
    methodology: Methodology, graph: Graph, evaluation: Evaluation, now: datetime
) -> CertificatePlan:
    """The certificate of a PASSED verification of a CLOSED MassID, or :class:`NotIssued`."""
    mass_id = graph.mass_id
    if evaluation.status != PASSED:
        raise NotIssued(
            NOT_PASSED, f"the verification is {evaluation.status}; only a PASSED one certifies"
        )
    if mass_id.status != CLOSED:
        raise NotIssued(
            MASS_ID_NOT_CLOSED,
            f"the MassID is {mass_id.status}: append its {CLOSE} event, then verify again to "
            f"receive the {methodology.certificate_type}",
        )
    value = _value(methodology, graph, evaluation)
    if value <= 0:
        raise NotIssued(
            NOTHING_TO_CERTIFY,
            f"the {methodology.certificate_type} value is {format_decimal(value)}: "
            "there is nothing to certify",
        )
    try:
        data = rewards_input(graph, now)
        rewards = distribute(data)
    except RewardsError as error:
        raise NotIssued(
            REWARDS_NOT_COMPUTABLE, f"the rewards cannot be distributed: {error}"
        ) from None
    recycled = mass_id.first(RECYCLED)
    is_gas = methodology.certificate_type == GAS_ID
    return CertificatePlan(
        type=methodology.certificate_type,
        methodology=methodology.slug,
        value=value,
        credits=credits_of(value),
        mass_kg=mass_id.current_value,
        co2e_kg=value if is_gas else Decimal(0),
        recycler_id=str(actor_id(mass_id, RECYCLER)),
        recycled_at=recycled.at if recycled else None,
        rewards=rewards,
        rewards_content=rewards_content(data, rewards),
    )
