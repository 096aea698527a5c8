"""Complete, passing BOLD payloads: what integrators and accreditors send for one MassID.

``make_massid()`` is the canonical MassID timeline (docs/methodologies.md) exactly as an
integrator submits it; ``make_accreditations()`` one accreditation per role as an accreditor
submits them; ``make_definition()`` a methodology definition. Every part is built from a
:class:`Shipment` (who, what, how much, when), so ``massid demo`` builds many different
MassIDs with the same code, and the rule tests derive each failing case from the canonical
one by changing one thing (``tests.methodology_scenario``).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ACCREDITED_AT = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)
ACCREDITED_UNTIL = datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC)

Party = dict[str, Any]
Place = dict[str, Any]


def at(hours: float = 0, base: datetime = T0) -> str:
    """An ISO 8601 UTC timestamp ``hours`` after ``base`` (the MassID's first event)."""
    return (base + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def make_party(name: str, tax_id: str) -> Party:
    return {
        "name": name,
        "countryCode": "BR",
        "taxId": tax_id,
        "taxIdType": "CNPJ",
        "type": "COMPANY",
    }


def make_place(street: str, number: str, city: str, lat: float, lon: float, **extra: Any) -> Place:
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
FOOD_CODE = ("20 01 08", "Resíduos biodegradáveis de cozinha e cantinas")
SORTING_FACTOR = Decimal("0.05")
# Where a device's GPS puts the truck: a few metres from the street address.
PICK_UP_GPS = (-0.0003, 0.0004)
DROP_OFF_GPS = (-0.0005, -0.0002)


@dataclass(frozen=True)
class Shipment:
    """One load of organic waste: who moved it, what and how much it was, and when."""

    generator: tuple[Party, Place] = (GENERATOR, GENERATOR_ADDRESS)
    hauler: tuple[Party, Place] = (HAULER, HAULER_ADDRESS)
    recycler: tuple[Party, Place] = (RECYCLER, RECYCLER_ADDRESS)
    integrator: tuple[Party, Place] = (INTEGRATOR, INTEGRATOR_ADDRESS)
    subtype: str = FOOD
    classification: tuple[str, str] = FOOD_CODE  # Ibama code and its description
    mass: int = 1000  # kg picked up and weighed
    start: datetime = T0  # the ACTOR events; Pick-up an hour later
    cycle_days: int = 90  # Drop-off to Recycled (60-180 pass)
    plate: str = "ABC-1D23"
    driver: str = "DRV-001"
    operator: str = "OP-42"
    serial: str = "000123"  # numbers the manifests
    sorting_factor: Decimal = SORTING_FACTOR
    extra: dict[str, Any] = field(default_factory=dict)  # document fields (externalId, ...)

    def roles(self) -> dict[str, tuple[Party, Place]]:
        return {
            "Waste Generator": self.generator,
            "Hauler": self.hauler,
            "Processor": self.recycler,
            "Recycler": self.recycler,
            "Integrator": self.integrator,
        }


def number(value: Decimal) -> int | float:
    """A JSON number: an int when whole, so payloads read as people write them."""
    return int(value) if value == value.to_integral_value() else float(value)


def near(place: Place, offset: tuple[float, float]) -> tuple[float, float]:
    return round(place["latitude"] + offset[0], 4), round(place["longitude"] + offset[1], 4)


def attr(name: str, value: Any, format: str | None = None, **extra: Any) -> dict[str, Any]:
    attribute: dict[str, Any] = {"name": name, "value": value, "isPublic": True}
    if format is not None:
        attribute["format"] = format
    attribute.update(extra)
    return attribute


def make_event(
    name: str,
    hours: float,
    party: Party,
    place: Place,
    *attributes: dict[str, Any],
    **fields: Any,
) -> dict[str, Any]:
    """An event ``hours`` after :data:`T0` (pass ``externalCreatedAt`` to place it elsewhere)."""
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


def make_massid_events(shipment: Shipment | None = None) -> list[dict[str, Any]]:
    """The canonical timeline: actors, Pick-up … Recycled, CLOSE."""
    s = shipment or Shipment()
    generator_place, recycler_place = s.generator[1], s.recycler[1]

    def event(
        name: str, hours: float, who: tuple[Party, Place], *attributes: Any, **fields: Any
    ) -> dict[str, Any]:
        return make_event(
            name, hours, *who, *attributes, externalCreatedAt=at(hours, s.start), **fields
        )

    mass = Decimal(s.mass)
    containers, tare = 10, 10
    deducted = mass * s.sorting_factor
    pick_lat, pick_lon = near(generator_place, PICK_UP_GPS)
    drop_lat, drop_lon = near(recycler_place, DROP_OFF_GPS)
    recycled = 24 * s.cycle_days
    code, description = s.classification
    actors = [event("ACTOR", 0, who, label=role) for role, who in s.roles().items()]
    return [
        *actors,
        event(
            "Pick-up",
            1,
            s.generator,
            attr("Vehicle Type", "Truck"),
            attr("Vehicle License Plate", s.plate, sensitive=True),
            attr("Driver Identifier", s.driver, sensitive=True),
            attr("Local Waste Classification ID", code),
            attr("Local Waste Classification Description", description),
            attr("Captured GPS Latitude", pick_lat),
            attr("Captured GPS Longitude", pick_lon),
            value=number(mass),
        ),
        event(
            "Transport Manifest",
            1.5,
            s.hauler,
            attr("Document Type", "MTR"),
            attr("Document Number", f"MTR-{s.start.year}-{s.serial}"),
            attr("Issue Date", s.start.date().isoformat(), "DATE"),
            attachments=[{"fileName": "mtr.pdf", "isPublic": False, "label": "Transport Manifest"}],
        ),
        event(
            "Weighing",
            3,
            s.recycler,
            attr("Weighing Capture Method", "Digital"),
            attr("Scale Type", "Floor Scale"),
            attr("Container Type", "Bin"),
            attr("Container Quantity", containers),
            attr("Container Capacity", 240, "LITER"),
            attr("Gross Weight", number(mass + containers * tare), "KILOGRAM"),
            attr("Tare", tare, "KILOGRAM"),
            attr("Vehicle License Plate", s.plate.replace("-", ""), sensitive=True),
            attr("Description", "Ten 240 L bins weighed on arrival"),
            value=number(mass),
        ),
        event(
            "Drop-off",
            3.5,
            s.recycler,
            attr("Receiving Operator Identifier", s.operator),
            attr("Captured GPS Latitude", drop_lat),
            attr("Captured GPS Longitude", drop_lon),
        ),
        event(
            "Sorting",
            26,
            s.recycler,
            attr("Gross Weight", number(mass), "KILOGRAM"),
            attr("Deducted Weight", number(deducted), "KILOGRAM"),
            attr("Description", "Plastics and metals removed"),
            value=number(mass - deducted),
        ),
        event(
            "Recycling Manifest",
            recycled,
            s.recycler,
            attr("Document Type", "CDF"),
            attr("Document Number", f"CDF-{s.start.year}-{int(s.serial) + 333:06d}"),
            attr("Issue Date", (s.start + timedelta(days=s.cycle_days)).date().isoformat(), "DATE"),
            attachments=[{"fileName": "cdf.pdf", "isPublic": False, "label": "Recycling Manifest"}],
        ),
        event("Recycled", recycled + 4, s.recycler),
        event("CLOSE", recycled + 4, s.integrator),
    ]


def make_massid(
    subtype: str = FOOD, shipment: Shipment | None = None, **overrides: Any
) -> dict[str, Any]:
    """``{"document", "events"}``: the canonical MassID (or ``shipment``'s), passing both."""
    s = shipment or Shipment(subtype=subtype)
    generator, generator_place = s.generator
    document = {
        "category": "MassID",
        "type": "Organic",
        "subtype": s.subtype,
        "measurementUnit": "kg",
        "externalCreatedAt": at(0, s.start),
        "isPublic": True,
        "isPubliclySearchable": True,
        "participant": copy.deepcopy(generator),
        "address": copy.deepcopy(generator_place),
        **s.extra,
    }
    document.update(overrides)
    return {"document": document, "events": make_massid_events(s)}


@dataclass(frozen=True)
class Validity:
    """When accreditations are written and the window in which they are valid."""

    written: datetime = ACCREDITED_AT
    effective: datetime = ACCREDITED_AT
    expires: datetime | None = ACCREDITED_UNTIL  # None: valid until withdrawn


def make_accreditation(
    role: str,
    *result_attributes: dict[str, Any],
    extra_events: list[dict[str, Any]] | None = None,
    who: tuple[Party, Place] | None = None,
    validity: Validity = Validity(),
) -> dict[str, Any]:
    """An accreditation of ``role`` (approved, 2025–2027 by default) with its facility address."""
    party, place = who or ROLES[role]
    written = at(0, validity.written)
    result = [
        attr("Effective Date", at(0, validity.effective), "DATE"),
        *([attr("Expiration Date", at(0, validity.expires), "DATE")] if validity.expires else []),
        attr("Accreditation Status", "Approved"),
        *result_attributes,
    ]
    events = [
        make_event("Accreditation Result", 0, party, place, *result, externalCreatedAt=written),
        make_event("Facility Address", 0, party, place, externalCreatedAt=written),
        *(extra_events or []),
    ]
    document = {
        "category": "Methodology",
        "type": "Participant Accreditation",
        "subtype": role,
        "externalCreatedAt": written,
        "isPublic": False,
        "isPubliclySearchable": False,
        "participant": copy.deepcopy(party),
        "address": copy.deepcopy(place),
    }
    return {"document": document, "events": events}


DEFAULT_BASELINES = {FOOD: WITH_FLARING, "Others (if organic)": WITH_FLARING}


def make_metrics(
    year: int = 2025,
    who: tuple[Party, Place] = (RECYCLER, RECYCLER_ADDRESS),
    written: datetime = ACCREDITED_AT,
    **overrides: Any,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "Reference Year": year,
        "Sorting Factor": number(SORTING_FACTOR),
        "Exceeding Emission Coefficient (per ton)": 0.02,
        "Baselines": DEFAULT_BASELINES,
        "Greenhouse Gas Type (GHG)": "Methane (CH4)",
    }
    values.update(overrides)
    attributes = [attr(name, value) for name, value in values.items() if value is not None]
    return make_event(
        f"Emissions & Composting Metrics ({year})",
        0,
        *who,
        *attributes,
        externalCreatedAt=at(0, written),
    )


def recycler_events(
    who: tuple[Party, Place] = (RECYCLER, RECYCLER_ADDRESS),
    years: tuple[int, ...] = (2025,),
    written: datetime = ACCREDITED_AT,
    **metrics: Any,
) -> list[dict[str, Any]]:
    """The Recycler accreditation's metrics (one event per year) and its scale."""
    return [
        *(make_metrics(year, who, written, **metrics) for year in years),
        make_event(
            "Monitoring Systems & Equipment",
            0,
            *who,
            attr("Scale Type", "Floor Scale"),
            externalCreatedAt=at(0, written),
        ),
    ]


def generator_events(
    who: tuple[Party, Place] = (GENERATOR, GENERATOR_ADDRESS),
    size: str = "Small Business",
    written: datetime = ACCREDITED_AT,
) -> list[dict[str, Any]]:
    """The Waste Generator accreditation's onboarding declaration (its business size)."""
    return [
        make_event(
            "Onboarding Declaration",
            0,
            *who,
            attr("Business Size Declaration", size),
            externalCreatedAt=at(0, written),
        )
    ]


def make_accreditations() -> dict[str, dict[str, Any]]:
    """One accreditation per MassID role; the Recycler's carries metrics and its scale."""
    extras = {"Recycler": recycler_events(), "Waste Generator": generator_events()}
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


def find_event(payload: dict[str, Any], name: str) -> dict[str, Any]:
    """The first event of a ``{"document", "events"}`` payload named ``name``."""
    return next(event for event in payload["events"] if event["name"] == name)


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
