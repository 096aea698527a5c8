"""#12 ``transport-manifest-data`` and #19 ``recycling-manifest-data`` (one parameterised check).

The optional OCR cross-validation of the reference (Textract layouts) is not run: it is
skipped there too when no attachment extractor is configured.
"""

from __future__ import annotations

from massid.methodologies.bold.helpers import actor_event, text
from massid.methodologies.bold.vocabulary import (
    BRAZIL,
    CDF,
    DATE,
    DOCUMENT_NUMBER,
    DOCUMENT_TYPE,
    EXEMPTION_JUSTIFICATION,
    ISSUE_DATE,
    MTR,
    RECYCLER,
    RECYCLING_MANIFEST,
    TRANSPORT_MANIFEST,
)
from massid.methodologies.engine import RuleContext, RuleResult, failed, passed
from massid.methodologies.graph import Event

EXPECTED_TYPE = {TRANSPORT_MANIFEST: MTR, RECYCLING_MANIFEST: CDF}


def _problems(event: Event, manifest: str, recycler: Event) -> tuple[list[str], bool]:
    """What is wrong with one manifest event, and whether it passed by exemption."""
    if manifest == RECYCLING_MANIFEST:
        event_address = event.address.id if event.address else None
        recycler_address = recycler.address.id if recycler.address else None
        if event_address != recycler_address:
            return [f"the {manifest} address is not the Recycler's address"], False
    labels = event.attachment_labels
    attached = manifest in labels
    justification = text(event.attr(EXEMPTION_JUSTIFICATION))
    if labels and not attached:
        return [f"no attachment is labelled '{manifest}'"], False
    if not attached and justification:
        return [], True
    if not attached:
        return [
            f"attach the {manifest} (label '{manifest}') or give an {EXEMPTION_JUSTIFICATION}"
        ], False
    if justification:
        return [
            f"the {manifest} has an attachment and an {EXEMPTION_JUSTIFICATION}; keep one"
        ], False
    problems: list[str] = []
    document_type = text(event.attr(DOCUMENT_TYPE))
    expected = EXPECTED_TYPE[manifest]
    country = recycler.address.country_code if recycler.address else None
    if not document_type:
        problems.append(f"no {DOCUMENT_TYPE}")
    elif country == BRAZIL and document_type != expected:
        problems.append(f"{DOCUMENT_TYPE} is '{document_type}', it must be {expected} in Brazil")
    if not text(event.attr(DOCUMENT_NUMBER)):
        problems.append(f"no {DOCUMENT_NUMBER}")
    issue_date = event.attributes.get(ISSUE_DATE)
    if issue_date is None or not text(issue_date.value):
        problems.append(f"no {ISSUE_DATE}")
    elif issue_date.format != DATE:
        problems.append(f"the {ISSUE_DATE} attribute must have format DATE")
    return problems, False


def _manifest_data(context: RuleContext, manifest: str) -> RuleResult:
    mass_id = context.graph.mass_id
    events = mass_id.named(manifest)
    if not events:
        return failed(f"No {manifest} event")
    recycler = actor_event(mass_id, RECYCLER)
    if recycler is None:
        return failed(f"No Recycler ACTOR: the {manifest} cannot be checked")
    problems: list[str] = []
    exempted = 0
    for event in events:
        found, by_exemption = _problems(event, manifest, recycler)
        problems.extend(found)
        exempted += by_exemption
    content = {"events": len(events), "exempted": exempted}
    if problems:
        return failed(f"{manifest}: " + "; ".join(problems), **content)
    if exempted:
        return passed(f"{manifest} exempted with a justification", **content)
    return passed(f"{manifest} attached with its type, number and issue date", **content)


def transport_manifest_data(context: RuleContext) -> RuleResult:
    """The Transport Manifest is attached with type (MTR in Brazil), number and issue date."""
    return _manifest_data(context, TRANSPORT_MANIFEST)


def recycling_manifest_data(context: RuleContext) -> RuleResult:
    """The Recycling Manifest is at the Recycler, attached with type (CDF), number and date."""
    return _manifest_data(context, RECYCLING_MANIFEST)
