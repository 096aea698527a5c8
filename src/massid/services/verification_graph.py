"""Loading the methodology graph of a MassID from the store (verification.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from massid.domain.access import Principal, can_read
from massid.methodologies.bold.helpers import actor_id
from massid.methodologies.bold.strict import recent_window
from massid.methodologies.bold.uniqueness import mass_id_fingerprint
from massid.methodologies.bold.vocabulary import (
    ACTOR,
    CERTIFICATE_TYPES,
    CREDIT_ORDER,
    GAS_ID,
    MASS_ID_AUDIT,
    RECYCLED,
    RECYCLER,
)
from massid.methodologies.engine import Methodology
from massid.methodologies.graph import SERVER, Document, Duplicates, Graph, document_from_json
from massid.storage.ports import LoadedDocument, StoredDocument, Tx

FOLLOWED = (MASS_ID_AUDIT, *CERTIFICATE_TYPES, CREDIT_ORDER)
# MassID → audits and certificates → credit orders: a few hops cover the whole graph.
MAX_HOPS = 3


def parse(text: str) -> Any:
    """Stored JSON with exact decimals (mass, factors) instead of floats."""
    return json.loads(text, parse_float=Decimal)


def to_document(loaded: LoadedDocument) -> Document:
    return document_from_json(
        parse(loaded.body),
        [parse(body) for body in loaded.event_bodies],
        status=loaded.status,
        current_value=loaded.current_value,
        author_role=loaded.author_role,
    )


async def load_stored(tx: Tx, stored: StoredDocument) -> Document:
    """A stored document (already read, e.g. locked) with its whole timeline."""
    bodies = await tx.list_event_bodies(stored.head.id)
    return document_from_json(
        parse(stored.body),
        [parse(body) for body in bodies],
        status=stored.head.status,
        current_value=stored.head.current_value,
    )


async def _linked(tx: Tx, environment: str, start: str) -> list[Document]:
    """The audits and certificates linked to a MassID, and the credit orders of those.

    Only these types are followed (an audit also links to accreditations, which link to every
    other MassID's audits: those are not this MassID's business).
    """
    found: dict[str, Document] = {}
    frontier = [start]
    for _ in range(MAX_HOPS):
        loaded = await tx.linked_documents(environment, frontier, FOLLOWED)
        fresh = [doc for doc in loaded if doc.id not in found and doc.id != start]
        for doc in fresh:
            found[doc.id] = to_document(doc)
        frontier = [doc.id for doc in fresh if found[doc.id].type != CREDIT_ORDER]
        if not frontier:
            break
    return list(found.values())


async def load_graph(
    tx: Tx,
    principal: Principal,
    mass_id: Document,
    methodology: Methodology,
    *,
    saved: bool,
    strict: bool = False,
) -> Graph:
    """The MassID with its accreditations, audits, certificates, credit orders and duplicates.

    In strict mode for a GasID methodology, also the recycler's recent prevented CO₂e.
    """
    environment = mass_id.data_set_name
    participants = {event.participant_id for event in mass_id.named(ACTOR)}
    accreditations = [
        to_document(doc) for doc in await tx.find_accreditations(environment, sorted(participants))
    ]
    graph = Graph(mass_id=mass_id, accreditations=accreditations)
    if saved:
        for doc in await _linked(tx, environment, mass_id.id):
            if doc.type == MASS_ID_AUDIT and doc.author_role == SERVER:
                graph.audits.append(doc)
            elif doc.type in CERTIFICATE_TYPES and doc.author_role == SERVER:
                graph.certificates.append(doc)
            elif doc.type == CREDIT_ORDER:
                graph.credit_orders.append(doc)
    definition = await tx.find_definition(environment, methodology.slug)
    graph.definition = to_document(definition) if definition else None
    fingerprint = mass_id_fingerprint(mass_id)
    if fingerprint is None:
        graph.duplicates = Duplicates(0)
    else:
        refs = await tx.find_duplicates(
            environment, fingerprint, mass_id.id, principal.participant_key
        )
        visible = tuple(r.id for r in refs if can_read(principal, r.integrator_id, r.grant))
        graph.duplicates = Duplicates(len(refs), visible)
    if strict and methodology.certificate_type == GAS_ID:
        graph.recycler_recent_co2e = await _recycler_recent_co2e(tx, mass_id)
    return graph


async def _recycler_recent_co2e(tx: Tx, mass_id: Document) -> Decimal | None:
    """The recycler's live GasIDs' kg CO₂e in the 12 months before this MassID's recycling."""
    recycler = actor_id(mass_id, RECYCLER)
    recycled = mass_id.first(RECYCLED)
    if recycler is None or recycled is None:
        return None
    since, until = recent_window(recycled.at)
    return await tx.recycler_co2e(mass_id.data_set_name, recycler, since, until)
