"""Engines and transactions for SQLite (embedded default) and PostgreSQL.

SQLite: WAL, ``synchronous=FULL``, and one writer connection per process whose transactions
start with ``BEGIN IMMEDIATE``. Writers in one process queue on that single connection, and
writers of other processes wait on SQLite's busy timeout, so a write never fails with
"database is locked" mid-transaction. Reads use a separate pool and see committed data.

PostgreSQL: one pool; write transactions that hit a serialization failure, a deadlock or a
unique-key race are retried with jitter by :meth:`Database.run_write`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from massid.domain.errors import ServiceUnavailable

T = TypeVar("T")

RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


class RetryableConflict(Exception):
    """Raised inside a write transaction to have it rolled back and run again."""


def _sqlstate(error: DBAPIError) -> str | None:
    orig = error.orig
    for attribute in ("sqlstate", "pgcode"):
        value = getattr(orig, attribute, None)
        if isinstance(value, str):
            return value
    cause = getattr(orig, "__cause__", None)
    value = getattr(cause, "sqlstate", None)
    return value if isinstance(value, str) else None


def is_connection_error(error: BaseException) -> bool:
    """True when ``error`` means the database cannot be reached (as opposed to bad SQL)."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        state = _sqlstate(error)
        if state is not None and state[:2] in {"08", "57"}:
            return True
        return isinstance(error.orig, (OSError, ConnectionError)) or isinstance(
            getattr(error.orig, "__cause__", None), (OSError, ConnectionError)
        )
    return isinstance(error, (OSError, ConnectionError, TimeoutError))


class Database:
    """The engines of one deployment and the transaction helpers every repository uses."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 20,
        max_overflow: int = 0,
        timeout_seconds: float = 5.0,
        statement_timeout_seconds: float = 30.0,
        busy_timeout_ms: int = 30_000,
        write_retries: int = 8,
    ) -> None:
        self.url = url
        self.dialect = make_url(url).get_backend_name()
        self.write_retries = write_retries
        self.timeout_seconds = timeout_seconds
        if self.dialect == "sqlite":
            self._prepare_sqlite_path(url)
            self.read_engine = self._sqlite_engine(url, busy_timeout_ms, pool_size, "BEGIN")
            self.write_engine = self._sqlite_engine(url, busy_timeout_ms, 1, "BEGIN IMMEDIATE")
        else:
            self.read_engine = create_async_engine(
                url,
                poolclass=AsyncAdaptedQueuePool,
                pool_size=pool_size,
                max_overflow=max_overflow,
                pool_timeout=timeout_seconds,
                pool_pre_ping=False,
                connect_args={
                    "timeout": timeout_seconds,
                    "command_timeout": statement_timeout_seconds,
                    "server_settings": {"application_name": "massid"},
                },
            )
            self.write_engine = self.read_engine

    @staticmethod
    def _prepare_sqlite_path(url: str) -> None:
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def _sqlite_engine(url: str, busy_ms: int, pool_size: int, begin: str) -> AsyncEngine:
        engine = create_async_engine(
            url,
            poolclass=AsyncAdaptedQueuePool,
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=max(busy_ms / 1000, 30.0),
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Take transaction control from the driver so BEGIN IMMEDIATE is ours to send.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql(begin)

        return engine

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """Reads of committed data.

        SQLite: one read transaction, so every statement sees the same snapshot. PostgreSQL:
        autocommit statements. At READ COMMITTED (the default, and what the write path is
        built for) each statement takes its own snapshot inside a transaction too, so
        BEGIN and COMMIT bought nothing but two round trips on every read (bench/, W4).
        """
        try:
            async with self.read_engine.connect() as connection:
                if self.dialect == "postgresql":
                    await connection.execution_options(isolation_level="AUTOCOMMIT")
                    yield connection
                else:
                    async with connection.begin():
                        yield connection
        except DBAPIError as error:
            if is_connection_error(error):
                raise ServiceUnavailable("the database is unavailable; retry later") from error
            raise
        except (OSError, TimeoutError) as error:
            raise ServiceUnavailable("the database is unavailable; retry later") from error

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        async with self.write_engine.connect() as connection, connection.begin():
            yield connection

    async def run_write(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction; commit, or retry on a transient conflict.

        Unique-key races (two requests creating the same participant or deduplication key at
        once) surface as ``IntegrityError``; the retry then sees the winner's committed row.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._write() as connection:
                    return await work(connection)
            except (RetryableConflict, IntegrityError) as error:
                if attempt >= self.write_retries:
                    if isinstance(error, IntegrityError):
                        raise
                    raise ServiceUnavailable("too much contention; retry later") from error
            except DBAPIError as error:
                if is_connection_error(error):
                    raise ServiceUnavailable("the database is unavailable; retry later") from error
                if _sqlstate(error) not in RETRYABLE_SQLSTATES or attempt >= self.write_retries:
                    raise
            except (OSError, TimeoutError) as error:
                raise ServiceUnavailable("the database is unavailable; retry later") from error
            await asyncio.sleep(random.uniform(0, 0.005 * 2**attempt))

    async def ping(self) -> bool:
        """True when a trivial query succeeds within the configured timeout."""
        try:
            async with asyncio.timeout(self.timeout_seconds):
                async with self.read_engine.connect() as connection:
                    await connection.execute(sa.text("SELECT 1"))
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        await self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            await self.write_engine.dispose()
