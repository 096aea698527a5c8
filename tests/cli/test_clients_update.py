"""``massid clients update CLIENT_ID --rate N|default`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from massid.cli.main import app
from tests.conftest import SECRET

runner = CliRunner()


@pytest.fixture
def cli_env(clean_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASSID_DATABASE_URL", clean_database)
    monkeypatch.setenv("MASSID_SECRET_KEY", SECRET)
    monkeypatch.setenv("MASSID_DATA_DIR", str(tmp_path / "data"))


def rate_of(client_id: str) -> object:
    listed = runner.invoke(app, ["clients", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    return next(row["rateLimit"] for row in rows if row["clientId"] == client_id)


@pytest.mark.usefixtures("cli_env")
def test_update_sets_and_resets_a_clients_rate() -> None:
    created = runner.invoke(app, ["clients", "create", "--integrator", "Acme", "--env", "PROD"])
    assert created.exit_code == 0, created.output
    client_id = json.loads(created.output)["clientId"]
    assert rate_of(client_id) is None

    changed = runner.invoke(app, ["clients", "update", client_id, "--rate", "20"])
    assert changed.exit_code == 0, changed.output
    assert "20 requests/s" in changed.output
    assert rate_of(client_id) == 20

    reset = runner.invoke(app, ["clients", "update", client_id, "--rate", "default"])
    assert reset.exit_code == 0, reset.output
    assert rate_of(client_id) is None


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("rate", ["0", "-3", "fast", "2.5", "100001"])
def test_update_refuses_a_bad_rate(rate: str) -> None:
    created = runner.invoke(app, ["clients", "create", "--integrator", "Acme", "--env", "TEST"])
    client_id = json.loads(created.output)["clientId"]
    refused = runner.invoke(app, ["clients", "update", client_id, "--rate", rate])
    assert refused.exit_code != 0
    assert "rate" in refused.output
    assert rate_of(client_id) is None


@pytest.mark.usefixtures("cli_env")
def test_update_of_an_unknown_client_fails() -> None:
    refused = runner.invoke(app, ["clients", "update", "nosuchclient", "--rate", "3"])
    assert refused.exit_code == 1
    assert "no client with id nosuchclient" in refused.output
