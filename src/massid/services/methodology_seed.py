"""``massid methodologies seed``: write the two methodology definitions of an environment.

The definitions are written as ordinary documents by an accreditor client of the operator's
own integrator (``massid methodologies``), with deduplication keys, so running the seed again
changes nothing. Each definition names its Network, Methodology Author, Methodology Developer
and Community Impact Pool participants with ACTOR events.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from massid.auth.tokens import DEFAULT_SCOPE
from massid.domain.access import ACCREDITOR, Principal
from massid.domain.commands import AddressIn, BatchIn, DocumentIn, ParticipantIn
from massid.methodologies.bold.vocabulary import METHODOLOGY_ROLES, METHODOLOGY_SLUG
from massid.methodologies.registry import METHODOLOGIES
from massid.services.clients import ClientService
from massid.services.documents import DocumentService
from massid.services.events import EventService

SEEDER = "massid methodologies"
DEFINED_AT = datetime(2024, 1, 22, tzinfo=UTC)  # the rewards policy's ratification date

_OPERATOR_ADDRESS = {
    "street": "Avenida Paulista",
    "number": "1000",
    "neighborhood": "Bela Vista",
    "city": "São Paulo",
    "countryState": "SP",
    "countryCode": "BR",
    "zipCode": "01310-100",
    "latitude": -23.5650,
    "longitude": -46.6520,
}
# Placeholders: a real network passes its own participants with --participants FILE.
DEFAULT_PARTICIPANTS: dict[str, dict[str, Any]] = {
    role: {
        "participant": {
            "name": f"massid {role}",
            "countryCode": "BR",
            "taxId": f"0000000000{index:02d}00",
            "taxIdType": "CNPJ",
            "type": "COMPANY",
        },
        "address": _OPERATOR_ADDRESS,
    }
    for index, role in enumerate(METHODOLOGY_ROLES, start=1)
}


async def _seeder(clients: ClientService, environment: str) -> Principal:
    """The operator's accreditor client for ``environment`` (created on first use)."""
    records = [
        record
        for record in await clients.list()
        if record.integrator_name == SEEDER
        and record.environment == environment
        and record.role == ACCREDITOR
        and record.enabled
    ]
    record = (
        records[0] if records else (await clients.create(SEEDER, environment, ACCREDITOR)).record
    )
    return Principal(
        client_id=record.client_id,
        integrator_id=record.integrator_id,
        environment=environment,
        role=ACCREDITOR,
        participant_key=None,
        scope=DEFAULT_SCOPE,
    )


def _event(name: str, role: dict[str, Any], key: str, **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "externalCreatedAt": DEFINED_AT,
        "isPublic": True,
        "participant": role["participant"],
        "address": role["address"],
        "deduplicationId": key,
        **fields,
    }


async def seed_methodologies(
    clients: ClientService,
    documents: DocumentService,
    events: EventService,
    environment: str,
    participants: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, str]]:
    """Write (or find again) both definitions; returns ``[{slug, documentId}]``."""
    roles = {**DEFAULT_PARTICIPANTS, **(participants or {})}
    principal = await _seeder(clients, environment)
    written: list[dict[str, str]] = []
    for methodology in METHODOLOGIES.values():
        key = f"methodology-definition:{methodology.slug}:{methodology.version}"
        network = roles["Network"]
        document = DocumentIn(
            category="Methodology",
            type="Definition",
            externalId=methodology.slug,
            title=methodology.name,
            externalCreatedAt=DEFINED_AT,
            isPublic=True,
            isPubliclySearchable=True,
            participant=ParticipantIn(**network["participant"]),
            address=AddressIn(**network["address"]),
            deduplicationId=key,
        )
        created = await documents.create(principal, document, None)
        document_id = str(json.loads(created.body)["id"])
        attributes = [
            {"name": METHODOLOGY_SLUG, "value": methodology.slug, "isPublic": True},
            {"name": "Methodology Name", "value": methodology.name, "isPublic": True},
            {"name": "Methodology Version", "value": methodology.version, "isPublic": True},
            {"name": "Framework Version", "value": methodology.framework_version, "isPublic": True},
        ]
        batch = [
            _event("Definition", network, f"{key}:definition", metadata={"attributes": attributes}),
            *(
                _event("ACTOR", roles[role], f"{key}:actor:{role}", label=role)
                for role in METHODOLOGY_ROLES
            ),
        ]
        await events.append_batch(
            principal, BatchIn.model_validate({"documentId": document_id, "events": batch}), None
        )
        written.append({"slug": methodology.slug, "documentId": document_id})
    return written
