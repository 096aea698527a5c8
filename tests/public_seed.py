"""A realistic public MassID with private and sensitive data, as an integrator sends it.

Shared by the public API, Explorer and browser tests (and the README screenshot). ``SECRETS``
lists every value of it that the public must never see.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import upload_files
from tests.factories import make_address, make_document, make_participant, ts

EXTERNAL_ID = "MASSID-DEMO-0001"
HOSTILE = "<script>alert('x')</script>"

GENERATOR = make_participant(
    "Restaurante Bom Sabor Ltda",
    tax_id="12.345.678/0001-90",
    email="contato@bomsabor.example",
    phone="+55 11 91234-5678",
)
HAULER = make_participant(
    "Transportes Rapidos Ltda", tax_id="98.765.432/0001-10", email="frota@rapidos.example"
)
RECYCLER = make_participant(
    "Compostagem Verde SA",
    tax_id="11.222.333/0001-44",
    businessName="Compostagem Verde",
    phone="+55 19 3333-4444",
)
INTEGRATOR = make_participant("Acme Waste Integrator", tax_id="55.666.777/0001-88")

ORIGIN = make_address(
    "Rua Secreta Oitocentos",
    number="No-8123-Q",
    complement="Fundos Sala 77X",
    zipCode="01234-999",
    latitude=-23.5617,
    longitude=-46.6559,
)
FACILITY = make_address(
    "Estrada do Composto Escondida",
    number="Km-55-Z",
    neighborhood="Zona Rural",
    city="Campinas",
    zipCode="13099-321",
    latitude=-22.9071,
    longitude=-47.0632,
)

PLATE = "ABC1D23"
PRIVATE_VALUES = ("Motorista Joaquim Secreto", "nota interna confidencial 4711")
SENSITIVE_HIDDEN = ("1987-03-04", 918273645)
PRIVATE_FILE = "invoice-bomsabor-9931.pdf"

SECRETS = [
    *(p[f] for p in (GENERATOR, HAULER, RECYCLER, INTEGRATOR) for f in ("taxId",)),
    GENERATOR["email"],
    GENERATOR["phone"],
    HAULER["email"],
    RECYCLER["phone"],
    GENERATOR["name"],
    HAULER["name"],
    *(a[f] for a in (ORIGIN, FACILITY) for f in ("street", "number", "zipCode")),
    ORIGIN["complement"],
    PLATE,
    *PRIVATE_VALUES,
    "1987-03-04",
    "918273645",
    PRIVATE_FILE,
    "dedup-massid-demo-1",
    "dedup-event-pickup-1",
    "-23.5617",
    "-47.0632",
]


def attribute(name: str, value: Any, public: bool = True, **extra: Any) -> dict[str, Any]:
    return {"name": name, "value": value, "isPublic": public, **extra}


def massid(hostile: bool = False, **overrides: Any) -> dict[str, Any]:
    """The MassID creation body (``hostile`` puts HTML in its title)."""
    fields: dict[str, Any] = {
        "externalId": EXTERNAL_ID,
        "title": f"Food waste batch 0001{' ' + HOSTILE if hostile else ''}",
        "deduplicationId": "dedup-massid-demo-1",
        "participant": GENERATOR,
        "address": ORIGIN,
    }
    return make_document(**{**fields, **overrides})


def _event(
    name: str, hour: float, who: dict[str, Any], where: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "externalCreatedAt": ts(hour),
        "isPublic": True,
        "participant": who,
        "address": where,
        **extra,
    }


def timeline(hostile: bool = False) -> list[dict[str, Any]]:
    """ACTORs, then pick-up → weighing → drop-off → sorting → recycled, one event private."""
    recycler = {**RECYCLER, "name": f"Compostagem Verde SA {HOSTILE}"} if hostile else RECYCLER
    vehicle = HOSTILE if hostile else "Truck"
    return [
        _event("ACTOR", 0.1, GENERATOR, ORIGIN, label="Waste Generator"),
        _event("ACTOR", 0.1, HAULER, ORIGIN, label="Hauler"),
        _event("ACTOR", 0.1, recycler, FACILITY, label="Processor"),
        _event("ACTOR", 0.1, recycler, FACILITY, label="Recycler"),
        _event("ACTOR", 0.1, INTEGRATOR, ORIGIN, label="Integrator"),
        _event(
            "Pick-up",
            1,
            HAULER,
            ORIGIN,
            value=1000,
            deduplicationId="dedup-event-pickup-1",
            metadata={
                "attributes": [
                    attribute("Vehicle Type", vehicle),
                    attribute("Vehicle License Plate", PLATE, sensitive=True),
                    attribute("Driver Name", PRIVATE_VALUES[0], public=False),
                    attribute(
                        "Driver Birth Date", SENSITIVE_HIDDEN[0], sensible=True, format="DATE"
                    ),
                    attribute("Driver Document", SENSITIVE_HIDDEN[1], sensitive=True),
                    attribute(
                        f"Note {HOSTILE}" if hostile else "Note", "Collected at the back door"
                    ),
                ]
            },
        ),
        _event(
            "Weighing",
            3,
            recycler,
            FACILITY,
            value=990,
            metadata={
                "attributes": [
                    attribute("Gross Weight", 15990, format="KILOGRAM"),
                    attribute("Tare", 15000, format="KILOGRAM"),
                    attribute("Scale Type", "Truck Scale"),
                ]
            },
            attachments=[
                {"fileName": "ticket-0001.jpg", "isPublic": True, "label": "Weighing Ticket"},
                {"fileName": PRIVATE_FILE, "isPublic": False, "label": "Invoice"},
            ],
        ),
        _event(
            "Internal Note",
            3.5,
            recycler,
            FACILITY,
            isPublic=False,
            metadata={"attributes": [attribute("Memo", PRIVATE_VALUES[1])]},
        ),
        _event("Drop-off", 4, recycler, FACILITY),
        _event(
            "Sorting",
            30,
            recycler,
            FACILITY,
            value=950,
            metadata={"attributes": [attribute("Deducted Weight", 40, format="KILOGRAM")]},
        ),
        _event("Recycled", 24 * 90, recycler, FACILITY),
    ]


async def seed_massid(http: httpx.AsyncClient, headers: dict[str, str], **options: Any) -> str:
    """Create the MassID and its whole timeline through the API; returns its id."""
    hostile = bool(options.pop("hostile", False))
    created = await http.post("/documents", json=massid(hostile, **options), headers=headers)
    assert created.status_code == 201, created.text
    document_id = str(created.json()["id"])
    events = timeline(hostile)
    await upload_files(http, headers, document_id, events, b"\xff\xd8\xff ticket", "image/jpeg")
    batch = {"documentId": document_id, "events": events}
    appended = await http.post("/documents/events", json=batch, headers=headers)
    assert appended.status_code == 201, appended.text
    return document_id
