"""Masking single values and coarsening addresses (privacy.md)."""

from __future__ import annotations

import pytest

from massid.domain.masking import coarsen_address, mask_text, masked_value


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("ABC-1D23", "AB*-***3"),  # the example of privacy.md
        ("ABC1D23", "AB****3"),
        ("ABCD", "AB*D"),
        ("12.345.678/0001-90", "12.***.***/****-*0"),
        ("João da Silva", "Jo** ** ****a"),
        ("AB-", "**-"),  # three characters or fewer: every letter and digit starred
        ("abc", "***"),
        ("", ""),
    ],
)
def test_mask_keeps_first_two_and_last_and_separators(value: str, masked: str) -> None:
    assert mask_text(value) == masked


@pytest.mark.parametrize(
    ("value", "value_format"),
    [
        (42, None),
        (1.5, "KILOGRAM"),
        (True, None),
        ("2026-01-10", None),
        ("2026-01-10T10:00:00Z", None),
        ("10/01/2026", "DATE"),
        ({"documentId": "x"}, None),
        (["a", "b"], None),
        (None, None),
    ],
)
def test_sensitive_numbers_dates_and_structures_are_hidden(
    value: object, value_format: str | None
) -> None:
    assert masked_value(value, value_format) == (False, None)


def test_sensitive_text_is_masked() -> None:
    assert masked_value("ABC-1D23", None) == (True, "AB*-***3")


def test_address_is_coarsened_to_city_state_country_and_tenth_of_degree() -> None:
    address = {
        "id": "a1",
        "name": "Depot",
        "street": "Rua das Flores",
        "number": "100",
        "complement": "Fundos",
        "neighborhood": "Centro",
        "city": "São Paulo",
        "countryState": "SP",
        "countryCode": "BR",
        "zipCode": "01000-000",
        "latitude": -23.5517,
        "longitude": -46.6333,
    }
    assert coarsen_address(address) == {
        "city": "São Paulo",
        "countryState": "SP",
        "countryCode": "BR",
        "latitude": -23.6,
        "longitude": -46.6,
    }


def test_coordinates_round_half_to_even_without_float_noise() -> None:
    coarse = coarsen_address({"latitude": -22.95, "longitude": 0.05})
    assert coarse == {"latitude": -23.0, "longitude": 0.0}
    assert coarsen_address(None) is None
    assert coarsen_address({"latitude": "x", "longitude": True}) == {}
