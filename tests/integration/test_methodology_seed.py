"""``massid methodologies seed`` on SQLite and PostgreSQL: definitions, participants, reruns."""

from __future__ import annotations

import json

from massid.bootstrap import Container
from massid.services.methodology_seed import seed_methodologies
from massid.services.verification_graph import to_document


async def _seed(
    container: Container, participants: dict[str, object] | None = None
) -> list[dict[str, str]]:
    return await seed_methodologies(
        container.clients, container.documents, container.events, "TEST", participants
    )


async def test_seed_writes_both_definitions_once(container: Container) -> None:
    first = await _seed(container)
    assert [item["slug"] for item in first] == ["bold-recycling", "bold-carbon"]
    assert await _seed(container) == first  # a rerun finds the same documents
    async with container.store.read() as tx:
        carbon = await tx.find_definition("TEST", "bold-carbon")
        assert await tx.find_definition("PROD", "bold-carbon") is None
    assert carbon is not None and carbon.id == first[1]["documentId"]
    assert carbon.author_role == "accreditor"
    definition = to_document(carbon)
    assert (definition.category, definition.type) == ("Methodology", "Definition")
    assert [event.label for event in definition.named("ACTOR")] == [
        "Network",
        "Methodology Author",
        "Methodology Developer",
        "Community Impact Pool",
    ]
    described = definition.first("Definition")
    assert described is not None and described.attr("Methodology Slug") == "bold-carbon"
    assert len(definition.events) == 5


async def test_seed_takes_the_networks_own_participants(container: Container) -> None:
    network = {
        "participant": {
            "name": "Green Network SA",
            "countryCode": "BR",
            "taxId": "12.345.678/0001-90",
            "taxIdType": "CNPJ",
            "type": "COMPANY",
        },
        "address": {
            "street": "Rua Verde",
            "number": "1",
            "neighborhood": "Centro",
            "city": "Curitiba",
            "countryState": "PR",
            "countryCode": "BR",
            "zipCode": "80000-000",
            "latitude": -25.43,
            "longitude": -49.27,
        },
    }
    written = await _seed(container, {"Network": network})
    async with container.store.read() as tx:
        stored = await tx.get_document("TEST", written[0]["documentId"], None, lock=False)
    assert stored is not None
    assert json.loads(stored.body)["primaryParticipant"]["name"] == "Green Network SA"
