"""``massid demo`` refuses bad options before it sends anything (exit 2, a clear message)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from massid.cli.main import app

runner = CliRunner()
# Nothing listens on port 9: a request would end in exit 1, not the refusals below.
NOWHERE = ["--url", "http://127.0.0.1:9"]


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MASSID_CLIENT_ID", "CLIENT_ID", "MASSID_CLIENT_SECRET", "CLIENT_SECRET",
                 "MASSID_ACCREDITOR_ID", "MASSID_ACCREDITOR_SECRET"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def test_the_accreditor_credentials_are_required() -> None:
    result = runner.invoke(app, ["demo", *NOWHERE, "--client-id", "a", "--client-secret", "b"])
    assert result.exit_code == 2
    assert "need an accreditor client: --accreditor-id" in result.stderr


def test_the_count_must_be_positive() -> None:
    result = runner.invoke(app, ["demo", *NOWHERE, "--count", "0"])
    assert result.exit_code == 2
    assert "--count" in result.stderr
