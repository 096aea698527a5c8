"""Participant and address identity; ACTOR permission folding; ids and time formats."""

from __future__ import annotations

from datetime import UTC, datetime

from massid.domain.access import grant_from_permissions
from massid.domain.clock import format_ts, parse_ts
from massid.domain.commands import AddressIn, PermissionIn
from massid.domain.identity import address_key, participant_key
from massid.domain.ids import is_uuid, new_event_id, uuid7


def test_participant_key_ignores_punctuation_and_case() -> None:
    assert participant_key("br", "cnpj", "12.345.678/0001-90") == participant_key(
        "BR", "CNPJ", "12345678000190"
    )
    assert participant_key("BR", "CPF", "1") != participant_key("BR", "CNPJ", "1")


def _address(**overrides: object) -> AddressIn:
    values: dict[str, object] = {
        "street": "Rua A",
        "number": "1",
        "neighborhood": "C",
        "city": "X",
        "countryState": "SP",
        "countryCode": "BR",
        "zipCode": "1",
        "latitude": 1.0,
        "longitude": 2.0,
    }
    values.update(overrides)
    return AddressIn.model_validate(values)


def test_address_key_trims_and_casefolds_but_keeps_coordinates() -> None:
    assert address_key(_address()) == address_key(_address(street="  rua a "))
    assert address_key(_address()) != address_key(_address(latitude=1.5))
    assert address_key(_address()) != address_key(_address(number="2"))


def test_grants() -> None:
    def grant(*items: dict[str, object]) -> tuple[bool, bool]:
        result = grant_from_permissions([PermissionIn.model_validate(i) for i in items])
        return result.can_read, result.can_write

    assert grant({"effect": "ALLOW", "actions": ["READ"]}) == (True, False)
    assert grant({"effect": "ALLOW", "actions": ["WRITE"]}) == (True, True)
    assert grant(
        {"effect": "ALLOW", "actions": ["READ", "WRITE"]}, {"effect": "DENY", "actions": ["WRITE"]}
    ) == (True, False)
    assert grant(
        {"effect": "ALLOW", "actions": ["READ", "WRITE"]}, {"effect": "DENY", "actions": ["READ"]}
    ) == (False, False)
    assert grant({"effect": "ALLOW", "actions": ["READ"], "condition": {"x": 1}}) == (False, False)
    assert grant() == (False, False)


def test_ids() -> None:
    first, second = uuid7(), uuid7()
    assert is_uuid(first) and first[14] == "7"
    assert first <= second
    assert len(new_event_id()) == 21
    assert not is_uuid(first.upper())


def test_time_format_round_trip() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 123000, tzinfo=UTC)
    assert format_ts(moment) == "2026-01-02T03:04:05.123Z"
    precise = moment.replace(microsecond=123456)
    assert format_ts(precise) == "2026-01-02T03:04:05.123456Z"
    assert parse_ts(format_ts(precise)) == precise
