"""#6 ``regional-waste-classification``: the Pick-up's Ibama code matches the subtype's CDM code."""

from __future__ import annotations

from massid.methodologies.bold.helpers import actor_event, text
from massid.methodologies.bold.vocabulary import (
    BRAZIL,
    LOCAL_CODE,
    LOCAL_DESCRIPTION,
    PICK_UP,
    RECYCLER,
    SUBTYPE_CDM_CODES,
)
from massid.methodologies.data.ibama import find_code
from massid.methodologies.engine import RuleContext, RuleResult, failed, not_applicable, passed
from massid.methodologies.text import text_similarity

DESCRIPTION_SIMILARITY = 0.85


def regional_waste_classification(context: RuleContext) -> RuleResult:
    """Code and description from the Ibama list, matching the subtype's CDM code (Brazil)."""
    mass_id = context.graph.mass_id
    if not mass_id.subtype:
        return not_applicable()
    pick_up = mass_id.first(PICK_UP)
    code = text(pick_up.attr(LOCAL_CODE)) if pick_up else ""
    description = text(pick_up.attr(LOCAL_DESCRIPTION)) if pick_up else ""
    recycler = actor_event(mass_id, RECYCLER)
    country = recycler.address.country_code if recycler and recycler.address else None
    content: dict[str, object] = {
        "subtype": mass_id.subtype,
        "localCode": code or None,
        "localDescription": description or None,
        "recyclerCountry": country,
    }
    if country != BRAZIL:
        where = f"country '{country}'" if country else "no Recycler ACTOR address"
        return failed(
            f"Local waste classification is only validated for recyclers in Brazil ({where})",
            **content,
        )
    absent = [
        name for name, value in ((LOCAL_CODE, code), (LOCAL_DESCRIPTION, description)) if not value
    ]
    if absent:
        return failed(f"The Pick-up has no {' and no '.join(absent)}", **content)
    found = find_code(code)
    if found is None:
        return failed(f"'{code}' is not a code of the Ibama waste list", **content)
    expected = SUBTYPE_CDM_CODES.get(mass_id.subtype)
    content["cdmCode"] = found.cdm_code
    if expected is None:
        return failed(f"Subtype '{mass_id.subtype}' has no CDM code to compare with", **content)
    if found.cdm_code != expected:
        return failed(
            f"Ibama code {found.code} is CDM {found.cdm_code}, but subtype "
            f"'{mass_id.subtype}' is CDM {expected}",
            **content,
        )
    similarity = text_similarity(description, found.description)
    content["descriptionSimilarity"] = f"{similarity:.4f}"
    if similarity < DESCRIPTION_SIMILARITY:
        return failed(
            f"The description does not match Ibama code {found.code} "
            f"('{found.description}'): similarity {similarity:.2f} < {DESCRIPTION_SIMILARITY}",
            **content,
        )
    return passed(f"Ibama code {found.code} matches CDM {expected} and its description", **content)
