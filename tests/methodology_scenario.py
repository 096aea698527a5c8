"""Loading factory payloads as the store holds them, and running rules over them.

:class:`Scenario` is a complete passing graph (``tests.methodology_factories``) that a test
changes in one place before running one rule (:func:`check_rule`) or a whole methodology.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from massid.domain.commands import DocumentIn, EventIn
from massid.methodologies.engine import (
    Evaluation,
    RuleContext,
    RuleOutcome,
    evaluate,
    run_rule,
)
from massid.methodologies.graph import Document, Duplicates, Graph, document_from_json
from massid.methodologies.registry import METHODOLOGIES
from massid.services.unsaved import ReadOnlyParties, build_unsaved
from tests.methodology_factories import (
    NOW,
    at,
    attr,
    make_accreditations,
    make_definition,
    make_massid,
    make_metrics,
)


def make_server_document(
    type_: str,
    events: list[dict[str, Any]],
    status: str = "OPEN",
    doc_id: str = "doc-1",
    *,
    current_value: Decimal = Decimal(0),
    author_role: str = "server",
) -> Document:
    """A server-written Methodology document (audit, certificate, credit order) for rule #2."""
    body = {
        "id": doc_id,
        "category": "Methodology",
        "type": type_,
        "externalCreatedAt": at(0, NOW),
        "dataSetName": "TEST",
    }
    stamped = [
        {"id": f"e{i}", "name": e["name"], "externalCreatedAt": at(0, NOW), **e}
        for i, e in enumerate(events)
    ]
    return document_from_json(
        body, stamped, status=status, current_value=current_value, author_role=author_role
    )


def audit_events(slug: str, result: str | None) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [
        {"name": "RULE EXECUTION", "metadata": {"attributes": [attr("Methodology Slug", slug)]}}
    ]
    if result is not None:
        events.append(
            {
                "name": f"Result: MassID {result}",
                "metadata": {
                    "attributes": [
                        attr("Evaluation Result", result),
                        attr("Methodology Slug", slug),
                    ]
                },
            }
        )
    return events


class _NoStore:
    async def find_participant(self, environment: str, natural_key: str) -> str | None:
        return None

    async def find_address(self, environment: str, content_key: str) -> str | None:
        return None

    async def participant_data(self, environment: str, participant_id: str) -> str | None:
        return None

    async def address_data(self, environment: str, address_id: str) -> str | None:
        return None


async def load(payload: dict[str, Any], author_role: str | None = None) -> Document:
    """A payload as the store holds it (ids resolved, timeline folded), as a graph node."""
    document = DocumentIn.model_validate_json(json.dumps(payload["document"]))
    events = [EventIn.model_validate_json(json.dumps(event)) for event in payload["events"]]
    unsaved = await build_unsaved(
        ReadOnlyParties(_NoStore()),
        "TEST",
        document,
        events,
        client_id="client-1",
        integrator_id="integrator-1",
    )
    # Numbers as the store returns them: JSON text parsed with exact decimals.
    body = json.loads(json.dumps(unsaved.body), parse_float=Decimal)
    bodies = [json.loads(json.dumps(event), parse_float=Decimal) for event in unsaved.events]
    return document_from_json(
        body,
        bodies,
        status=unsaved.head.status,
        current_value=unsaved.head.current_value,
        author_role=author_role,
    )


@dataclass
class Scenario:
    """A complete passing graph as payloads; tests change one thing and run one rule."""

    massid: dict[str, Any] = field(default_factory=make_massid)
    accreditations: dict[str, dict[str, Any]] = field(default_factory=make_accreditations)
    definition: dict[str, Any] | None = field(
        default_factory=lambda: make_definition("bold-carbon", "BOLD Carbon")
    )
    duplicates: Duplicates | None = field(default_factory=lambda: Duplicates(0))
    audits: list[Document] = field(default_factory=list)
    certificates: list[Document] = field(default_factory=list)
    credit_orders: list[Document] = field(default_factory=list)
    now: datetime = NOW
    review_required: bool = False
    audit_id: str | None = None
    # Changes no API payload can express (e.g. an address without coordinates).
    edits: list[Callable[[Graph], None]] = field(default_factory=list)

    def events(self, name: str) -> list[dict[str, Any]]:
        return [event for event in self.massid["events"] if event["name"] == name]

    def event(self, name: str, index: int = 0) -> dict[str, Any]:
        return self.events(name)[index]

    def actor(self, role: str) -> dict[str, Any]:
        return next(e for e in self.events("ACTOR") if e["label"] == role)

    def remove(self, name: str, label: str | None = None) -> None:
        self.massid["events"] = [
            e
            for e in self.massid["events"]
            if not (e["name"] == name and (label is None or e.get("label") == label))
        ]

    def insert_before(self, name: str, event: dict[str, Any]) -> None:
        events = self.massid["events"]
        events.insert(events.index(self.event(name)), event)

    def accreditation_event(self, role: str, name: str) -> dict[str, Any]:
        return next(e for e in self.accreditations[role]["events"] if e["name"].startswith(name))

    async def graph(self) -> Graph:
        accreditations = [
            await load(payload, "accreditor") for payload in self.accreditations.values()
        ]
        graph = Graph(
            mass_id=await load(self.massid),
            accreditations=accreditations,
            audits=self.audits,
            certificates=self.certificates,
            credit_orders=self.credit_orders,
            duplicates=self.duplicates,
            audit_id=self.audit_id,
        )
        if self.definition is not None:
            graph.definition = await load(self.definition, "accreditor")
        for edit in self.edits:
            edit(graph)
        return graph

    async def evaluate(self, methodology: str = "bold-carbon", strict: bool = False) -> Evaluation:
        return evaluate(
            METHODOLOGIES[methodology],
            await self.graph(),
            self.now,
            review_required=self.review_required,
            strict=strict,
        )

    async def rule(self, slug: str, methodology: str = "bold-carbon") -> RuleOutcome:
        """The outcome of one rule (application or strict) over this scenario."""
        found = METHODOLOGIES[methodology]
        rule = next(r for r in found.rules_for(True) if r.slug.startswith(slug))
        context = RuleContext(await self.graph(), self.now, found, self.review_required)
        return run_rule(rule, context)


async def check_rule(
    scenario: Scenario,
    slug: str,
    status: str,
    words: tuple[str, ...],
    methodology: str = "bold-carbon",
) -> RuleOutcome:
    """Run one rule and assert its status and the key words of its comment (or content)."""
    outcome = await scenario.rule(slug, methodology)
    text = outcome.comment + " " + json.dumps(outcome.content, ensure_ascii=False)
    assert outcome.status == status, f"{outcome.status}: {outcome.comment}"
    for word in words:
        assert word in text, f"{word!r} not in {outcome.comment!r}"
    return outcome


Mutation = Callable[[Scenario], None]


def combine(*mutations: Mutation) -> Mutation:
    """One mutation that applies ``mutations`` in order."""

    def mutate(scenario: Scenario) -> None:
        for mutation in mutations:
            mutation(scenario)

    return mutate


def replace_metrics(**values: Any) -> Mutation:
    """Replace the Recycler's metrics event (see :func:`make_metrics`)."""

    def mutate(scenario: Scenario) -> None:
        events = scenario.accreditations["Recycler"]["events"]
        index = next(i for i, e in enumerate(events) if e["name"].startswith("Emissions"))
        events[index] = make_metrics(**values)

    return mutate
