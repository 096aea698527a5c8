"""The documented integration (docs/sdk.md), the example script and the sample submission
file, run as a user would against a live server — twice, to show nothing is stored twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from massid.cli.main import app
from tests.e2e.live import Live

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def documented_integration() -> str:
    text = (ROOT / "docs" / "sdk.md").read_text()
    block = text.split("<!-- sdk:begin -->", 1)[1].split("<!-- sdk:end -->", 1)[0]
    return block.strip().removeprefix("```python").removesuffix("```").strip() + "\n"


def run_python(args: list[str], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def environment(live: Live) -> dict[str, str]:
    credentials = await live.new_client()
    return {
        **os.environ,
        "MASSID_URL": live.url,
        "CLIENT_ID": credentials["clientId"],
        "CLIENT_SECRET": credentials["clientSecret"],
    }


async def test_the_documented_integration_runs_as_written(live: Live, tmp_path: Path) -> None:
    code = documented_integration()
    assert len(code.strip().splitlines()) < 30
    script = tmp_path / "integration.py"
    script.write_text(code)
    env = await environment(live)
    expected = "OPEN 990 ['Pick-up', 'Weighing', 'Drop-off']\n"
    assert run_python([str(script)], env, tmp_path) == expected
    assert run_python([str(script)], env, tmp_path) == expected
    assert await live.stored_by(env["CLIENT_ID"]) == (1, 3)


async def test_the_example_script_and_sample_file(live: Live, tmp_path: Path) -> None:
    env = await environment(live)
    example = str(ROOT / "examples" / "record_massid.py")
    first = json.loads(run_python([example, "order-7"], env, tmp_path))
    assert first["status"] == "CLOSED" and first["currentValue"] == "985"
    assert first["events"][3:] == ["Pick-up", "Weighing", "Drop-off", "Sorting", "CLOSE"]
    second = json.loads(run_python([example, "order-7"], env, tmp_path))
    assert second == {**first, "replayed": True} and first["replayed"] is False
    assert await live.stored_by(env["CLIENT_ID"]) == (1, 8)

    sample = tmp_path / "massids.json"
    sample.write_text((ROOT / "examples" / "massids.json").read_text())
    result = CliRunner().invoke(app, ["submit", str(sample), "--rate", "50"], env=env)
    assert result.exit_code == 0, result.output
    assert await live.stored_by(env["CLIENT_ID"]) == (3, 8 + 12)
