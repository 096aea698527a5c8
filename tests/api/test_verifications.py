"""Verification over HTTP on SQLite and PostgreSQL: accreditor, integrator, audits, errors."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
import sqlalchemy as sa

from massid.methodologies.engine import Rule, RuleContext, RuleResult
from massid.methodologies.registry import METHODOLOGIES
from massid.storage.sql.tables import documents, events
from tests.api.credit_helpers import failing, fix_verification_clock, seed_world, verify
from tests.api.helpers import append, error_of, get_document, submit
from tests.conftest import Api
from tests.factories import make_event
from tests.methodology_factories import make_accreditations, make_massid, set_attr


@pytest.fixture
async def world(api: Api) -> dict[str, Any]:
    """An accreditor's definitions and accreditations, and an integrator's headers."""
    return await seed_world(api)


def without_event_ids(value: Any) -> Any:
    """Rule outcomes without the event ids they cite (a preview's events have none yet)."""
    if isinstance(value, dict):
        return {k: without_event_ids(v) for k, v in value.items() if k != "eventId"}
    if isinstance(value, list):
        return [without_event_ids(item) for item in value]
    return value


async def _count(api: Api, table: sa.Table) -> int:
    async with api.container.database.read() as connection:
        return int(
            (await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()
        )


async def test_a_massid_passes_both_methodologies_and_one_change_fails_one_rule(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    recycling = await verify(api, headers, mass_id, "bold-recycling")
    assert recycling["status"] == "PASSED", failing(recycling)
    assert len(recycling["rules"]) == 19
    carbon = await verify(api, headers, mass_id, "bold-carbon")
    assert carbon["status"] == "PASSED", failing(carbon)
    assert [r["slug"] for r in carbon["rules"]][-1] == "prevented-emissions"
    assert carbon["rules"][-1]["content"]["preventedCo2e"] == "417.1944"
    assert carbon["rules"][-1]["content"]["gasType"] == "Methane (CH4)"
    assert carbon["evaluatedAt"] == "2026-05-01T12:00:00.000Z"
    assert (carbon["methodology"], carbon["methodologyVersion"]) == ("bold-carbon", "1.0.0")
    assert carbon["documentId"] == mass_id

    changed = make_massid()
    pick_up = next(e for e in changed["events"] if e["name"] == "Pick-up")
    set_attr(pick_up, "Vehicle License Plate", "12-345")
    other = await submit(api, headers, changed)
    result = await verify(api, headers, other, "bold-carbon")
    assert result["status"] == "FAILED"
    assert list(failing(result)) == ["vehicle-identification"]
    assert "not a valid Brazilian plate" in failing(result)["vehicle-identification"]


async def test_audits_are_stored_linked_and_listed_newest_first(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    first = await verify(api, headers, mass_id, "bold-recycling")
    second = await verify(api, headers, mass_id, "bold-carbon")
    listed = await api.http.get(f"/documents/{mass_id}/verifications", headers=headers)
    assert listed.status_code == 200
    for got, want in zip(listed.json(), [second, first], strict=True):
        for key in want:
            if key != "rules":
                assert got[key] == want[key], key
        for got_rule, want_rule in zip(got["rules"], want["rules"], strict=True):
            assert got_rule == want_rule

    document = await get_document(api, headers, mass_id)
    assert document["status"] == "CLOSED"
    links = [e for e in document["externalEvents"] if e["name"] == "RELATED"]
    assert [link["relatedDocument"]["documentId"] for link in links] == [
        first["auditDocumentId"],
        first["certificate"]["documentId"],
        second["auditDocumentId"],
        second["certificate"]["documentId"],
    ]
    assert links[0]["author"]["clientId"] == "massid-server"

    audit = await get_document(api, headers, second["auditDocumentId"])
    assert (audit["category"], audit["type"], audit["subtype"]) == (
        "Methodology",
        "MassID Audit",
        "Process",
    )
    assert audit["parentDocumentId"] == mass_id
    assert audit["status"] == "CLOSED"
    names = [e["name"] for e in audit["externalEvents"]]
    assert names.count("RULE EXECUTION") == 20
    assert names[-3:] == ["Result: MassID PASSED", "RELATED", "CLOSE"]
    related = {
        e["relatedDocument"]["documentId"]
        for e in audit["externalEvents"]
        if e["name"] == "RELATED"
    }
    assert mass_id in related
    assert second["certificate"]["documentId"] in related
    assert world["definitions"]["bold-carbon"] in related
    assert world["definitions"]["bold-recycling"] not in related
    assert set(world["accreditations"]) <= related


async def test_a_second_verification_conflicts_and_a_copy_is_a_duplicate(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    assert (await verify(api, headers, mass_id, "bold-carbon"))["status"] == "PASSED"
    again = await verify(api, headers, mass_id, "bold-carbon")
    assert list(failing(again)) == ["no-conflicting-gas-id-or-credit"]
    # Another methodology is not blocked by the first one's audit.
    assert (await verify(api, headers, mass_id, "bold-recycling"))["status"] == "PASSED"

    copy_id = await submit(api, headers, make_massid())
    duplicate = await verify(api, headers, copy_id, "bold-recycling")
    assert list(failing(duplicate)) == ["waste-mass-is-unique"]
    unique = next(r for r in duplicate["rules"] if r["slug"] == "waste-mass-is-unique")
    assert unique["content"] == {"duplicateCount": 1, "duplicateIds": [mass_id]}


async def test_another_integrators_duplicate_is_counted_but_not_named(
    api: Api, world: dict[str, Any]
) -> None:
    await submit(api, await api.headers(), make_massid())
    mine = await submit(api, world["integrator"], make_massid())
    result = await verify(api, world["integrator"], mine, "bold-recycling")
    unique = next(r for r in result["rules"] if r["slug"] == "waste-mass-is-unique")
    assert unique["status"] == "FAILED"
    assert unique["content"] == {"duplicateCount": 1, "duplicateIds": []}


async def test_accreditations_written_by_an_integrator_are_ignored(api: Api) -> None:
    fix_verification_clock(api)
    headers = await api.headers()
    for payload in make_accreditations().values():
        await submit(api, headers, payload)
    mass_id = await submit(api, headers, make_massid())
    result = await verify(api, headers, mass_id, "bold-recycling")
    rule = next(r for r in result["rules"] if r["slug"].startswith("participant-accreditations"))
    assert rule["status"] == "FAILED"
    assert "No participant accreditation" in rule["comment"]


async def test_server_events_ignore_the_event_cap(api: Api, world: dict[str, Any]) -> None:
    payload = make_massid()
    payload["events"] = [e for e in payload["events"] if e["name"] != "CLOSE"]
    api.container.events.max_events = len(payload["events"])
    mass_id = await submit(api, world["integrator"], payload)
    full = await append(api, world["integrator"], mass_id, make_event("Note", 24 * 200))
    assert error_of(full)["reason"] == "EVENT_LIMIT_REACHED"
    result = await verify(api, world["integrator"], mass_id, "bold-recycling")
    assert result["status"] == "PASSED", failing(result)
    document = await get_document(api, world["integrator"], mass_id)
    assert len(document["externalEvents"]) == len(payload["events"]) + 1


async def test_preview_gives_the_same_result_and_writes_nothing(
    api: Api, world: dict[str, Any]
) -> None:
    headers = world["integrator"]
    before = (await _count(api, documents), await _count(api, events))
    body = {"methodology": "bold-carbon", **make_massid()}
    response = await api.http.post("/verifications/preview", json=body, headers=headers)
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["status"] == "PASSED", failing(preview)
    assert preview["auditDocumentId"] is None and preview["documentId"] is None
    assert (await _count(api, documents), await _count(api, events)) == before

    mass_id = await submit(api, headers, make_massid())
    stored = await verify(api, headers, mass_id, "bold-carbon")
    assert without_event_ids(stored["rules"]) == without_event_ids(preview["rules"])
    # Now that the same load is stored, a preview of it is a duplicate.
    again = await api.http.post("/verifications/preview", json=body, headers=headers)
    assert list(failing(again.json())) == ["waste-mass-is-unique"]


async def test_preview_of_a_changed_attribute(api: Api, world: dict[str, Any]) -> None:
    body: dict[str, Any] = {"methodology": "bold-recycling", **make_massid()}
    sorting = next(e for e in body["events"] if e["name"] == "Sorting")
    set_attr(sorting, "Gross Weight", 980, "KILOGRAM")
    response = await api.http.post("/verifications/preview", json=body, headers=world["integrator"])
    result = response.json()
    assert list(failing(result)) == ["mass-id-sorting"]
    assert (
        "Sorting Gross Weight 980 kg does not match the previous event value 1000 kg"
        in (failing(result)["mass-id-sorting"])
    )


async def test_methodologies_are_listed_with_their_rules(api: Api) -> None:
    response = await api.http.get("/methodologies", headers=await api.headers())
    assert response.status_code == 200
    listed = {m["slug"]: m for m in response.json()}
    assert set(listed) == {"bold-recycling", "bold-carbon"}
    assert listed["bold-carbon"]["frameworkVersion"] == "1.0.2"
    assert listed["bold-recycling"]["rules"][0] == {
        "slug": "waste-mass-is-unique",
        "name": "Uniqueness Check",
        "category": "MassID",
    }
    assert len(listed["bold-carbon"]["rules"]) == 20
    assert (await api.http.get("/methodologies")).status_code == 401


async def test_bad_requests_are_clear_and_write_nothing(api: Api, world: dict[str, Any]) -> None:
    headers = world["integrator"]
    mass_id = await submit(api, headers, make_massid())
    before = await _count(api, events)
    url = f"/documents/{mass_id}/verifications"

    unknown = await api.http.post(url, json={"methodology": "bold-plastic"}, headers=headers)
    assert unknown.status_code == 400
    assert error_of(unknown)["code"] == "validationError"
    assert "/methodology" in error_of(unknown)["message"]
    assert "bold-carbon" in error_of(unknown)["message"]

    typo = await api.http.post(url, json={"methodolgy": "bold-carbon"}, headers=headers)
    assert typo.status_code == 400

    strict = await api.http.post(
        url, json={"methodology": "bold-carbon", "strict": "yes"}, headers=headers
    )
    assert strict.status_code == 400 and "/strict" in error_of(strict)["message"]

    not_mass_id = world["accreditations"][0]
    other = await api.http.post(
        f"/documents/{not_mass_id}/verifications",
        json={"methodology": "bold-carbon"},
        headers=world["accreditor"],
    )
    assert other.status_code == 400
    assert "not a MassID" in error_of(other)["message"]
    assert "/documentId" in error_of(other)["message"]

    stranger = await api.headers()
    for path in (url, "/documents/nope/verifications"):
        hidden = await api.http.post(path, json={"methodology": "bold-carbon"}, headers=stranger)
        assert hidden.status_code == 404
        assert error_of(hidden)["code"] == "objectNotFound"
        listed = await api.http.get(path, headers=stranger)
        assert listed.status_code == 404

    preview = await api.http.post(
        "/verifications/preview",
        json={"methodology": "bold-carbon", **make_accreditations()["Recycler"]},
        headers=headers,
    )
    assert preview.status_code == 400 and "/document/category" in error_of(preview)["message"]
    assert await _count(api, events) == before


async def test_an_auditor_may_verify_and_a_cancelled_massid_may_not(
    api: Api, world: dict[str, Any]
) -> None:
    payload = make_massid()
    payload["events"] = [e for e in payload["events"] if e["name"] != "CLOSE"]
    mass_id = await submit(api, world["integrator"], payload)
    auditor = await api.headers(role="auditor")
    response = await api.http.post(
        f"/documents/{mass_id}/verifications",
        json={"methodology": "bold-recycling"},
        headers=auditor,
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "PASSED"
    cancel = make_event("CANCEL", 24 * 100)
    assert (await append(api, world["integrator"], mass_id, cancel)).status_code == 201
    refused = await api.http.post(
        f"/documents/{mass_id}/verifications",
        json={"methodology": "bold-carbon"},
        headers=auditor,
    )
    assert refused.status_code == 409
    assert error_of(refused)["reason"] == "DOCUMENT_CANCELLED"


async def test_a_rule_that_raises_is_its_failure_not_a_500(
    api: Api, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_context: RuleContext) -> RuleResult:
        raise ZeroDivisionError("secret detail")

    carbon = METHODOLOGIES["bold-carbon"]
    patched = dataclasses.replace(
        carbon,
        rules=(*carbon.rules[:-1], Rule("prevented-emissions", "Prevented Emissions", broken)),
    )
    monkeypatch.setitem(METHODOLOGIES, "bold-carbon", patched)
    mass_id = await submit(api, world["integrator"], make_massid())
    result = await verify(api, world["integrator"], mass_id, "bold-carbon")
    assert result["status"] == "FAILED"
    assert list(failing(result)) == ["prevented-emissions"]
    assert "ZeroDivisionError" in failing(result)["prevented-emissions"]
    assert "secret detail" not in json.dumps(result)


async def test_other_massids_audits_do_not_conflict(api: Api, world: dict[str, Any]) -> None:
    # Audits link to the accreditations they read; those are shared by every MassID of the
    # same participants, and must not lead one MassID's check to another MassID's audits.
    headers = world["integrator"]
    first = await submit(api, headers, make_massid())
    assert (await verify(api, headers, first, "bold-carbon"))["status"] == "PASSED"
    changed = make_massid()
    set_attr(
        next(e for e in changed["events"] if e["name"] == "Pick-up"),
        "Vehicle License Plate",
        "XYZ1234",
    )
    second = await submit(api, headers, changed)
    assert (await verify(api, headers, second, "bold-recycling"))["status"] == "PASSED"
    result = await verify(api, headers, second, "bold-carbon")
    assert result["status"] == "PASSED", failing(result)


async def test_a_retry_with_the_same_idempotency_key_stores_one_audit(
    api: Api, world: dict[str, Any]
) -> None:
    headers = {**world["integrator"], "Idempotency-Key": "verify-1"}
    mass_id = await submit(api, world["integrator"], make_massid())
    url = f"/documents/{mass_id}/verifications"
    first = await api.http.post(url, json={"methodology": "bold-carbon"}, headers=headers)
    retry = await api.http.post(url, json={"methodology": "bold-carbon"}, headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert first.json()["status"] == "PASSED"
    listed = await api.http.get(url, headers=world["integrator"])
    assert len(listed.json()) == 1
    other = await api.http.post(url, json={"methodology": "bold-recycling"}, headers=headers)
    assert other.status_code == 409
    assert error_of(other)["reason"] == "DEDUPLICATION_MISMATCH"
