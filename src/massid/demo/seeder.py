"""Writing the demo set to a running server through the SDK, and what came of it.

The accreditor client writes the accreditations, the integrator client the MassIDs (their
manifests uploaded as small PDFs) and asks for their verifications. Every write carries a key
derived from the demo's seed, year and index, and every verification an ``Idempotency-Key``,
so a second run is answered with replays: nothing is stored twice, no audit is added.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from massid.client import Client, Verification
from massid.demo.catalog import Accreditation, DemoMassId

METHODOLOGIES = ("bold-recycling", "bold-carbon")
MANIFEST_PDF = b"%PDF-1.4\n% massid demo manifest\n%%EOF\n"


@dataclass
class Written:
    """One demo MassID on the server, and its verifications when asked for."""

    massid: DemoMassId
    document_id: str
    new: bool
    results: dict[str, Verification] = field(default_factory=dict)

    def failed_rules(self, methodology: str) -> list[str]:
        return [rule.slug for rule in self.results[methodology].rules if rule.status != "PASSED"]

    def as_expected(self) -> bool:
        """Complete ones pass; a deliberately failing one fails exactly its rule."""
        expected = [self.massid.failure.rule] if self.massid.failure else []
        return all(self.failed_rules(slug) == expected for slug in self.results)


@dataclass
class Report:
    accreditations: int = 0
    new_accreditations: int = 0
    massids: list[Written] = field(default_factory=list)

    @property
    def new_massids(self) -> int:
        return sum(written.new for written in self.massids)

    def unexpected(self) -> list[Written]:
        return [written for written in self.massids if not written.as_expected()]

    def certificates(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for written in self.massids:
            for result in written.results.values():
                if result.certificate is not None:
                    kind = result.certificate.type
                    counts[kind] = counts.get(kind, 0) + 1
        return counts

    def not_issued(self) -> set[str]:
        """Why passing MassIDs got no certificate (e.g. no methodology definition)."""
        return {
            result.certificateNotIssued.message or result.certificateNotIssued.reason
            for written in self.massids
            for result in written.results.values()
            if result.status == "PASSED" and result.certificateNotIssued is not None
        }


def attachment_names(payload: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for event in payload["events"]:
        for attachment in event.get("attachments") or []:
            if attachment["fileName"] not in names:
                names.append(attachment["fileName"])
    return names


def write_payload(api: Client, key: str, payload: dict[str, Any]) -> tuple[str, bool]:
    """Create the document, upload the files its events name, append the events; all keyed."""
    created = api.create_document(payload["document"], deduplication_id=key)
    for name in attachment_names(payload):
        api.upload_attachment(created.id, name, MANIFEST_PDF, "application/pdf")
    api.append_events(keyed_events(key, payload["events"]), document_id=created.id)
    return created.id, not created.replayed


def keyed_events(key: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event keyed by its name and label (numbered when repeated), not its position, so
    events added to a payload later (a new year's metrics) leave the others' keys as they were.
    """
    seen: Counter[str] = Counter()
    keyed = []
    for event in events:
        name = ":".join(filter(None, (key, event["name"], event.get("label"))))
        seen[name] += 1
        keyed.append({**event, "deduplicationId": f"{name}:{seen[name]}"})
    return keyed


def seed_demo(
    integrator: Client,
    accreditor: Client,
    accreditations: list[Accreditation],
    massids: list[DemoMassId],
    *,
    verify: bool = True,
    advance: Callable[[int], object] = lambda _: None,
) -> Report:
    """Write everything (finding again what a previous run wrote); ``advance`` counts steps."""
    report = Report()
    for accreditation in accreditations:
        _, new = write_payload(accreditor, accreditation.key, accreditation.payload)
        report.accreditations += 1
        report.new_accreditations += new
        advance(1)
    for massid in massids:
        document_id, new = write_payload(integrator, massid.key, massid.payload)
        written = Written(massid, document_id, new)
        if verify:
            for methodology in METHODOLOGIES:
                written.results[methodology] = integrator.verify(
                    document_id, methodology, idempotency_key=f"{massid.key}:verify:{methodology}"
                )
        report.massids.append(written)
        advance(1)
    return report
