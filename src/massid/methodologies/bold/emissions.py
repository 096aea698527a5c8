"""#20 ``prevented-emissions`` (BOLD Carbon only, reference §6.2): ``max(0, W·B − W·E)``."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_DOWN, Decimal
from typing import Any

from massid.methodologies.bold.accreditation import (
    accreditations_of,
    metrics_event,
    recycler_accreditation,
)
from massid.methodologies.bold.helpers import actor_id, number, parse_datetime, plain, text
from massid.methodologies.bold.vocabulary import (
    BASELINE_TYPES,
    BASELINES,
    CARBON_ANALYSIS_DATE,
    CARBON_CHARACTERIZATION,
    CARBON_FRACTION,
    EXCEEDING_COEFFICIENT,
    GHG_TYPE,
    LOCAL_CODE,
    MOISTURE_FRACTION,
    ORGANIC_SUBTYPES,
    OTHERS_IF_ORGANIC,
    PICK_UP,
    WASTE_GENERATOR,
)
from massid.methodologies.data.factors import (
    OTHERS_IF_ORGANIC_CARBON_FRACTION,
    OTHERS_IF_ORGANIC_FORMULA,
    PREVENTED_EMISSIONS_PER_TON,
)
from massid.methodologies.data.ibama import find_code, normalise_code
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed
from massid.methodologies.graph import Graph

FRACTION = re.compile(r"^(0|1|0\.\d+|1\.0+)$")
SIX_PLACES = Decimal("0.000001")
CHARACTERIZATION_VALID_YEARS = 2


def prevented_co2e(weight_kg: Decimal, factor: Decimal, exceeding: Decimal) -> Decimal:
    """Prevented kg CO₂e: per-tonne factors applied to kilograms, never below zero."""
    return max(Decimal(0), weight_kg * factor - weight_kg * exceeding)


def others_if_organic_factor(baseline: str, carbon_fraction: Decimal) -> Decimal:
    """The dynamic factor of ``Others (if organic)``: slope × fraction + intercept, 6 dp."""
    slope, intercept = OTHERS_IF_ORGANIC_FORMULA[baseline]
    factor = (slope * carbon_fraction + intercept).quantize(SIX_PLACES, rounding=ROUND_HALF_DOWN)
    return max(Decimal(0), factor)


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _fraction(value: Any) -> Decimal | None:
    raw = text(value)
    return Decimal(raw) if FRACTION.match(raw) else None


def _generator_fraction(graph: Graph, code: str, picked_up: datetime) -> tuple[Decimal | None, str]:
    """The newest valid characterization of ``code`` by the Waste Generator, or why none."""
    wg = actor_id(graph.mass_id, WASTE_GENERATOR)
    candidates: list[tuple[datetime, Decimal]] = []
    for accreditation in accreditations_of(graph, wg, WASTE_GENERATOR):
        for event in accreditation.named(CARBON_CHARACTERIZATION):
            if normalise_code(text(event.attr(LOCAL_CODE))) != code:
                continue
            fraction = _fraction(event.attr(CARBON_FRACTION))
            analysed = parse_datetime(event.attr(CARBON_ANALYSIS_DATE))
            if fraction is None or _fraction(event.attr(MOISTURE_FRACTION)) is None or not analysed:
                continue
            candidates.append((analysed, fraction))
    if not candidates:
        return None, "missing"
    analysed, fraction = max(candidates, key=lambda item: item[0])
    if picked_up.date() > _add_years(analysed, CHARACTERIZATION_VALID_YEARS).date():
        return None, "expired"
    return fraction, "waste generator characterization"


def _others_factor(
    context: RuleContext, baseline: str
) -> tuple[Decimal | None, dict[str, Any], str]:
    graph = context.graph
    pick_up = graph.mass_id.first(PICK_UP)
    raw_code = text(pick_up.attr(LOCAL_CODE)) if pick_up else ""
    found = find_code(raw_code) if raw_code else None
    audit: dict[str, Any] = {"localCode": raw_code or None}
    if found is None:
        return None, audit, f"'{raw_code or '(none)'}' is not a known Ibama code"
    if found.cdm_code != "8.7D":
        return None, audit, f"Ibama code {found.code} is CDM {found.cdm_code}, not 8.7D"
    code = normalise_code(found.code)
    fraction = OTHERS_IF_ORGANIC_CARBON_FRACTION.get(code)
    source = "methodology author table"
    if fraction is None:
        picked_up = pick_up.at if pick_up else graph.mass_id.external_created_at
        fraction, source = _generator_fraction(graph, code, picked_up)
    audit["carbonFractionSource"] = source
    if fraction is None:
        if source == "expired":
            return None, audit, f"the carbon characterization of {found.code} is over 2 years old"
        return None, audit, f"no valid carbon characterization of {found.code}"
    factor = others_if_organic_factor(baseline, fraction)
    audit.update(carbonFraction=plain(fraction), factor=plain(factor))
    return factor, audit, ""


def _baseline(raw: Any, subtype: str) -> tuple[str | None, str]:
    if not isinstance(raw, dict) or any(
        key not in ORGANIC_SUBTYPES or value not in BASELINE_TYPES for key, value in raw.items()
    ):
        return None, f"the Recycler's {BASELINES} are not valid subtype → baseline pairs"
    if subtype not in raw:
        return None, f"the Recycler's {BASELINES} have no entry for '{subtype}'"
    return str(raw[subtype]), ""


def prevented_emissions(context: RuleContext) -> RuleResult:
    """Prevented kg CO₂e from the subtype, the recycler's baseline and its project emissions."""
    graph = context.graph
    mass_id = graph.mass_id
    subtype = mass_id.subtype or ""
    if subtype not in ORGANIC_SUBTYPES:
        return failed(f"Subtype '{subtype}' has no prevented-emission factor")
    accreditation = recycler_accreditation(graph, context.now)
    if accreditation is None:
        return failed("No Recycler accreditation: the baseline is unknown")
    year = mass_id.external_created_at.year - 1
    metrics = metrics_event(accreditation, year)
    if metrics is None:
        return failed(
            f"The Recycler's accreditation has no Emissions & Composting Metrics for {year}"
        )
    gas = text(metrics.attr(GHG_TYPE))
    if not gas:
        return failed(f"The Recycler's metrics for {year} have no {GHG_TYPE}")
    baseline, problem = _baseline(metrics.attr(BASELINES), subtype)
    if baseline is None:
        return failed(problem)
    exceeding = number(metrics.attr(EXCEEDING_COEFFICIENT))
    if exceeding is None or exceeding < 0:
        return failed(f"The Recycler's {EXCEEDING_COEFFICIENT} must be a number ≥ 0")
    content: dict[str, Any] = {"gasType": gas}
    if subtype == OTHERS_IF_ORGANIC:
        factor, audit, problem = _others_factor(context, baseline)
        content["othersIfOrganicAudit"] = audit
        if factor is None:
            if audit.get("carbonFractionSource") in ("missing", "expired"):
                return context.review_or_fail(
                    f"Awaiting a carbon characterization (laudo): {problem}", **content
                )
            return failed(f"Others (if organic): {problem}", **content)
    else:
        factor = PREVENTED_EMISSIONS_PER_TON[subtype][baseline]
    weight = mass_id.current_value
    prevented = prevented_co2e(weight, factor, exceeding)
    content["preventedCo2e"] = plain(prevented)
    content["ruleSubject"] = {
        "formula": "W * B - W * E",
        "wasteWeightKg": plain(weight),
        "subtype": subtype,
        "baseline": baseline,
        "preventedEmissionsPerTon": plain(factor),
        "exceedingEmissionCoefficient": plain(exceeding),
    }
    return passed(
        f"{plain(weight)} kg × {plain(factor)} − {plain(weight)} kg × {plain(exceeding)} = "
        f"{plain(prevented)} kg CO₂e prevented",
        **content,
    )
