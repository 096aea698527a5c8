"""Record one MassID end to end with the massid SDK: create it, append its chain of custody
(actors, pick-up, weighing, drop-off, sorting), close it, read it back.

Run it against a local ``massid serve`` (which prints these three variables on its first start)
or any Carrot-compatible API:

    export MASSID_URL=http://127.0.0.1:8000 CLIENT_ID=... CLIENT_SECRET=...
    python examples/record_massid.py [ORDER-ID]

Run it twice with the same ORDER-ID: every write carries a deduplicationId derived from it, so
the second run stores nothing new and prints the same MassID.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from massid.client import (
    Address,
    Attribute,
    Client,
    ClientConfig,
    MassIdError,
    Metadata,
    NewDocument,
    NewEvent,
    Participant,
)

GENERATOR = Participant(
    name="Restaurante Bom Sabor",
    countryCode="BR",
    taxId="12.345.678/0001-90",
    taxIdType="CNPJ",
    type="COMPANY",
)
HAULER = Participant(
    name="Transportes Rápidos", countryCode="BR", taxId="98.765.432/0001-10",
    taxIdType="CNPJ", type="COMPANY",
)  # fmt: skip
RECYCLER = Participant(
    name="Compostagem Verde", countryCode="BR", taxId="11.222.333/0001-44",
    taxIdType="CNPJ", type="COMPANY",
)  # fmt: skip
RESTAURANT = Address(
    street="Rua das Flores", number="100", neighborhood="Centro", city="São Paulo",
    countryState="SP", countryCode="BR", zipCode="01000-000", latitude=-23.55, longitude=-46.63,
)  # fmt: skip
COMPOSTER = Address(
    street="Estrada do Composto", number="km 5", neighborhood="Zona Rural", city="Campinas",
    countryState="SP", countryCode="BR", zipCode="13000-000", latitude=-22.9, longitude=-47.06,
)  # fmt: skip


def timeline(order: str, start: datetime) -> list[NewEvent]:
    """The chain of custody, in time order; each event keyed by the order id and its step."""

    def event(
        step: str, hours: float, who: Participant, where: Address, **fields: object
    ) -> NewEvent:
        label = f"-{fields['label']}" if "label" in fields else ""
        return NewEvent.model_validate(
            {
                "name": step,
                "externalCreatedAt": start + timedelta(hours=hours),
                "isPublic": True,
                "participant": who,
                "address": where,
                "deduplicationId": f"{order}-{step}{label}",
                **fields,
            }
        )

    plate = Attribute(name="Vehicle License Plate", value="ABC1D23", isPublic=True, sensitive=True)
    return [
        event("ACTOR", 0, GENERATOR, RESTAURANT, label="Waste Generator"),
        event("ACTOR", 0, HAULER, RESTAURANT, label="Hauler"),
        event("ACTOR", 0, RECYCLER, COMPOSTER, label="Recycler"),
        event("Pick-up", 1, HAULER, RESTAURANT, metadata=Metadata(attributes=[plate])),
        event("Weighing", 3, RECYCLER, COMPOSTER, value=Decimal("990.5")),
        event("Drop-off", 3.1, RECYCLER, COMPOSTER),
        event("Sorting", 5, RECYCLER, COMPOSTER, value=Decimal("985")),
        event("CLOSE", 6, RECYCLER, COMPOSTER),
    ]


def main(order: str) -> int:
    start = datetime(2026, 1, 10, 10, tzinfo=UTC)
    massid = NewDocument(
        category="MassID",
        type="Organic",
        subtype="Food, Food Waste and Beverages",
        measurementUnit="kg",
        value=1000,
        externalCreatedAt=start,
        isPublic=True,
        isPubliclySearchable=True,
        externalId=order,
        participant=GENERATOR,
        address=RESTAURANT,
        deduplicationId=order,
    )
    try:
        with Client(config=ClientConfig.from_env()) as api:
            created = api.create_document(massid)
            events = timeline(order, start)
            api.append_event(created.id, events[0])  # one event...
            api.append_events(events[1:], document_id=created.id)  # ...then a batch, in order
            document = api.get_document(created.id)
    except MassIdError as error:
        print(f"failed: {error}", file=sys.stderr)
        return 1
    summary = {
        "id": document.id,
        "replayed": created.replayed,
        "status": document.status,
        "currentValue": str(document.currentValue),
        "events": [event.name for event in document.externalEvents],
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "order-2026-0001"))
