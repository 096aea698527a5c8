"""The README Quick Start, run verbatim with bash and curl against a real ``massid serve``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.e2e.server import ServerProcess
from tests.factories import make_document

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[2] / "README.md"


def quickstart_script() -> str:
    text = README.read_text()
    block = text.split("<!-- quickstart:begin -->", 1)[1].split("<!-- quickstart:end -->", 1)[0]
    return block.strip().removeprefix("```bash").removesuffix("```")


def exports_from(output: str) -> dict[str, str]:
    found = dict(re.findall(r"export (MASSID_URL|CLIENT_ID|CLIENT_SECRET)='?([^'\n]+)'?", output))
    assert set(found) == {"MASSID_URL", "CLIENT_ID", "CLIENT_SECRET"}, output
    return found


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_readme_quickstart_against_a_real_server(tmp_path: Path, server_database: str) -> None:
    server = ServerProcess(tmp_path, server_database, secret=None)
    with server:
        exports = exports_from(server.output())
        script = quickstart_script()
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            env={"PATH": "/usr/bin:/bin", **exports},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        document = json.loads(result.stdout[result.stdout.index("{\n") :])
        assert document["status"] == "OPEN"
        assert document["currentValue"] == 990
        assert [e["name"] for e in document["externalEvents"]] == [
            "Pick-up",
            "Weighing",
            "Drop-off",
        ]
        # Run it again: every write is a replay, nothing new is stored.
        again = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            env={"PATH": "/usr/bin:/bin", **exports},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 0, again.stderr
        replayed = json.loads(again.stdout[again.stdout.index("{\n") :])
        assert replayed["id"] == document["id"]
        assert len(replayed["externalEvents"]) == 3
    # The generated secret key was kept in the data folder, private to its owner.
    key_file = tmp_path / "massid-data" / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0


def token(url: str, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"{url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def test_deduplication_survives_a_restart(tmp_path: Path, server_database: str) -> None:
    server = ServerProcess(tmp_path, server_database)
    payload = make_document(deduplicationId="restart-key")
    with server:
        exports = exports_from(server.output())
        bearer = token(server.url, exports["CLIENT_ID"], exports["CLIENT_SECRET"])
        headers = {"Authorization": f"Bearer {bearer}"}
        first = httpx.post(f"{server.url}/documents", json=payload, headers=headers)
        assert first.status_code == 201
    with ServerProcess(tmp_path, server_database, port=server.port) as again:
        # The token signed before the restart is still valid (same key, same client).
        second = httpx.post(f"{again.url}/documents", json=payload, headers=headers)
        assert second.status_code == 201
        assert second.content == first.content
        assert second.headers["idempotent-replayed"] == "true"
        assert "no API client existed" not in again.output().split("massid serving")[-1]
