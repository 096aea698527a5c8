"""docs/go-live.md, run verbatim with bash and curl against a real ``massid serve``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.server import ServerProcess
from tests.e2e.test_many_processes import DOCUMENTED_LIMITS
from tests.e2e.test_quickstart import exports_from

pytestmark = pytest.mark.e2e

GO_LIVE = Path(__file__).resolve().parents[2] / "docs" / "go-live.md"


def go_live_script() -> str:
    text = GO_LIVE.read_text()
    region = text.split("<!-- golive:begin -->", 1)[1].split("<!-- golive:end -->", 1)[0]
    return "\n".join(re.findall(r"```bash\n(.*?)```", region, flags=re.DOTALL))


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_go_live_checklist_passes_against_a_real_server(
    tmp_path: Path, server_database: str
) -> None:
    with ServerProcess(tmp_path, server_database, extra_env=DOCUMENTED_LIMITS) as server:
        exports = exports_from(server.output())
        create = ["clients", "create", "--integrator", "Quick Start Integrator", "--env", "PROD"]
        created = subprocess.run(
            [sys.executable, "-m", "massid", *create],
            env=server.env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        prod = json.loads(created.stdout)
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", go_live_script()],
            env={
                "PATH": "/usr/bin:/bin",
                **exports,
                "PROD_CLIENT_ID": prod["clientId"],
                "PROD_CLIENT_SECRET": prod["clientSecret"],
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr + result.stdout
    done = re.findall(r"^OK (\d):", result.stdout, flags=re.MULTILINE)
    assert done == ["1", "2", "3", "4", "5"], result.stdout
