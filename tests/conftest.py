"""Shared fixtures: every storage and API test runs against SQLite and PostgreSQL.

PostgreSQL is the server at ``MASSID_TEST_PG`` (default ``127.0.0.1:5432``, trust auth). When
it is unreachable the PostgreSQL half is skipped with a reason — or fails when ``CI=true``.
Each test session creates its own PostgreSQL database, migrates it once with Alembic, and
truncates the tables between tests; each SQLite test gets a copy of a migrated file.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

import massid.auth.secrets as client_secrets
from massid.api.app import create_app
from massid.bootstrap import Container, build_container
from massid.config import Settings
from massid.storage.sql.migrate import upgrade
from massid.storage.sql.tables import metadata

PG_HOST = os.environ.get("MASSID_TEST_PG", "127.0.0.1:5432")
PG_USER = os.environ.get("MASSID_TEST_PG_USER", "postgres")
REDIS_HOST = os.environ.get("MASSID_TEST_REDIS", "127.0.0.1:6379")
IN_CI = os.environ.get("CI", "").lower() == "true"
SECRET = "test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


def pg_url(database: str) -> str:
    return f"postgresql+asyncpg://{PG_USER}@{PG_HOST}/{database}"


def reachable(host_port: str) -> bool:
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 5432)), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host_port: str) -> None:
    """Skip (locally) or fail (in CI) when a service the test needs is unreachable."""
    if reachable(host_port):
        return
    message = f"{name} is not reachable at {host_port}"
    if IN_CI:
        pytest.fail(f"{message}, and CI=true requires it")
    pytest.skip(f"{message}; start it to run this test")


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """In-process tests hash client secrets with Argon2id at its cheapest settings.

    Production parameters cost about half a second per client on a busy 2-core machine, and
    most tests make a few clients. Servers started as processes (tests/e2e) keep the real ones.
    """
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    patch = pytest.MonkeyPatch()
    patch.setattr(client_secrets, "_HASHER", cheap)
    patch.setattr(client_secrets, "_DUMMY_HASH", cheap.hash("not a secret"))
    yield
    patch.undo()


class Clock:
    """A settable clock for the container (defaults to real time)."""

    def __init__(self) -> None:
        self.fixed: datetime | None = None

    def __call__(self) -> datetime:
        return self.fixed or datetime.now(UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
async def pg_database() -> AsyncIterator[str]:
    require_service("PostgreSQL", PG_HOST)
    name = f"massid_test_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(
        pg_url("postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = pg_url(name)
    upgrade(url)
    yield url
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def truncate(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(sa.text(f"TRUNCATE {names} CASCADE"))
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, database_kind: str, tmp_path: Path, sqlite_template: Path
) -> str:
    """A migrated database of each kind (PostgreSQL is emptied by ``clean_database``)."""
    if database_kind == "sqlite":
        path = tmp_path / "massid.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
async def clean_database(database_url: str) -> str:
    if database_url.startswith("postgresql"):
        await truncate(database_url)
    return database_url


@pytest.fixture
def clock() -> Clock:
    return Clock()


# Tests that are not about rate limits must never meet one; the rate-limit tests set their own.
UNLIMITED = {
    "rate_limit_test": 100_000,
    "rate_limit_prod": 100_000,
    "rate_limit_anonymous": 100_000,
    "token_rate_limit_per_client": 100_000,
    "token_rate_limit_per_address": 100_000,
}


def make_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "data_dir": data_dir,
        "secret_key": SECRET,
        "log_json": True,
        **UNLIMITED,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
async def container(clean_database: str, tmp_path: Path, clock: Clock) -> AsyncIterator[Container]:
    built = build_container(make_settings(clean_database, tmp_path / "data"), clock=clock)
    yield built
    await built.close()


@dataclass
class Api:
    """An in-process HTTP client for the app, with helpers to get credentials."""

    http: httpx.AsyncClient
    container: Container

    async def new_client(
        self,
        env: str = "TEST",
        role: str = "integrator",
        integrator: str | None = None,
        participant_key: str | None = None,
    ) -> dict[str, str]:
        created = await self.container.clients.create(
            integrator or f"Integrator {uuid.uuid4().hex[:8]}", env, role, participant_key
        )
        return created.as_json()

    async def token(self, credentials: dict[str, str]) -> str:
        response = await self.http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(credentials["clientId"], credentials["clientSecret"]),
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def headers(self, **kwargs: str) -> dict[str, str]:
        """Authorization headers of a brand-new client (see :meth:`new_client`)."""
        return {"Authorization": f"Bearer {await self.token(await self.new_client(**kwargs))}"}


@asynccontextmanager
async def serve_in_process(container: Container) -> AsyncIterator[Api]:
    """The app around ``container``, with an in-process HTTP client at http://massid.test."""
    app = create_app(container=container)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://massid.test") as http,
    ):
        yield Api(http=http, container=container)


@pytest.fixture
async def api(container: Container) -> AsyncIterator[Api]:
    async with serve_in_process(container) as served:
        yield served


@pytest.fixture
def redis_url() -> str:
    """The shared test Redis (``MASSID_TEST_REDIS``); tests use their own key prefix."""
    require_service("Redis", REDIS_HOST)
    return f"redis://{REDIS_HOST}/0"


@pytest.fixture
def output_dir() -> Path:
    path = Path(os.environ.get("MASSID_TEST_OUTPUT", "test-output"))
    path.mkdir(parents=True, exist_ok=True)
    return path
