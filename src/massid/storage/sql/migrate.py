"""Run the Alembic migrations programmatically (``massid db upgrade``, ``massid serve``)."""

from __future__ import annotations

import asyncio
import threading
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _in_thread(target: object) -> None:
    """Run ``target`` in a fresh thread: Alembic's env uses ``asyncio.run``."""
    errors: list[BaseException] = []

    def runner() -> None:
        try:
            target()  # type: ignore[operator]
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=runner, name="massid-migrate")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (callable inside or outside a loop)."""
    _in_thread(lambda: command.upgrade(alembic_config(url), revision))


@cache
def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return heads[0]


def _read_revision(sync: Connection) -> str | None:
    return MigrationContext.configure(sync).get_current_revision()


async def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (None when never migrated)."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        return await engine_revision(engine)
    finally:
        await engine.dispose()


async def engine_revision(engine: AsyncEngine) -> str | None:
    """The revision of the database behind a running engine (``/readyz``)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_read_revision)


def current_revision_sync(url: str) -> str | None:
    result: list[str | None] = []
    _in_thread(lambda: result.append(asyncio.run(current_revision(url))))
    return result[0]
