"""What ``massid demo`` writes: a small, realistic network and a deterministic set of MassIDs.

Eight waste generators in three regions of São Paulo state (restaurants, a market, a park, a
sawmill, a dairy, a sanitation plant, a poultry farm, a hotel: six organic subtypes), four
haulers and three composting facilities, all accredited, with one integrator. MassID ``i`` of
a seed is always the same load (generator, hauler, mass, plate, dates), so running the demo
again sends the same deduplicationIds and stores nothing twice. One MassID in four changes
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

from massid.demo.payloads import (
    FOOD,
    WITH_FLARING,
    Party,
    Place,
    Shipment,
    Validity,
    find_event,
    generator_events,
    make_accreditation,
    make_massid,
    make_party,
    make_place,
    recycler_events,
    set_attr,
)
from massid.methodologies.bold.vocabulary import OTHERS_IF_ORGANIC
from massid.methodologies.data.ibama import find_code

KEY_PREFIX = "massid-demo"
GARDEN = "Garden, Yard and Park Waste"
WOOD = "Wood and Wood Products"
INDUSTRIAL_SLUDGE = "Industrial Sludge"
DOMESTIC_SLUDGE = "Domestic Sludge"


def cnpj(base: str) -> str:
    """A CNPJ with its two check digits, from its first twelve digits."""
    digits = [int(c) for c in base]
    for weights in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        digits.append(0 if rest < 2 else 11 - rest)
    return "".join(map(str, digits))


def company(name: str, base: str) -> Party:
    return make_party(name, cnpj(base))


def place(street: str, number: str, city: str, lat: float, lon: float, zip_code: str) -> Place:
    return make_place(street, number, city, lat, lon, zipCode=zip_code)


@dataclass(frozen=True)
class Generator:
    """A waste generator: where it is, what it produces (subtype and Ibama code), its size."""

    who: tuple[Party, Place]
    subtype: str
    code: str
    region: str
    size: str = "Small Business"


RECYCLERS = {
    "capital": (
        company("Compostagem Paulista Ltda", "334445550001"),
        place("Estrada Municipal do Cajamar", "500", "Cajamar", -23.3550, -46.8770, "07750-000"),
    ),
    "campinas": (
        company("Biocomposto Paulínia Ltda", "451236780001"),
        place("Rodovia SP-332", "2200", "Paulínia", -22.7611, -47.1541, "13140-000"),
    ),
    "litoral": (
        company("Composta Litoral Ltda", "563412890001"),
        place("Via Anchieta", "km 58", "Cubatão", -23.8950, -46.4250, "11500-000"),
    ),
}
GENERATORS = [
    Generator(
        (
            company("Restaurante Sabor da Vila Ltda", "112223330002"),
            place("Rua Augusta", "1500", "São Paulo", -23.5587, -46.6619, "01304-001"),
        ),
        FOOD,
        "20 01 08",
        "capital",
    ),
    Generator(
        (
            company("Mercado Central de Campinas", "203040500001"),
            place("Avenida Benjamin Constant", "1200", "Campinas", -22.9056, -47.0608, "13010-141"),
        ),
        FOOD,
        "02 02 03",
        "campinas",
        "Large Business",
    ),
    Generator(
        (
            company("Conservação de Parques Urbanos Ltda", "304050600001"),
            place(
                "Avenida Pedro Álvares Cabral", "0", "São Paulo", -23.5874, -46.6576, "04094-050"
            ),
        ),
        GARDEN,
        "20 02 01",
        "capital",
    ),
    Generator(
        (
            company("Serraria Sorocabana Ltda", "405060700001"),
            place("Avenida Itavuvu", "3100", "Sorocaba", -23.4602, -47.4623, "18078-005"),
        ),
        WOOD,
        "03 01 01",
        "campinas",
    ),
    Generator(
        (
            company("Laticínios Vale Verde S.A.", "506070800001"),
            place("Rodovia Anhanguera", "km 98", "Campinas", -22.8400, -47.1000, "13065-000"),
        ),
        INDUSTRIAL_SLUDGE,
        "02 01 01",
        "campinas",
        "Large Business",
    ),
    Generator(
        (
            company("Saneamento Baixada Ltda", "607080900001"),
            place(
                "Avenida Nossa Senhora de Fátima", "200", "Santos", -23.9400, -46.3700, "11085-200"
            ),
        ),
        DOMESTIC_SLUDGE,
        "02 02 04",
        "litoral",
        "Large Business",
    ),
    Generator(
        (
            company("Granja Boa Esperança Ltda", "708091000001"),
            place("Estrada do Rio Acima", "900", "Mairiporã", -23.3190, -46.5870, "07600-000"),
        ),
        OTHERS_IF_ORGANIC,
        "02 01 06",
        "capital",
    ),
    Generator(
        (
            company("Hotel Atlântico Santos Ltda", "809101100001"),
            place("Avenida Presidente Wilson", "1", "Santos", -23.9660, -46.3310, "11065-200"),
        ),
        FOOD,
        "20 01 08",
        "litoral",
    ),
]
HAULERS = [
    (
        company("Transportes Verdes Ltda", "223334440001"),
        place("Avenida do Estado", "5000", "São Paulo", -23.5700, -46.6200, "03105-000"),
    ),
    (
        company("Rodo Orgânicos Ltda", "910111200001"),
        place("Rua Barão de Jaguara", "700", "Campinas", -22.9030, -47.0590, "13015-000"),
    ),
    (
        company("Coleta Litoral Transportes Ltda", "101112130001"),
        place("Rua João Pessoa", "300", "Santos", -23.9330, -46.3250, "11013-000"),
    ),
    (
        company("EcoFrete Logística Ltda", "111213140001"),
        place("Rodovia Presidente Dutra", "km 225", "Guarulhos", -23.4540, -46.5330, "07034-000"),
    ),
]
INTEGRATOR = (
    company("Integradora Circular Ltda", "445556660001"),
    place("Avenida Paulista", "1000", "São Paulo", -23.5650, -46.6520, "01310-100"),
)
SUBTYPES = sorted({generator.subtype for generator in GENERATORS})


# Accreditations are the same whatever the year or seed: approved from 2024, with no end.
ACCREDITED = Validity(
    datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC), expires=None
)
FIRST_METRICS_YEAR = 2023


@dataclass(frozen=True)
class Accreditation:
    key: str
    role: str
    name: str
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
            who[0]["name"],
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
