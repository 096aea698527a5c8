"""``MASSID_ENV=production`` refuses unsafe settings and says exactly what to set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from massid.bootstrap import (
    PLACEHOLDER_SECRET_KEYS,
    ConfigurationError,
    check_settings,
    production_problems,
    resolve_secret_key,
)
from massid.config import Settings

PG = "postgresql+asyncpg://massid@db:5432/massid"
GOOD_KEY = "k" * 10 + "an-operator-chosen-random-value-0123456789"


def production(tmp_path: Path, **values: Any) -> Settings:
    base: dict[str, Any] = {
        "env": "production",
        "data_dir": tmp_path,
        "database_url": PG,
        "secret_key": GOOD_KEY,
    }
    return Settings(**{**base, **values})


def test_a_safe_production_configuration_passes(tmp_path: Path) -> None:
    settings = production(tmp_path)
    assert production_problems(settings) == []
    check_settings(settings)


def test_no_secret_key(tmp_path: Path) -> None:
    (problem,) = production_problems(production(tmp_path, secret_key=None))
    assert problem.startswith("MASSID_SECRET_KEY is not set")
    assert "secrets.token_urlsafe(48)" in problem


def test_the_documented_placeholder_key(tmp_path: Path) -> None:
    (placeholder,) = PLACEHOLDER_SECRET_KEYS
    (problem,) = production_problems(production(tmp_path, secret_key=placeholder))
    assert problem.startswith("MASSID_SECRET_KEY is the documentation's placeholder")


def test_the_generated_development_key(tmp_path: Path) -> None:
    generated = resolve_secret_key(Settings(data_dir=tmp_path)).decode()
    (problem,) = production_problems(production(tmp_path, secret_key=generated))
    assert problem.startswith("MASSID_SECRET_KEY is the development key generated in")


def test_sqlite_unless_explicitly_allowed(tmp_path: Path) -> None:
    sqlite = f"sqlite+aiosqlite:///{tmp_path}/massid.db"
    (problem,) = production_problems(production(tmp_path, database_url=sqlite))
    assert "set MASSID_DATABASE_URL=postgresql+asyncpg://" in problem
    assert "MASSID_ALLOW_SQLITE_IN_PRODUCTION=true" in problem
    allowed = production(tmp_path, database_url=sqlite, allow_sqlite_in_production=True)
    assert production_problems(allowed) == []
    # The default database (no URL at all) is SQLite too.
    assert len(production_problems(production(tmp_path, database_url=None))) == 1


def test_debug_mode(tmp_path: Path) -> None:
    (problem,) = production_problems(production(tmp_path, debug=True))
    assert "set MASSID_DEBUG=false" in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    settings = production(tmp_path, secret_key=None, database_url=None, debug=True)
    with pytest.raises(ConfigurationError) as raised:
        check_settings(settings)
    message = str(raised.value)
    assert message.startswith("MASSID_ENV=production refuses to start:")
    for setting in ("MASSID_SECRET_KEY", "MASSID_DATABASE_URL", "MASSID_DEBUG=false"):
        assert setting in message


def test_development_accepts_all_of_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, debug=True)
    assert production_problems(settings) == []
    check_settings(settings)
