"""The 214 Brazilian (Ibama) waste codes with their CDM TOOL04 code (package data, read once)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class WasteCode:
    code: str
    cdm_code: str
    description: str


def normalise_code(code: str) -> str:
    """A code with every whitespace removed: ``02 01 06`` and ``020106`` are the same code."""
    return "".join(code.split())


@cache
def waste_codes() -> dict[str, WasteCode]:
    """Every Ibama code, keyed by its normalised form."""
    text = resources.files(__package__).joinpath("ibama-waste-codes.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {
        normalise_code(row["code"]): WasteCode(row["code"], row["cdm_code"], row["description_pt"])
        for row in rows
    }


def find_code(code: str) -> WasteCode | None:
    return waste_codes().get(normalise_code(code))
