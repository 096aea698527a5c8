"""What the Explorer's templates show, built from the masked public view only.

Every value here comes from :func:`massid.domain.masking.public_view` (through the public
service); the templates escape all of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from massid.domain.clock import parse_ts
from massid.explorer.charts import MassChart, RouteSketch, kg, mass_chart, route_sketch
from massid.explorer.verifications import CertificateView, VerificationView, verification_views
from massid.services.public import PublicDocument, PublicPage, SearchParams

ROLE_ORDER = (
    "Waste Generator",
    "Bin Custodian",
    "Hauler",
    "Waste Manager",
    "Processor",
    "Recycler",
    "Integrator",
    "Network Integrator",
)
NO_ROLE = "Other participants"
UNITS = {"KILOGRAM": "kg", "LITER": "L", "CUBIC_METER": "m³"}


def document_href(document_id: str) -> str:
    return f"/explorer/document/{document_id}"


def when(value: Any) -> str:
    """``2026-01-10 10:00 UTC`` from a stored timestamp (the text itself if it is not one)."""
    if not isinstance(value, str):
        return ""
    try:
        return parse_ts(value).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return value


def mass(value: Any, unit: Any = "kg") -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return f"{kg(Decimal(str(value)))} {unit or ''}".strip()


def place(address: Any) -> str:
    if not isinstance(address, Mapping):
        return ""
    parts = [str(address[f]) for f in ("city", "countryState", "countryCode") if address.get(f)]
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class ParticipantView:
    name: str
    detail: str
    anonymous: bool
    roles: list[str]


def participant_view(participant: Any) -> ParticipantView | None:
    if not isinstance(participant, Mapping):
        return None
    roles = [str(role) for role in participant.get("roles", [])]
    if "name" not in participant:
        short = str(participant.get("id", ""))[:8]
        return ParticipantView(f"Private participant #{short}", "identity withheld", True, roles)
    detail = " · ".join(
        str(participant[f]) for f in ("businessName", "type", "countryCode") if participant.get(f)
    )
    return ParticipantView(str(participant["name"]), detail, False, roles)


@dataclass(frozen=True, slots=True)
class AttributeView:
    name: str
    value: str
    state: str  # "shown", "masked" or "hidden"


def attribute_view(attribute: Mapping[str, Any]) -> AttributeView:
    name = str(attribute.get("name", ""))
    sensitive = attribute.get("sensitive") is True
    if sensitive and "value" not in attribute:
        return AttributeView(name, "hidden", "hidden")
    value = attribute.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = kg(Decimal(str(value)))
    elif isinstance(value, str):
        text = value
    else:
        text = "" if value is None else json.dumps(value, ensure_ascii=False)
    unit = UNITS.get(str(attribute.get("format")))
    text = f"{attribute.get('valuePrefix') or ''}{text}{attribute.get('valueSuffix') or ''}"
    return AttributeView(
        name, f"{text} {unit}" if unit else text, "masked" if sensitive else "shown"
    )


@dataclass(frozen=True, slots=True)
class LinkView:
    relation: str
    document_id: str
    description: str
    href: str | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    sequence: Any
    time: str
    name: str
    role: str
    participant: ParticipantView | None
    place: str
    mass: str
    attributes: list[AttributeView]
    attachments: list[tuple[str, bool]]
    link: LinkView | None


def _link(event: Mapping[str, Any], links: frozenset[str]) -> LinkView | None:
    related = event.get("relatedDocument")
    if isinstance(related, Mapping) and isinstance(related.get("documentId"), str):
        target = related["documentId"]
        describe = " / ".join(
            str(related[f]) for f in ("category", "type", "subtype") if related.get(f)
        )
        relation = "Related"
    elif isinstance(event.get("targetDocumentId"), str):
        target = event["targetDocumentId"]
        describe = ""
        relation = "Split" if event.get("name") == "SPLIT" else "Output"
    else:
        return None
    return LinkView(relation, target, describe, document_href(target) if target in links else None)


def timeline_entry(event: Mapping[str, Any], links: frozenset[str]) -> TimelineEntry:
    participant = participant_view(event.get("participant"))
    if event.get("name") == "ACTOR":
        role = str(event.get("label") or "")
    else:
        role = ", ".join(participant.roles) if participant else ""
    attributes = (event.get("metadata") or {}).get("attributes", [])
    return TimelineEntry(
        sequence=event.get("sequence"),
        time=when(event.get("externalCreatedAt")),
        name=str(event.get("name", "")),
        role=role,
        participant=participant,
        place=place(event.get("address")),
        mass=mass(event.get("value")),
        attributes=[attribute_view(item) for item in attributes],
        attachments=[
            (str(item.get("label") or item.get("fileName") or "attachment"), bool(item["isPublic"]))
            for item in event.get("attachments") or []
        ],
        link=_link(event, links),
    )


@dataclass(frozen=True, slots=True)
class DocumentPage:
    id: str
    heading: str
    header: list[tuple[str, str]]
    status: str
    timeline: list[TimelineEntry]
    roles: list[tuple[str, list[ParticipantView]]]
    chart: MassChart | None
    route: RouteSketch | None
    links: list[LinkView]
    verifications: list[VerificationView] | None = None
    certificate: CertificateView | None = None


def participants_by_role(view: Mapping[str, Any]) -> list[tuple[str, list[ParticipantView]]]:
    groups: dict[str, list[ParticipantView]] = {}
    for participant in view.get("participants", []):
        shown = participant_view(participant)
        if shown is None:
            continue
        for role in shown.roles or [NO_ROLE]:
            groups.setdefault(role, []).append(shown)
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(groups.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def document_page(document: PublicDocument) -> DocumentPage:
    """The document page: header, timeline, participants, charts, links, verifications."""
    view, links = document.view, document.public_links
    unit = view.get("measurementUnit") or "kg"
    header = [
        ("Category", view.get("category")),
        ("Type", view.get("type")),
        ("Subtype", view.get("subtype")),
        ("Status", view.get("status")),
        ("Current value", mass(view.get("currentValue"), unit)),
        ("Declared value", mass(view.get("value"), unit)),
        ("External id", view.get("externalId")),
        ("Created", when(view.get("externalCreatedAt"))),
        ("Recorded", when(view.get("createdAt"))),
        ("Last updated", when(view.get("updatedAt"))),
        ("Origin", place(view.get("primaryAddress"))),
        ("Environment", view.get("dataSetName")),
    ]
    entries = [timeline_entry(event, links) for event in view.get("externalEvents", [])]
    related = [entry.link for entry in entries if entry.link is not None]
    parent = view.get("parentDocumentId")
    if isinstance(parent, str):
        href = document_href(parent) if parent in links else None
        related.insert(0, LinkView("Parent", parent, "", href))
    verifications, certificate = verification_views(document.verifications, links)
    return DocumentPage(
        id=str(view["id"]),
        heading=str(
            view.get("title") or view.get("externalId") or f"{view.get('category')} {view['id']}"
        ),
        header=[(label, str(value)) for label, value in header if value],
        status=str(view.get("status", "")),
        timeline=entries,
        roles=participants_by_role(view),
        chart=mass_chart(view),
        route=route_sketch(view),
        links=related,
        verifications=verifications,
        certificate=certificate,
    )


@dataclass(frozen=True, slots=True)
class ResultView:
    href: str
    heading: str
    kind: str
    status: str
    mass: str
    place: str
    created: str


@dataclass(frozen=True, slots=True)
class SearchPage:
    params: SearchParams
    results: list[ResultView] = field(default_factory=list)
    next_href: str | None = None


def search_page(params: SearchParams, page: PublicPage) -> SearchPage:
    """Search results, and the link to the next page keeping every filter."""
    results = [
        ResultView(
            href=document_href(str(item["id"])),
            heading=str(item.get("title") or item.get("externalId") or item["id"]),
            kind=" / ".join(str(item[f]) for f in ("category", "type", "subtype") if item.get(f)),
            status=str(item.get("status", "")),
            mass=mass(item.get("currentValue"), item.get("measurementUnit") or "kg"),
            place=place(item.get("primaryAddress")),
            created=when(item.get("externalCreatedAt")),
        )
        for item in page.items
    ]
    next_href = None
    if page.next_cursor:
        kept = {
            name: getattr(params, name)
            for name in ("q", "category", "type", "subtype", "city")
            if getattr(params, name)
        }
        next_href = "/explorer/?" + urlencode({**kept, "cursor": page.next_cursor})
    return SearchPage(params, results, next_href)
