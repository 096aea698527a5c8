"""A complete, passing BOLD graph as plain payloads (what integrators and accreditors send).

``make_massid()`` is the canonical MassID timeline (methodology-reference.md §3.2) exactly
as an integrator submits it; ``make_accreditations()`` one accreditation per role as an
accreditor submits them; ``make_definition()`` a methodology definition. Every failing case
of the rule tests is derived from these by changing one thing (``tests.methodology_scenario``).
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta
from typing import Any

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ACCREDITED_AT = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)


def at(hours: float = 0, base: datetime = T0) -> str:
    """An ISO 8601 UTC timestamp ``hours`` after the MassID's first event."""
    return (base + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def make_party(name: str, tax_id: str) -> dict[str, Any]:
    return {
        "name": name,
        "countryCode": "BR",
        "taxId": tax_id,
        "taxIdType": "CNPJ",
        "type": "COMPANY",
    }


def make_place(
    street: str, number: str, city: str, lat: float, lon: float, **extra: Any
) -> dict[str, Any]:
    place = {
        "street": street,
        "number": number,
        "neighborhood": "Centro",
        "city": city,
        "countryState": "SP",
        "countryCode": "BR",
        "zipCode": "01000-000",
        "latitude": lat,
        "longitude": lon,
    }
    place.update(extra)
    return place


GENERATOR = make_party("Restaurante Bom Sabor Ltda", "11222333000181")
HAULER = make_party("Transportes Verdes Ltda", "22333444000192")
RECYCLER = make_party("Compostagem Paulista Ltda", "33444555000103")
INTEGRATOR = make_party("Integradora Circular Ltda", "44555666000114")
GENERATOR_ADDRESS = make_place("Rua Augusta", "1500", "São Paulo", -23.5587, -46.6619)
HAULER_ADDRESS = make_place("Avenida do Estado", "5000", "São Paulo", -23.5700, -46.6200)
RECYCLER_ADDRESS = make_place("Estrada Municipal do Cajamar", "500", "Cajamar", -23.3550, -46.8770)
INTEGRATOR_ADDRESS = make_place("Avenida Paulista", "1000", "São Paulo", -23.5650, -46.6520)
METHODOLOGY_PARTIES = {
    "Network": (make_party("massid Network", "55666777000125"), INTEGRATOR_ADDRESS),
    "Methodology Author": (make_party("BOLD Author", "66777888000136"), INTEGRATOR_ADDRESS),
    "Methodology Developer": (make_party("BOLD Developer", "77888999000147"), INTEGRATOR_ADDRESS),
    "Community Impact Pool": (make_party("Impact Pool", "88999000000158"), INTEGRATOR_ADDRESS),
}
ROLES = {
    "Waste Generator": (GENERATOR, GENERATOR_ADDRESS),
    "Hauler": (HAULER, HAULER_ADDRESS),
    "Processor": (RECYCLER, RECYCLER_ADDRESS),
    "Recycler": (RECYCLER, RECYCLER_ADDRESS),
    "Integrator": (INTEGRATOR, INTEGRATOR_ADDRESS),
}
FOOD = "Food, Food Waste and Beverages"
WITH_FLARING = "Landfills with flaring of methane gas (and/or capture of biogas)"


def attr(name: str, value: Any, format: str | None = None, **extra: Any) -> dict[str, Any]:
    attribute: dict[str, Any] = {"name": name, "value": value, "isPublic": True}
    if format is not None:
        attribute["format"] = format
    attribute.update(extra)
    return attribute


def make_event(
    name: str,
    hours: float,
    party: dict[str, Any],
    place: dict[str, Any],
    *attributes: dict[str, Any],
    **fields: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "name": name,
        "externalCreatedAt": at(hours),
        "isPublic": True,
        "participant": copy.deepcopy(party),
        "address": copy.deepcopy(place),
    }
    if attributes:
        event["metadata"] = {"attributes": list(attributes)}
    event.update(fields)
    return event


def make_massid_events() -> list[dict[str, Any]]:
    """The canonical timeline: actors, Pick-up … Recycled, CLOSE."""
    actors = [
        make_event("ACTOR", 0, party, place, label=role) for role, (party, place) in ROLES.items()
    ]
    return [
        *actors,
        make_event(
            "Pick-up",
            1,
            GENERATOR,
            GENERATOR_ADDRESS,
            attr("Vehicle Type", "Truck"),
            attr("Vehicle License Plate", "ABC-1D23", sensitive=True),
            attr("Driver Identifier", "DRV-001", sensitive=True),
            attr("Local Waste Classification ID", "20 01 08"),
            attr(
                "Local Waste Classification Description",
                "Resíduos biodegradáveis de cozinha e cantinas",
            ),
            attr("Captured GPS Latitude", -23.5590),
            attr("Captured GPS Longitude", -46.6615),
            value=1000,
        ),
        make_event(
            "Transport Manifest",
            1.5,
            HAULER,
            HAULER_ADDRESS,
            attr("Document Type", "MTR"),
            attr("Document Number", "MTR-2026-000123"),
            attr("Issue Date", "2026-01-05", "DATE"),
            attachments=[{"fileName": "mtr.pdf", "isPublic": False, "label": "Transport Manifest"}],
        ),
        make_event(
            "Weighing",
            3,
            RECYCLER,
            RECYCLER_ADDRESS,
            attr("Weighing Capture Method", "Digital"),
            attr("Scale Type", "Floor Scale"),
            attr("Container Type", "Bin"),
            attr("Container Quantity", 10),
            attr("Container Capacity", 240, "LITER"),
            attr("Gross Weight", 1100, "KILOGRAM"),
            attr("Tare", 10, "KILOGRAM"),
            attr("Vehicle License Plate", "ABC1D23", sensitive=True),
            attr("Description", "Ten 240 L bins weighed on arrival"),
            value=1000,
        ),
        make_event(
            "Drop-off",
            3.5,
            RECYCLER,
            RECYCLER_ADDRESS,
            attr("Receiving Operator Identifier", "OP-42"),
            attr("Captured GPS Latitude", -23.3555),
            attr("Captured GPS Longitude", -46.8772),
        ),
        make_event(
            "Sorting",
            26,
            RECYCLER,
            RECYCLER_ADDRESS,
            attr("Gross Weight", 1000, "KILOGRAM"),
            attr("Deducted Weight", 50, "KILOGRAM"),
            attr("Description", "Plastics and metals removed"),
            value=950,
        ),
        make_event(
            "Recycling Manifest",
            24 * 90,
            RECYCLER,
            RECYCLER_ADDRESS,
            attr("Document Type", "CDF"),
            attr("Document Number", "CDF-2026-000456"),
            attr("Issue Date", "2026-04-05", "DATE"),
            attachments=[{"fileName": "cdf.pdf", "isPublic": False, "label": "Recycling Manifest"}],
        ),
        make_event("Recycled", 24 * 90 + 4, RECYCLER, RECYCLER_ADDRESS),
        make_event("CLOSE", 24 * 90 + 4, INTEGRATOR, INTEGRATOR_ADDRESS),
    ]


def make_massid(subtype: str = FOOD, **overrides: Any) -> dict[str, Any]:
    """``{"document", "events"}``: the canonical MassID, passing both methodologies."""
    document = {
        "category": "MassID",
        "type": "Organic",
        "subtype": subtype,
        "measurementUnit": "kg",
        "externalCreatedAt": at(0),
        "isPublic": True,
        "isPubliclySearchable": True,
        "participant": copy.deepcopy(GENERATOR),
        "address": copy.deepcopy(GENERATOR_ADDRESS),
    }
    document.update(overrides)
    return {"document": document, "events": make_massid_events()}


def make_accreditation(
    role: str, *result_attributes: dict[str, Any], extra_events: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """An accreditation of ``role`` (approved, 2025–2027) with its facility address."""
    party, place = ROLES[role]
    base = ACCREDITED_AT
    result = [
        attr("Effective Date", "2025-01-01T00:00:00.000Z", "DATE"),
        attr("Expiration Date", "2027-12-31T23:59:59.000Z", "DATE"),
        attr("Accreditation Status", "Approved"),
        *result_attributes,
    ]
    events = [
        make_event("Accreditation Result", 0, party, place, *result, externalCreatedAt=at(0, base)),
        make_event("Facility Address", 0, party, place, externalCreatedAt=at(0, base)),
        *(extra_events or []),
    ]
    document = {
        "category": "Methodology",
        "type": "Participant Accreditation",
        "subtype": role,
        "externalCreatedAt": at(0, base),
        "isPublic": False,
        "isPubliclySearchable": False,
        "participant": copy.deepcopy(party),
        "address": copy.deepcopy(place),
    }
    return {"document": document, "events": events}


def make_metrics(year: int = 2025, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "Reference Year": year,
        "Sorting Factor": 0.05,
        "Exceeding Emission Coefficient (per ton)": 0.02,
        "Baselines": {FOOD: WITH_FLARING, "Others (if organic)": WITH_FLARING},
        "Greenhouse Gas Type (GHG)": "Methane (CH4)",
    }
    values.update(overrides)
    attributes = [attr(name, value) for name, value in values.items() if value is not None]
    return make_event(
        f"Emissions & Composting Metrics ({year})",
        0,
        RECYCLER,
        RECYCLER_ADDRESS,
        *attributes,
        externalCreatedAt=at(0, ACCREDITED_AT),
    )


def make_accreditations() -> dict[str, dict[str, Any]]:
    """One accreditation per MassID role; the Recycler's carries metrics and its scale."""
    recycler_extra = [
        make_metrics(),
        make_event(
            "Monitoring Systems & Equipment",
            0,
            RECYCLER,
            RECYCLER_ADDRESS,
            attr("Scale Type", "Floor Scale"),
            externalCreatedAt=at(0, ACCREDITED_AT),
        ),
    ]
    generator_extra = [
        make_event(
            "Onboarding Declaration",
            0,
            GENERATOR,
            GENERATOR_ADDRESS,
            attr("Business Size Declaration", "Small Business"),
            externalCreatedAt=at(0, ACCREDITED_AT),
        )
    ]
    extras = {"Recycler": recycler_extra, "Waste Generator": generator_extra}
    return {role: make_accreditation(role, extra_events=extras.get(role)) for role in ROLES}


def make_definition(slug: str, name: str) -> dict[str, Any]:
    """A methodology definition with its four methodology participants."""
    party, place = METHODOLOGY_PARTIES["Network"]
    events = [
        make_event(
            "Definition",
            0,
            party,
            place,
            attr("Methodology Slug", slug),
            attr("Methodology Name", name),
            externalCreatedAt=at(0, ACCREDITED_AT),
        ),
        *(
            make_event("ACTOR", 0, p, a, label=role, externalCreatedAt=at(0, ACCREDITED_AT))
            for role, (p, a) in METHODOLOGY_PARTIES.items()
        ),
    ]
    document = {
        "category": "Methodology",
        "type": "Definition",
        "externalId": slug,
        "title": name,
        "externalCreatedAt": at(0, ACCREDITED_AT),
        "isPublic": True,
        "isPubliclySearchable": True,
        "participant": copy.deepcopy(party),
        "address": copy.deepcopy(place),
    }
    return {"document": document, "events": events}


def set_attr(event: dict[str, Any], name: str, value: Any, format: str | None = None) -> None:
    """Set (or add) an attribute of an event payload; ``value=None`` with no format removes it."""
    attributes = event.setdefault("metadata", {"attributes": []})["attributes"]
    kept = [a for a in attributes if a["name"] != name]
    if value is not None or format is not None:
        kept.append(attr(name, value, format))
    event["metadata"]["attributes"] = kept


def get_attr(event: dict[str, Any], name: str) -> Any:
    return next(a["value"] for a in event["metadata"]["attributes"] if a["name"] == name)


def retime(event: dict[str, Any], hours: float, base: datetime = T0) -> None:
    event["externalCreatedAt"] = at(hours, base)


_DATED = re.compile(r"^(\d{4})(-\d{2}-\d{2}.*)$")
_YEAR_IN_NAME = re.compile(r"\((\d{4})\)")


def shift_years(value: Any, years: int) -> Any:
    """A payload with every date (timestamps, date attributes, metrics years) moved by years.

    Lets a test against a real clock keep the canonical graph inside its validity windows.
    """
    if isinstance(value, dict):
        shifted = {key: shift_years(item, years) for key, item in value.items()}
        if shifted.get("name") == "Reference Year" and isinstance(shifted.get("value"), int):
            shifted["value"] += years
        if isinstance(shifted.get("name"), str):
            shifted["name"] = _YEAR_IN_NAME.sub(
                lambda m: f"({int(m.group(1)) + years})", shifted["name"]
            )
        return shifted
    if isinstance(value, list):
        return [shift_years(item, years) for item in value]
    if isinstance(value, str):
        match = _DATED.match(value)
        if match:
            return f"{int(match.group(1)) + years}{match.group(2)}"
    return value
