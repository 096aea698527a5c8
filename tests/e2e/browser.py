"""Debian's Chromium, driven by Playwright through ``executable_path`` (never a downloaded one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.e2e.server import ServerProcess

CHROMIUM = Path(os.environ.get("MASSID_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def require_chromium() -> str:
    """The Chromium binary; skip locally (fail when CI=true) when it is not installed."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if IN_CI:
        pytest.fail(f"{message}, and CI=true requires it")
    pytest.skip(message)


def create_client(
    server: ServerProcess, env: str = "PROD", role: str = "integrator"
) -> dict[str, str]:
    """A new client of the server's database, made with the CLI as an operator would."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "massid",
            "clients",
            "create",
            "--integrator",
            "Explorer Demo",
            "--env",
            env,
            "--role",
            role,
        ],
        cwd=server.workdir,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    credentials: dict[str, str] = json.loads(result.stdout)
    return credentials
