"""The demo's network: eight waste generators in five cities of São Paulo state (six organic
subtypes), four haulers, three composting facilities and one integrator, as plain payload
parts. Tax ids are well-formed CNPJs of made-up companies."""

from __future__ import annotations

from dataclasses import dataclass

from massid.demo.payloads import FOOD, Party, Place, make_party, make_place
from massid.methodologies.bold.vocabulary import OTHERS_IF_ORGANIC

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
