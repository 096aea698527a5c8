"""Prevented-emission factors of BOLD Carbon (methodology-reference.md §6.2), as exact decimals."""

from __future__ import annotations

from decimal import Decimal

from massid.methodologies.bold.vocabulary import OPEN_AIR_DUMP, WITH_FLARING, WITHOUT_FLARING

D = Decimal

# tCO2e prevented per tonne, by subtype and baseline (with flaring, without, open-air dump).
_STATIC = {
    "Domestic Sludge": ("0.066584", "0.22718", "0.155804"),
    "EFB similar to Garden, Yard and Park Waste": ("0.629488", "1.250643", "0.974574"),
    "Food, Food Waste and Beverages": ("0.459152", "0.940301", "0.726812"),
    "Garden, Yard and Park Waste": ("0.499788", "1.120943", "0.844874"),
    "Industrial Sludge": ("0.223611", "0.512684", "0.384207"),
    "Tobacco": ("0.459152", "0.940301", "0.726812"),
    "Wood and Wood Products": ("0.720371", "1.415883", "1.106767"),
}
_BASELINE_ORDER = (WITH_FLARING, WITHOUT_FLARING, OPEN_AIR_DUMP)

PREVENTED_EMISSIONS_PER_TON: dict[str, dict[str, Decimal]] = {
    subtype: {baseline: D(value) for baseline, value in zip(_BASELINE_ORDER, values, strict=True)}
    for subtype, values in _STATIC.items()
}

# Others (if organic): factor = max(0, round_half_down_6dp(slope × carbon fraction + intercept)).
OTHERS_IF_ORGANIC_FORMULA: dict[str, tuple[Decimal, Decimal]] = {
    WITH_FLARING: (D("3.795947"), D("-0.129701")),
    WITHOUT_FLARING: (D("6.901715"), D("-0.1297003")),
    OPEN_AIR_DUMP: (D("5.521373"), D("-0.1297013")),
}

# The methodology author's carbon fractions for some 8.7D codes (normalised code → fraction).
OTHERS_IF_ORGANIC_CARBON_FRACTION: dict[str, Decimal] = {
    "020106": D("0.15"),
    "160306": D("0.05"),
    "170506": D("0.05"),
    "190206": D("0.05"),
    "190814": D("0.09"),
}
