"""The complete JSON example of docs/methodologies.md passes both methodologies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.methodology_factories import make_accreditations, make_massid
from tests.methodology_scenario import Scenario

DOC = Path(__file__).resolve().parents[3] / "docs" / "methodologies.md"


def example(name: str) -> Any:
    text = DOC.read_text()
    block = text.split(f"<!-- example:{name} -->", 1)[1].split("```json", 1)[1]
    return json.loads(block.split("```", 1)[0])


@pytest.mark.parametrize("methodology", ["bold-recycling", "bold-carbon"])
async def test_the_documented_massid_passes(methodology: str) -> None:
    accreditations = make_accreditations()
    accreditations["Recycler"] = example("recycler-accreditation")
    scenario = Scenario(massid=example("massid"), accreditations=accreditations)
    evaluation = await scenario.evaluate(methodology)
    assert evaluation.status == "PASSED", [r for r in evaluation.rules if r.status != "PASSED"]


def test_the_documented_example_is_the_factorys() -> None:
    assert example("massid") == make_massid()
    assert example("recycler-accreditation") == make_accreditations()["Recycler"]
