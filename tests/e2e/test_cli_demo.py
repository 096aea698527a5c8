"""``massid demo`` against a live server: the set is written, verifies as labelled (complete
MassIDs pass both methodologies with certificates, each deliberately failing one fails exactly
the rule it names), and running it again stores nothing new."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from massid.cli.main import app
from massid.client import Client, Document
from massid.demo.catalog import FAILURES, demo_massids
from tests.e2e.live import Live

pytestmark = pytest.mark.e2e

COUNT, SEED = 28, 5  # one MassID in four fails: each of the seven failures once


def seed_definitions(live: Live) -> None:
    seeded = subprocess.run(
        [sys.executable, "-m", "massid", "methodologies", "seed", "--env", "TEST"],
        cwd=live.server.workdir, env=live.server.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr


def written_massids(
    url: str, credentials: dict[str, str]
) -> list[tuple[Document, list[dict[str, Any]]]]:
    """The integrator's MassIDs (read page by page) with their audits."""
    secret = credentials["clientSecret"]
    with (
        Client(url, client_id=credentials["clientId"], client_secret=secret, rate_limit=500) as api,
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        token = http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(credentials["clientId"], secret),
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        return [
            (document, http.get(f"/documents/{document.id}/verifications", headers=headers).json())
            for document in api.iter_documents(category="MassID", limit=10)
        ]


async def test_demo_seeds_a_varied_set_that_verifies_as_labelled(live: Live) -> None:
    seed_definitions(live)
    integrator = await live.new_client()
    accreditor = await live.new_client(role="accreditor")
    arguments = [
        "demo", "--count", str(COUNT), "--seed", str(SEED), "--url", live.url, "--rate", "500",
        "--client-id", integrator["clientId"], "--client-secret", integrator["clientSecret"],
        "--accreditor-id", accreditor["clientId"],
        "--accreditor-secret", accreditor["clientSecret"],
    ]  # fmt: skip
    runner = CliRunner()
    started = time.monotonic()
    first = runner.invoke(app, arguments)
    took = time.monotonic() - started
    assert first.exit_code == 0, first.output
    print(f"demo --count {COUNT}: {took:.1f} s")
    assert f"MassIDs: {COUNT} ({COUNT} new) across 6 subtypes" in first.stdout
    assert "21 complete, 7 failing one rule each" in first.stdout
    assert "21 passed both; certificates: 21 GasID, 21 RecycledID" in first.stdout
    assert first.stdout.count("[fails as labelled]") == len(FAILURES)
    documents, events = await live.stored_by(integrator["clientId"])
    assert documents == COUNT

    year = datetime.now(UTC).year
    expected = {m.payload["document"]["externalId"]: m for m in demo_massids(COUNT, SEED, year)}
    found = written_massids(live.url, integrator)
    assert sorted(document.externalId or "" for document, _ in found) == sorted(expected)
    failing = []
    for document, audits in found:
        massid = expected[document.externalId or ""]
        assert document.status == "CLOSED" and document.subtype == massid.shipment.subtype
        assert sorted(a["methodology"] for a in audits) == ["bold-carbon", "bold-recycling"]
        for audit in audits:
            failed = [r["slug"] for r in audit["rules"] if r["status"] != "PASSED"]
            if massid.failure is None:
                assert (audit["status"], failed) == ("PASSED", [])
                assert audit["certificate"]["type"] in ("GasID", "RecycledID")
            else:
                assert (audit["status"], failed) == ("FAILED", [massid.failure.rule])
                failing.append(massid.failure.rule)
    assert sorted(set(failing)) == sorted(f.rule for f in FAILURES)

    again = runner.invoke(app, arguments)
    assert again.exit_code == 0, again.output
    assert f"MassIDs: {COUNT} (0 new)" in again.stdout
    assert "accreditations: 19 (0 new)" in again.stdout
    assert await live.stored_by(integrator["clientId"]) == (documents, events)
    # The verifications were answered as replays, not run again.
    assert written_massids(live.url, integrator) == found
