"""Canonical MassIDs and the accreditor's world (definitions, accreditations) over HTTP, for W6.

Built from the test factories (tests/methodology_factories.py), as bench/verify_rules.py does.
"""

from __future__ import annotations

from typing import Any

import httpx
from tests.api.credit_helpers import another_load
from tests.methodology_factories import make_accreditations, make_definition

from bench.harness import Server

DEFINITIONS = (("bold-recycling", "BOLD Recycling"), ("bold-carbon", "BOLD Carbon"))
FILE = b"%PDF-1.4 evidence"


def submit(http: httpx.Client, headers: dict[str, str], payload: dict[str, Any]) -> str:
    """Create the document, upload the files its events name, append the events in a batch."""
    created = http.post("/documents", json=payload["document"], headers=headers)
    created.raise_for_status()
    document_id = str(created.json()["id"])
    names: list[str] = []
    for event in payload["events"]:
        for attachment in event.get("attachments") or []:
            if attachment["fileName"] not in names:
                names.append(attachment["fileName"])
    for name in names:
        granted = http.put(
            f"/documents/{document_id}/attachments/{name}",
            headers=headers,
            json={"contentLength": len(FILE), "contentType": "application/pdf"},
        )
        granted.raise_for_status()
        sent = http.put(
            granted.json()["uploadUrl"], content=FILE, headers={"Content-Type": "application/pdf"}
        )
        sent.raise_for_status()
    if payload["events"]:
        batch = {"documentId": document_id, "events": payload["events"]}
        http.post("/documents/events", json=batch, headers=headers).raise_for_status()
    return document_id


def canonical_massids(server: Server, count: int) -> list[str]:
    """An accreditor's world, then ``count`` canonical MassIDs submitted by the bench client."""
    accreditor = server.new_client("Bench Accreditor", "accreditor")
    assert server.client is not None
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for slug, name in DEFINITIONS:
            submit(http, accreditor.headers, make_definition(slug, name))
        for accreditation in make_accreditations().values():
            submit(http, accreditor.headers, accreditation)
        return [submit(http, server.client.headers, another_load(plate(n))) for n in range(count)]


def plate(n: int) -> str:
    """A distinct Mercosul plate per MassID, so none is a duplicate load of another."""
    return f"BEN{n % 10}{'ABCDEFGHIJ'[n // 10 % 10]}{n // 100 % 100:02d}"
