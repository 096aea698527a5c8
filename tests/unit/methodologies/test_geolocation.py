"""#7 geolocation-and-address-precision: distance tiers, address text, GPS and exceptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from massid.methodologies.geo import distance_m
from massid.methodologies.graph import Address, Graph
from massid.methodologies.text import address_match
from tests.methodology_factories import (
    GENERATOR_ADDRESS,
    RECYCLER,
    RECYCLER_ADDRESS,
    make_event,
    set_attr,
)
from tests.methodology_scenario import Scenario, check_rule, combine

Mutation = Callable[[Scenario], None]
SLUG = "geolocation-and-address-precision"


def _move(event_name: str, index: int = 0, **changes: Any) -> Mutation:
    def mutate(s: Scenario) -> None:
        s.events(event_name)[index]["address"].update(changes)

    return mutate


def _gps(event_name: str, lat: float | None, lon: float | None) -> Mutation:
    def mutate(s: Scenario) -> None:
        set_attr(s.event(event_name), "Captured GPS Latitude", lat)
        set_attr(s.event(event_name), "Captured GPS Longitude", lon)

    return mutate


def _exceptions(*attributes: str, valid_until: str | None = None) -> Mutation:
    def mutate(s: Scenario) -> None:
        items = []
        for name in attributes:
            item: dict[str, Any] = {
                "Attribute Location": {"Asset": {"Category": "MassID"}, "Event": "Drop-off"},
                "Attribute Name": name,
                "Exception Type": "Exemption for Mandatory Attribute",
                "Reason": "The yard has no GPS signal",
            }
            if valid_until:
                item["Valid Until"] = valid_until
            items.append(item)
        result = s.accreditation_event("Recycler", "Accreditation Result")
        set_attr(result, "Approved Exceptions", items)

    return mutate


def _no_coordinates(which: str) -> Callable[[Graph], None]:
    def edit(graph: Graph) -> None:
        if which == "facility":
            doc = next(d for d in graph.accreditations if d.subtype == "Recycler")
            event = doc.first("Facility Address")
        else:
            event = graph.mass_id.first(which)
        assert event is not None and event.address is not None
        old = event.address
        event.address = Address(
            old.id,
            old.street,
            old.number,
            old.city,
            old.country_state,
            old.country_code,
            None,
            None,
        )

    return edit


def _processor_drop_off(**place: Any) -> Mutation:
    def mutate(s: Scenario) -> None:
        address = {**RECYCLER_ADDRESS, **place}
        first = make_event("Drop-off", 2.5, RECYCLER, address)
        set_attr(first, "Receiving Operator Identifier", "OP-7")
        s.insert_before("Weighing", first)

    return mutate


FIVE_KM = GENERATOR_ADDRESS["latitude"] + 0.045
NO_GPS = _gps("Pick-up", None, None)
CASES = [
    pytest.param(lambda s: None, "PASSED", ("accredited address",), id="canonical"),
    pytest.param(
        lambda s: s.accreditations.pop("Waste Generator"),
        "PASSED",
        ("optional validation skipped",),
        id="generator-not-accredited",
    ),
    pytest.param(
        lambda s: s.accreditations["Waste Generator"]["events"].pop(1),
        "PASSED",
        ("optional validation skipped",),
        id="generator-without-facility",
    ),
    pytest.param(
        lambda s: s.accreditations.pop("Recycler"),
        "FAILED",
        ("no accredited facility address for the Recycler",),
        id="recycler-not-accredited",
    ),
    pytest.param(
        lambda s: s.edits.append(_no_coordinates("facility")),
        "FAILED",
        ("has no coordinates",),
        id="facility-without-coordinates",
    ),
    pytest.param(
        _move("Pick-up", latitude=-23.2), "FAILED", ("over 30000 m",), id="farther-than-30-km"
    ),
    pytest.param(
        combine(_move("Pick-up", latitude=FIVE_KM), NO_GPS),
        "PASSED",
        ("matches the accredited one by text",),
        id="5-km-same-text",
    ),
    pytest.param(
        combine(_move("Pick-up", latitude=FIVE_KM, street="R. Augusta", number="nº 1500"), NO_GPS),
        "PASSED",
        ("by text",),
        id="5-km-abbreviated",
    ),
    pytest.param(
        combine(_move("Pick-up", latitude=FIVE_KM, street="Rua Oscar Freire"), NO_GPS),
        "FAILED",
        ("does not match the accredited",),
        id="5-km-other-street",
    ),
    pytest.param(
        combine(_move("Pick-up", latitude=FIVE_KM, number="1502"), NO_GPS),
        "FAILED",
        ("does not match",),
        id="5-km-other-number",
    ),
    pytest.param(
        combine(_move("Pick-up", latitude=FIVE_KM, countryState="RJ"), NO_GPS),
        "FAILED",
        ("address is in RJ/BR",),
        id="5-km-other-state",
    ),
    pytest.param(_gps("Pick-up", -23.60, -46.6619), "FAILED", ("captured GPS is",), id="gps-far"),
    pytest.param(NO_GPS, "PASSED", (), id="no-gps"),
    pytest.param(_gps("Pick-up", 123.0, 0.0), "PASSED", (), id="gps-out-of-range-ignored"),
    pytest.param(
        _gps("Drop-off", -23.40, -46.8770), "FAILED", ("Recycler", "captured GPS"), id="drop-gps"
    ),
    pytest.param(
        combine(
            _gps("Drop-off", -23.40, -46.8770),
            _exceptions("Captured GPS Latitude", "Captured GPS Longitude"),
        ),
        "PASSED",
        ("exempted",),
        id="gps-exempted",
    ),
    pytest.param(
        combine(_gps("Drop-off", -23.40, -46.8770), _exceptions("Captured GPS Latitude")),
        "FAILED",
        ("captured GPS",),
        id="half-exempted",
    ),
    pytest.param(
        combine(
            _gps("Drop-off", -23.40, -46.8770),
            _exceptions(
                "Captured GPS Latitude", "Captured GPS Longitude", valid_until="2026-01-01"
            ),
        ),
        "FAILED",
        ("captured GPS",),
        id="exemption-expired",
    ),
    pytest.param(
        lambda s: s.edits.append(_no_coordinates("Pick-up")),
        "PASSED",
        ("by text", "captured GPS within"),
        id="no-coordinates-text-and-gps",
    ),
    pytest.param(
        combine(
            _move("Pick-up", street="Rua Oscar Freire"),
            lambda s: s.edits.append(_no_coordinates("Pick-up")),
        ),
        "FAILED",
        ("does not match",),
        id="no-coordinates-other-street",
    ),
    pytest.param(_processor_drop_off(), "PASSED", ("Processor",), id="processor-drop-off"),
    pytest.param(
        _processor_drop_off(latitude=-23.0), "FAILED", ("Processor", "over 30000 m"), id="far"
    ),
    pytest.param(
        lambda s: (s.remove("Pick-up"), s.remove("Drop-off")),
        "FAILED",
        ("No Pick-up or Drop-off",),
        id="nothing-to-locate",
    ),
]


@pytest.mark.parametrize(("mutate", "status", "words"), CASES)
async def test_geolocation(mutate: Mutation, status: str, words: tuple[str, ...]) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, SLUG, status, words)


async def test_text_match_is_review_required_when_enabled() -> None:
    scenario = Scenario(review_required=True)
    combine(_move("Pick-up", latitude=FIVE_KM), NO_GPS)(scenario)
    await check_rule(scenario, SLUG, "REVIEW_REQUIRED", ("review the location",))


def test_geodesic_distance() -> None:
    assert distance_m(0, 0, 0, 1) == pytest.approx(111_319.49, abs=0.01)
    assert distance_m(-23.5587, -46.6619, -23.5587, -46.6619) == 0
    # Vincenty's own test line: Flinders Peak → Buninyong, 54 972.271 m on WGS-84.
    flinders = (-(37 + 57 / 60 + 3.72030 / 3600), 144 + 25 / 60 + 29.52440 / 3600)
    buninyong = (-(37 + 39 / 60 + 10.15610 / 3600), 143 + 55 / 60 + 35.38390 / 3600)
    assert distance_m(*flinders, *buninyong) == pytest.approx(54_972.271, abs=0.01)


@pytest.mark.parametrize(
    ("first", "second", "match"),
    [
        ("R. Augusta, 1500, São Paulo", "Rua Augusta, 1500, Sao Paulo", True),
        ("Av. Paulista, nº 1000, SP", "Avenida Paulista, 1000, SP", True),
        ("Rod. Anhanguera, km 20, Cajamar", "Rodovia Anhanguera, quilometro 20, Cajamar", True),
        ("Rua Augusta, 1500, São Paulo", "Rua Augusta, 1501, São Paulo", False),
        ("Rua Augusta, 1500, São Paulo", "Rua Haddock Lobo, 1500, São Paulo", False),
        ("Estrada Municipal, 500, Cajamar", "Estrada Municipal do Cajamar, 500, Cajamar", True),
    ],
)
def test_address_matching(first: str, second: str, match: bool) -> None:
    assert address_match(first, second, 0.75)[0] is match
