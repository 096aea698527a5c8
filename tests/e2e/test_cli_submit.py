"""``massid submit`` against a live server: killed half-way, re-run, finished with every
document and event stored once and in order; ``massid get`` prints the result."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

import pytest
from typer.testing import CliRunner

from massid.cli.main import app
from tests.e2e.live import Live
from tests.factories import make_document, make_event

pytestmark = pytest.mark.e2e

DOCUMENTS, EVENTS = 6, 20


def submission() -> list[dict[str, Any]]:
    return [
        {
            "document": make_document(externalId=f"truck-{n}"),
            "events": [make_event(f"E{n}-{i}", 1 + i / 60) for i in range(EVENTS)],
        }
        for n in range(DOCUMENTS)
    ]


async def wait_for_events(live: Live, client_id: str, at_least: int, within: float) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        _, events = await live.stored_by(client_id)
        if events >= at_least:
            return events
        await asyncio.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} events after {within} s")


async def test_an_interrupted_submit_resumes_without_duplicates(live: Live, tmp_path: Path) -> None:
    credentials = await live.new_client()
    env = {
        **os.environ,
        "MASSID_URL": live.url,
        "CLIENT_ID": credentials["clientId"],
        "CLIENT_SECRET": credentials["clientSecret"],
    }
    data = submission()
    file = tmp_path / "massids.json"
    file.write_text(json.dumps(data))
    command = [sys.executable, "-m", "massid", "submit", str(file), "--batch-size", "5"]

    # 1. A slow run (8 requests/s) killed without warning once some events are stored.
    process = await asyncio.create_subprocess_exec(
        *command, "--rate", "8", env=env, stdout=DEVNULL, stderr=DEVNULL
    )
    try:
        await wait_for_events(live, credentials["clientId"], 25, within=30)
    finally:
        process.kill()  # SIGKILL: no chance to clean up
        await process.wait()
    _, events = await live.stored_by(credentials["clientId"])
    assert 0 < events < DOCUMENTS * EVENTS, "the kill must interrupt the submission"

    # 2. The same command again finishes the job.
    runner = CliRunner()
    result = runner.invoke(app, ["submit", str(file), "--rate", "100"], env=env)
    assert result.exit_code == 0, result.output
    assert "already done" in result.output
    assert await live.stored_by(credentials["clientId"]) == (DOCUMENTS, DOCUMENTS * EVENTS)

    # 3. Without its state file, a third run resends everything: all of it is a replay.
    state = json.loads((tmp_path / "massids.json.massid-state.json").read_text())
    (tmp_path / "massids.json.massid-state.json").unlink()
    again = runner.invoke(app, ["submit", str(file), "--rate", "100"], env=env)
    assert again.exit_code == 0, again.output
    assert await live.stored_by(credentials["clientId"]) == (DOCUMENTS, DOCUMENTS * EVENTS)
    assert len(state["done"]) == DOCUMENTS

    # 4. ``massid get`` shows each timeline, in the file's order.
    for entry, document_id in zip(data, state["done"].values(), strict=True):
        shown = runner.invoke(app, ["get", document_id], env=env)
        assert shown.exit_code == 0, shown.output
        document = json.loads(shown.stdout)
        assert document["externalId"] == entry["document"]["externalId"]
        names = [event["name"] for event in document["externalEvents"]]
        assert names == [event["name"] for event in entry["events"]]
        assert document["currentValue"] == 1000


def test_get_and_submit_report_errors_plainly(live: Live, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"MASSID_URL": live.url, "CLIENT_ID": live.client_id, "CLIENT_SECRET": "wrong"}
    failed = runner.invoke(app, ["get", "01a219a1-4a46-71d6-9b17-81c7e306c619"], env=env)
    assert failed.exit_code == 1
    assert "401 invalid_client" in failed.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"documents": []}')
    refused = runner.invoke(app, ["submit", str(bad)], env=env)
    assert refused.exit_code == 2 and "expected" in refused.output
    missing = runner.invoke(app, ["get", "x"], env={"MASSID_URL": live.url})
    assert missing.exit_code == 2 and "client_id and client_secret are required" in missing.output
