"""The participant-visibility table of privacy.md: one test per step, one per role default."""

from __future__ import annotations

from typing import Any

import pytest

from massid.domain.masking import decisions, public_view

SALT = b"test-salt-0123456789"


def party(key: str, kind: str = "COMPANY") -> dict[str, Any]:
    return {
        "id": key,
        "name": f"Name of {key}",
        "countryCode": "BR",
        "taxId": f"tax-{key}",
        "taxIdType": "CNPJ",
        "type": kind,
    }


def actor(key: str, role: str, preserve: bool | None = None, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "name": "ACTOR",
        "label": role,
        "isPublic": True,
        "participant": party(key, extra.pop("kind", "COMPANY")),
    }
    if preserve is not None:
        event["preserveSensitiveData"] = preserve
    event.update(extra)
    return event


def document(*events: dict[str, Any], primary: str = "owner") -> dict[str, Any]:
    return {"id": "d1", "primaryParticipant": party(primary), "externalEvents": list(events)}


def decision_of(doc: dict[str, Any], key: str = "p") -> tuple[bool, int]:
    found = decisions(doc)[key]
    return found.public, found.step


# Step 1: any ACTOR with preserveSensitiveData: true -> private, whatever else holds.
def test_step_1_preserve_sensitive_data_true_makes_private() -> None:
    doc = document(actor("p", "Recycler", True), actor("p", "Processor", False))
    assert decision_of(doc) == (False, 1)


def test_step_1_counts_private_actor_events_too() -> None:
    doc = document(actor("p", "Recycler"), actor("p", "Recycler", True, isPublic=False))
    assert decision_of(doc) == (False, 1)


# Step 2: the Waste Generator role -> private, even when it waives preservation.
def test_step_2_waste_generator_is_private() -> None:
    doc = document(actor("p", "Waste Generator", False), actor("p", "Recycler"))
    assert decision_of(doc) == (False, 2)


# Step 3: Hauler together with Recycler or Processor -> public.
@pytest.mark.parametrize("other", ["Recycler", "Processor"])
def test_step_3_hauler_that_recycles_or_processes_is_public(other: str) -> None:
    doc = document(actor("p", "Hauler"), actor("p", other, kind="PERSON"))
    assert decision_of(doc) == (True, 3)


# Step 4: an ACTOR with preserveSensitiveData: false -> public.
def test_step_4_preserve_sensitive_data_false_makes_public() -> None:
    doc = document(actor("p", "Hauler", False, kind="PERSON"))
    assert decision_of(doc) == (True, 4)


def test_missing_preserve_sensitive_data_does_not_mean_private() -> None:
    assert decision_of(document(actor("p", "Recycler"))) == (True, 5)


def test_preserve_sensitive_data_on_a_non_actor_event_is_not_read() -> None:
    pickup = {"name": "Pick-up", "isPublic": True, "participant": party("p")}
    pickup["preserveSensitiveData"] = True
    assert decision_of(document(actor("p", "Recycler"), pickup)) == (True, 5)


# Step 5: role defaults.
@pytest.mark.parametrize(
    ("role", "public", "step"),
    [
        ("Processor", True, 5),
        ("Recycler", True, 5),
        ("Integrator", True, 5),
        ("Network Integrator", True, 5),
        ("Waste Generator", False, 2),  # decided by step 2 before the defaults
        ("Hauler", False, 5),
        ("Bin Custodian", False, 5),
        ("Waste Manager", False, 5),
    ],
)
def test_step_5_role_default(role: str, public: bool, step: int) -> None:
    assert decision_of(document(actor("p", role))) == (public, step)


def test_step_5_roles_are_matched_whatever_their_case_and_spacing() -> None:
    assert decision_of(document(actor("p", "  bin   CUSTODIAN "))) == (False, 5)


def test_step_5_roles_that_disagree_are_private() -> None:
    doc = document(actor("p", "Recycler"), actor("p", "Bin Custodian"))
    assert decision_of(doc) == (False, 5)


def test_step_5_no_known_role_and_only_companies_is_public() -> None:
    doc = document(actor("p", "Sponsor"), {"name": "Pick-up", "participant": party("p")})
    assert decision_of(doc) == (True, 5)


def test_step_5_no_known_role_and_a_person_occurrence_is_private() -> None:
    pickup = {"name": "Pick-up", "isPublic": True, "participant": party("p", "PERSON")}
    doc = document(actor("p", "Sponsor"), pickup)
    assert decision_of(doc) == (False, 5)


def test_step_5_no_role_at_all_uses_the_primary_participant_type() -> None:
    assert decision_of(document(), "owner") == (True, 5)
    doc = document(primary="owner")
    doc["primaryParticipant"]["type"] = "PERSON"
    assert decision_of(doc, "owner") == (False, 5)


def test_private_participant_is_a_stable_salted_hash_with_roles_only() -> None:
    doc = document(actor("p", "Hauler"), actor("r", "Recycler"))
    view = public_view(doc, salt=SALT)
    hauler, recycler = (
        view["externalEvents"][0]["participant"],
        view["externalEvents"][1]["participant"],
    )
    assert set(hauler) == {"id", "roles"} and hauler["roles"] == ["Hauler"]
    assert hauler["id"] != "p" and len(hauler["id"]) == 32
    assert public_view(doc, salt=SALT)["externalEvents"][0]["participant"] == hauler
    assert (
        public_view(doc, salt=b"another-deployment")["externalEvents"][0]["participant"] != hauler
    )
    assert recycler == {
        "name": "Name of r",
        "countryCode": "BR",
        "type": "COMPANY",
        "roles": ["Recycler"],
    }


def test_public_roles_come_from_public_actor_events_only() -> None:
    doc = document(actor("p", "Recycler"), actor("p", "Processor", isPublic=False))
    view = public_view(doc, salt=SALT)
    assert view["participants"][1]["roles"] == ["Recycler"]
    assert decision_of(doc) == (True, 5)
