"""``massid methodologies seed`` and ``massid verify`` against a real ``massid serve``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.credit_helpers import make_order
from tests.api.helpers import FILE_CONTENT, FILE_TYPE, named_files
from tests.e2e.server import ServerProcess
from tests.methodology_factories import (
    NOW,
    make_accreditations,
    make_massid,
    set_attr,
    shift_years,
)

pytestmark = pytest.mark.e2e


def years_to_now(today: datetime) -> int:
    """Whole years to move the canonical dates by, so the canonical graph's own 'now' (and so
    every one of its events) is in the past of ``today``: this year's, or last year's before
    the canonical month comes round."""
    years = today.year - NOW.year
    return years if NOW.replace(year=NOW.year + years) <= today else years - 1


# The server runs on the real clock: move the canonical dates next to it.
YEARS = years_to_now(datetime.now(UTC))


def test_the_canonical_dates_move_into_the_past() -> None:
    assert years_to_now(NOW) == 0
    assert years_to_now(datetime(2027, 1, 10, tzinfo=UTC)) == 0
    assert years_to_now(datetime(2027, 5, 1, 12, tzinfo=UTC)) == 1
    assert years_to_now(datetime(2030, 12, 31, tzinfo=UTC)) == 4


def massid(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "massid", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def submit(http: httpx.Client, credentials: dict[str, str], payload: dict[str, Any]) -> str:
    token = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    created = http.post("/documents", json=payload["document"], headers=headers)
    assert created.status_code == 201, created.text
    document_id = str(created.json()["id"])
    for name in named_files(payload["events"]):
        granted = http.put(
            f"/documents/{document_id}/attachments/{name}",
            json={"contentLength": len(FILE_CONTENT), "contentType": FILE_TYPE},
            headers=headers,
        )
        assert granted.status_code == 200, granted.text
        sent = http.put(
            granted.json()["uploadUrl"], content=FILE_CONTENT, headers={"Content-Type": FILE_TYPE}
        )
        assert sent.status_code < 300, sent.text
    batch = {"documentId": document_id, "events": payload["events"]}
    appended = http.post("/documents/events", json=batch, headers=headers)
    assert appended.status_code == 201, appended.text
    return document_id


def token_headers(http: httpx.Client, credentials: dict[str, str]) -> dict[str, str]:
    token = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def sell_and_split(
    url: str, integrator: dict[str, str], accreditor: dict[str, str], mass_id: str
) -> None:
    """The accreditor sells the MassID's GasID and gets a payout summing to the order total."""
    with httpx.Client(base_url=url, timeout=30) as http:
        audits = http.get(
            f"/documents/{mass_id}/verifications", headers=token_headers(http, integrator)
        ).json()
        gas_id = next(a["certificate"] for a in audits if a["methodology"] == "bold-carbon")
        headers = token_headers(http, accreditor)
        order = make_order("87.654321", gas_id["documentId"])
        created = http.post("/documents", json=order["document"], headers=headers)
        batch = {"documentId": created.json()["id"], "events": order["events"]}
        assert http.post("/documents/events", json=batch, headers=headers).status_code == 201
        verified = http.post(
            f"/documents/{created.json()['id']}/verifications",
            json={"methodology": "bold-carbon"},
            headers=headers,
        ).json()
        payout = verified["payout"]
        assert payout["orderTotal"] == "36.568856"
        assert sum(Decimal(a["amount"]) for a in payout["actors"]) == Decimal("36.568856")
        totals = http.get("/credits/summary", headers=headers).json()
        assert totals["methodologies"][1]["creditsSold"] == "0.417194"


def test_seed_submit_and_verify_with_the_cli(tmp_path: Path, server_database: str) -> None:
    env = {
        **os.environ,
        "MASSID_DATABASE_URL": server_database,
        "MASSID_DATA_DIR": str(tmp_path / "massid-data"),
        "MASSID_SECRET_KEY": "e2e-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    }
    with ServerProcess(tmp_path, server_database, extra_env=env) as server:
        seeded = massid("methodologies", "seed", "--env", "TEST", env=env)
        assert seeded.returncode == 0, seeded.stderr
        assert "bold-carbon: definition" in seeded.stdout
        again = massid("methodologies", "seed", "--env", "TEST", env=env)
        assert again.stdout == seeded.stdout  # idempotent: the same documents

        def client(role: str) -> dict[str, str]:
            created = massid("clients", "create", "--integrator", role, "--env", "TEST",
                             "--role", role, env=env)  # fmt: skip
            assert created.returncode == 0, created.stderr
            return dict(json.loads(created.stdout))

        accreditor, integrator = client("accreditor"), client("integrator")
        with httpx.Client(base_url=server.url, timeout=30) as http:
            for payload in make_accreditations().values():
                submit(http, accreditor, shift_years(payload, YEARS))
            passing = submit(http, integrator, shift_years(make_massid(), YEARS))
            changed = make_massid()
            pick_up = next(e for e in changed["events"] if e["name"] == "Pick-up")
            set_attr(pick_up, "Vehicle License Plate", "12-345")
            failing = submit(http, integrator, shift_years(changed, YEARS))

        login = ["--server", server.url, "--client-id", integrator["clientId"],
                 "--client-secret", integrator["clientSecret"]]  # fmt: skip
        for methodology in ("bold-recycling", "bold-carbon"):
            result = massid("verify", passing, "--methodology", methodology, *login, env=env)
            assert result.returncode == 0, result.stdout + result.stderr
            assert f"{methodology}: PASSED (audit " in result.stdout
        assert "417.1944 kg CO2e" in result.stdout
        assert "certificate: GasID" in result.stdout
        assert "417.1944 kg CO2e, 0.417194 credits (C-CARB.CH4)" in result.stdout
        sell_and_split(server.url, integrator, accreditor, passing)

        result = massid(
            "verify", failing, "--methodology", "bold-carbon", "--json", *login, env=env
        )
        assert result.returncode == 1, result.stdout + result.stderr
        body = json.loads(result.stdout)
        assert [r["slug"] for r in body["rules"] if r["status"] != "PASSED"] == [
            "vehicle-identification"
        ]

        file = tmp_path / "massid.json"
        file.write_text(json.dumps(shift_years(changed, YEARS)))
        preview = massid("verify", "--file", str(file), "--methodology", "bold-recycling", *login,
                         env=env)  # fmt: skip
        assert preview.returncode == 1
        assert "vehicle-identification" in preview.stdout and "(preview)" in preview.stdout
        strict = massid("verify", "--file", str(file), "--methodology", "bold-carbon", "--strict",
                        *login, env=env)  # fmt: skip
        assert "methodology-distance-limit" in strict.stdout and "project-size" in strict.stdout

        unknown = massid("verify", passing, "--methodology", "bold-x", *login, env=env)
        assert unknown.returncode == 2
        assert "unknown methodology 'bold-x'" in unknown.stderr
