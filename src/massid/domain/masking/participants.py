"""Participant visibility: one decision per participant per document (privacy.md).

Every occurrence of a participant on a document is gathered — the primary participant, every
event's participant and every ACTOR, public or private — and the first matching step decides:

1. an ACTOR for it has ``preserveSensitiveData: true``                → private
2. it holds the ``Waste Generator`` role                               → private
3. it holds ``Hauler`` together with ``Recycler`` or ``Processor``     → public
4. an ACTOR for it has ``preserveSensitiveData: false``               → public
5. role defaults (roles that disagree → private); with no known role, public only when every
   occurrence has ``type: COMPANY``.

A private participant is shown as a stable hash of its id, salted per deployment.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ACTOR = "ACTOR"
WASTE_GENERATOR = "waste generator"
HAULER = "hauler"
RECYCLER = "recycler"
PROCESSOR = "processor"
PUBLIC_BY_DEFAULT = frozenset({PROCESSOR, RECYCLER, "integrator", "network integrator"})
PRIVATE_BY_DEFAULT = frozenset({WASTE_GENERATOR, HAULER, "bin custodian", "waste manager"})
COMPANY = "COMPANY"


def role_key(label: str) -> str:
    """Roles compare trimmed, case-folded, with inner whitespace collapsed."""
    return " ".join(label.split()).casefold()


@dataclass(slots=True)
class Occurrences:
    """Everything the decision needs about one participant on one document."""

    roles: set[str] = field(default_factory=set)
    preserve_flags: list[bool] = field(default_factory=list)
    types: list[Any] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Decision:
    public: bool
    step: int
    reason: str


def decide(occurrences: Occurrences) -> Decision:
    """The first matching step of the five decides whether the participant is public."""
    roles = occurrences.roles
    if True in occurrences.preserve_flags:
        return Decision(False, 1, "an ACTOR asks to preserve its sensitive data")
    if WASTE_GENERATOR in roles:
        return Decision(False, 2, "waste generators are private")
    if HAULER in roles and (RECYCLER in roles or PROCESSOR in roles):
        return Decision(True, 3, "a hauler that is also its recycler or processor is public")
    if False in occurrences.preserve_flags:
        return Decision(True, 4, "an ACTOR waives preserving its sensitive data")
    known = {role for role in roles if role in PUBLIC_BY_DEFAULT | PRIVATE_BY_DEFAULT}
    if known:
        public = known <= PUBLIC_BY_DEFAULT
        reason = "its roles are public by default" if public else "a role is private by default"
        return Decision(public, 5, reason)
    companies = bool(occurrences.types) and all(
        isinstance(kind, str) and kind.upper() == COMPANY for kind in occurrences.types
    )
    reason = "no known role; a company" if companies else "no known role; not only a company"
    return Decision(companies, 5, reason)


def participant_id(participant: Any) -> str | None:
    if isinstance(participant, Mapping) and isinstance(participant.get("id"), str):
        return str(participant["id"])
    return None


def gather(document: Mapping[str, Any]) -> dict[str, Occurrences]:
    """Every occurrence of every participant on the document, keyed by participant id."""
    found: dict[str, Occurrences] = {}

    def seen(participant: Any) -> Occurrences | None:
        key = participant_id(participant)
        if key is None:
            return None
        entry = found.setdefault(key, Occurrences())
        entry.types.append(participant.get("type"))
        return entry

    seen(document.get("primaryParticipant"))
    for event in _events(document):
        entry = seen(event.get("participant"))
        if entry is None or event.get("name") != ACTOR:
            continue
        if isinstance(event.get("label"), str):
            entry.roles.add(role_key(event["label"]))
        if isinstance(event.get("preserveSensitiveData"), bool):
            entry.preserve_flags.append(event["preserveSensitiveData"])
    return found


def decisions(document: Mapping[str, Any]) -> dict[str, Decision]:
    """The visibility decision of every participant on the document."""
    return {key: decide(entry) for key, entry in gather(document).items()}


def public_roles(document: Mapping[str, Any]) -> dict[str, list[str]]:
    """Roles shown to the public: labels of public ACTOR events only, in order, deduplicated."""
    roles: dict[str, list[str]] = {}
    for event in _events(document):
        key = participant_id(event.get("participant"))
        label = event.get("label")
        if event.get("name") != ACTOR or event.get("isPublic") is not True or key is None:
            continue
        if isinstance(label, str) and label not in roles.setdefault(key, []):
            roles[key].append(label)
    return roles


def anonymous_id(salt: bytes, participant: str) -> str:
    """The stable public stand-in for a private participant's id (HMAC-SHA256, 128 bits)."""
    return hmac.new(salt, participant.encode(), hashlib.sha256).hexdigest()[:32]


def _events(document: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    events = document.get("externalEvents")
    if not isinstance(events, list):
        return []
    return [event for event in events if isinstance(event, Mapping)]
