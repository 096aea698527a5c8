"""#6 regional-waste-classification: Ibama code, CDM code and description similarity."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from massid.methodologies.data.ibama import find_code, waste_codes
from massid.methodologies.text import dice, text_similarity
from tests.methodology_factories import set_attr
from tests.methodology_scenario import Scenario, check_rule

Mutation = Callable[[Scenario], None]
CODE = "Local Waste Classification ID"
DESCRIPTION = "Local Waste Classification Description"


def _pick_up(name: str, value: object) -> Mutation:
    return lambda s: set_attr(s.event("Pick-up"), name, value)


def _recycler_country(code: str) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.actor("Recycler")["address"]["countryCode"] = code

    return mutate


def _document(**fields: object) -> Mutation:
    return lambda s: s.massid["document"].update(fields)


CASES = [
    pytest.param(lambda s: None, "PASSED", ("20 01 08 matches CDM 8.3",), id="canonical"),
    pytest.param(_document(subtype=None), "PASSED", ("Rule not applicable",), id="no-subtype"),
    pytest.param(_recycler_country("PT"), "FAILED", ("only validated", "'PT'"), id="portugal"),
    pytest.param(
        lambda s: s.remove("ACTOR", "Recycler"), "FAILED", ("no Recycler",), id="no-recycler"
    ),
    pytest.param(_pick_up(CODE, None), "FAILED", (f"no {CODE}",), id="no-code"),
    pytest.param(_pick_up(DESCRIPTION, ""), "FAILED", (f"no {DESCRIPTION}",), id="no-desc"),
    pytest.param(_pick_up(CODE, "99 99 99"), "FAILED", ("not a code of the Ibama",), id="unknown"),
    pytest.param(_pick_up(CODE, "200108"), "PASSED", (), id="code-without-spaces"),
    pytest.param(_document(subtype="Tobacco"), "FAILED", ("has no CDM code",), id="tobacco"),
    pytest.param(
        _pick_up(CODE, "02 01 06"), "FAILED", ("CDM 8.7D", "is CDM 8.3"), id="cdm-mismatch"
    ),
    pytest.param(
        _pick_up(DESCRIPTION, "Resíduos de construção civil"),
        "FAILED",
        ("does not match", "< 0.85"),
        id="other-description",
    ),
    pytest.param(
        _pick_up(DESCRIPTION, "RESIDUOS BIODEGRADAVEIS DE COZINHA E CANTINAS!"),
        "PASSED",
        (),
        id="accents-case-punctuation",
    ),
]


@pytest.mark.parametrize(("mutate", "status", "words"), CASES)
async def test_regional_waste_classification(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "regional-waste-classification", status, words)


def test_the_ibama_table_ships_with_the_package() -> None:
    codes = waste_codes()
    assert len(codes) == 214
    counts: dict[str, int] = {}
    for code in codes.values():
        counts[code.cdm_code] = counts.get(code.cdm_code, 0) + 1
    assert counts == {
        "8.1": 8, "8.2": 8, "8.3": 11, "8.4": 5, "8.5": 1,
        "8.6": 47, "8.7B": 15, "8.7C": 26, "8.7D": 93,
    }  # fmt: skip
    found = find_code(" 02 01 06 ")
    assert found is not None and found.cdm_code == "8.7D"


def test_dice_coefficient() -> None:
    assert dice("healed", "sealed") == pytest.approx(0.8)
    assert dice("a", "a") == 1.0
    assert dice("a", "b") == 0.0
    assert dice("abc", "xyz") == 0.0
    assert text_similarity("Óleos e gorduras", "oleos e GORDURAS") == 1.0
