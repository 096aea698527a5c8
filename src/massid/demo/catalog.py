"""What ``massid demo`` writes: a small, realistic network and a deterministic set of MassIDs.

The network of :mod:`massid.demo.network` (eight generators, four haulers, three composting
facilities, one integrator), all accredited. MassID ``i`` of a seed is always the same load
(generator, hauler, mass, plate, dates), so running the demo again sends the same
deduplicationIds and stores nothing twice. One MassID in four changes
exactly one thing so that exactly one rule fails (:data:`FAILURES`).

Dates follow the calendar: the loads were picked up between February and July of last year
and composted for 70–150 days, so they are recycled and inside the project period. The set of
a year is its own (its keys name the year); the accreditations are one set for every year
and seed (approved since 2024, without end; a later year only adds its metrics), because a
participant with two valid accreditations in one role fails the accreditation rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from massid.demo.network import GENERATORS, HAULERS, INTEGRATOR, RECYCLERS, SUBTYPES
from massid.demo.payloads import (
    WITH_FLARING,
    Party,
    Place,
    Shipment,
    Validity,
    find_event,
    generator_events,
    make_accreditation,
    make_massid,
    recycler_events,
    set_attr,
)
from massid.methodologies.data.ibama import find_code

KEY_PREFIX = "massid-demo"

# Accreditations are the same whatever the year or seed: approved from 2024, with no end.
ACCREDITED = Validity(
    datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC), expires=None
)
FIRST_METRICS_YEAR = 2023


@dataclass(frozen=True)
class Accreditation:
    key: str
    role: str
    payload: dict[str, Any]


def accreditations(year: int) -> list[Accreditation]:
    """Every participant of the network accredited in its role(s).

    The Recycler's metrics cover every year up to ``year`` − 1 (a MassID reads its year − 1):
    a run in a later year adds the new years' events to the same documents.
    """
    window = ACCREDITED
    baselines = dict.fromkeys(SUBTYPES, WITH_FLARING)
    metric_years = tuple(range(FIRST_METRICS_YEAR, year))
    entries: list[tuple[str, tuple[Party, Place], list[dict[str, Any]]]] = []
    for generator in GENERATORS:
        extra = generator_events(generator.who, generator.size, window.written)
        entries.append(("Waste Generator", generator.who, extra))
    entries += [("Hauler", hauler, []) for hauler in HAULERS]
    for recycler in RECYCLERS.values():
        extra = recycler_events(recycler, metric_years, window.written, Baselines=baselines)
        entries += [("Processor", recycler, []), ("Recycler", recycler, extra)]
    entries.append(("Integrator", INTEGRATOR, []))
    return [
        Accreditation(
            f"{KEY_PREFIX}:accreditation:{role}:{who[0]['taxId']}",
            role,
            make_accreditation(role, extra_events=extra, who=who, validity=window),
        )
        for role, who, extra in entries
    ]


Change = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Failure:
    """A change to a complete MassID that makes exactly one rule fail."""

    rule: str
    what: str
    change: Change | None = None  # on the payload; or a different shipment, below
    shipment: Callable[[Shipment], Shipment] | None = None


def _attribute(event: str, name: str, value: Any, format: str | None = None) -> Change:
    return lambda payload: set_attr(find_event(payload, event), name, value, format)


def _gross_off(payload: dict[str, Any]) -> None:
    weighing = find_event(payload, "Weighing")
    gross = next(a for a in weighing["metadata"]["attributes"] if a["name"] == "Gross Weight")
    set_attr(weighing, "Gross Weight", gross["value"] + 60, "KILOGRAM")


def _deducted_twice(payload: dict[str, Any]) -> None:
    sorting = find_event(payload, "Sorting")
    deducted = next(a for a in sorting["metadata"]["attributes"] if a["name"] == "Deducted Weight")
    set_attr(sorting, "Deducted Weight", deducted["value"] * 2, "KILOGRAM")
    sorting["value"] -= deducted["value"]


FAILURES = [
    Failure("weighing", "weighing mismatch: Gross Weight − Tare is 60 kg above the net weight",
            _gross_off),
    Failure("vehicle-identification", "vehicle plate '12-345' matches no Brazilian pattern",
            _attribute("Pick-up", "Vehicle License Plate", "12-345")),
    Failure("driver-identification", "no Driver Identifier on the Pick-up",
            _attribute("Pick-up", "Driver Identifier", None)),
    Failure("composting-cycle-timeframe", "composted for 40 days (60 is the minimum)",
            shipment=lambda s: replace(s, cycle_days=40)),
    Failure("mass-id-sorting", "Deducted Weight twice the recycler's sorting factor",
            _deducted_twice),
    Failure("drop-off-at-recycler", "no Receiving Operator Identifier on the Drop-off",
            _attribute("Drop-off", "Receiving Operator Identifier", None)),
    Failure("transport-manifest-data", "the Transport Manifest has no Document Number",
            _attribute("Transport Manifest", "Document Number", None)),
]  # fmt: skip
FAILING_EVERY = 4  # MassID i fails one rule when i % 4 == 3


@dataclass(frozen=True)
class DemoMassId:
    index: int
    key: str
    shipment: Shipment
    failure: Failure | None
    payload: dict[str, Any]

    @property
    def label(self) -> str:
        generator = self.shipment.generator[0]["name"]
        city = self.shipment.generator[1]["city"]
        return (
            f"#{self.index} {self.shipment.subtype}, {self.shipment.mass} kg, {generator} ({city})"
        )


def _plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    head = "".join(rng.choice(letters) for _ in range(3))
    return f"{head}-{rng.randrange(10)}{rng.choice(letters)}{rng.randrange(10)}{rng.randrange(10)}"


def shipment(seed: int, year: int, index: int) -> Shipment:
    """MassID ``index`` of ``seed``: always the same load, a different one for each index."""
    rng = random.Random(f"{seed}:{year}:{index}")
    generator = GENERATORS[(index + seed) % len(GENERATORS)]
    # Spread over Feb–Jul of last year; the seed moves every pick-up by whole minutes.
    start = datetime(year - 1, 2, 1, 8, 0, tzinfo=UTC) + timedelta(
        days=index % 180, minutes=(index // 180) * 7 + (seed * 13) % 300
    )
    code = find_code(generator.code)
    assert code is not None, generator.code
    return Shipment(
        generator=generator.who,
        hauler=rng.choice(HAULERS),
        recycler=RECYCLERS[generator.region],
        integrator=INTEGRATOR,
        subtype=generator.subtype,
        classification=(generator.code, code.description),
        mass=rng.randrange(20, 150) * 20,
        start=start,
        cycle_days=rng.randrange(70, 151),
        plate=_plate(rng),
        driver=f"DRV-{rng.randrange(1000):03d}",
        operator=f"OP-{rng.randrange(100):02d}",
        serial=f"{index % 1_000_000:06d}",
        extra={"externalId": f"DEMO-{year}-{seed}-{index:05d}"},
    )


def demo_massid(seed: int, year: int, index: int) -> DemoMassId:
    load = shipment(seed, year, index)
    failure = (
        FAILURES[(index // FAILING_EVERY) % len(FAILURES)]
        if index % FAILING_EVERY == FAILING_EVERY - 1
        else None
    )
    if failure is not None and failure.shipment is not None:
        load = failure.shipment(load)
    payload = make_massid(shipment=load)
    if failure is not None and failure.change is not None:
        failure.change(payload)
    return DemoMassId(index, f"{KEY_PREFIX}:{seed}:{year}:massid:{index}", load, failure, payload)


def demo_massids(count: int, seed: int, year: int) -> list[DemoMassId]:
    return [demo_massid(seed, year, index) for index in range(count)]
