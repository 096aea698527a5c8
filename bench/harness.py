"""Servers, databases, CPU pinning and memory readings shared by the benchmark suite."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
from tests.e2e.server import ServerProcess
from tests.e2e.test_quickstart import exports_from

PG = os.environ.get("MASSID_TEST_PG", "127.0.0.1:5432")
ROOT = Path(__file__).resolve().parents[1]

# Two cores: the server on one, the load generator (wrk, or this process for the raw
# baselines) on the other. PostgreSQL is a system service and stays unpinned.
SERVER_CPUS = {0}
LOAD_CPUS = {1}


def cpus_available() -> set[int]:
    return set(os.sched_getaffinity(0))


def pin(pid: int, cpus: set[int]) -> None:
    """Pin a process and all its threads (and its child processes) to ``cpus``."""
    for each in [pid, *children(pid)]:
        for task in Path(f"/proc/{each}/task").iterdir():
            with suppress(ProcessLookupError, FileNotFoundError):
                os.sched_setaffinity(int(task.name), cpus)


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        listed = task / "children"
        if listed.exists():
            found += [int(child) for child in listed.read_text().split()]
    return found


def _status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by a process and its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in [pid, *children(pid)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def postgres_backends(database: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to ``database``."""
    ticks = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().decode(errors="replace")
            # Client backends only ("postgres: 15/main: USER DB HOST(PORT) STATE"): not the
            # autovacuum workers, whose work comes in bursts unrelated to the one request.
            if not title.startswith("postgres: ") or f" {database} " not in title:
                continue
            if "autovacuum" in title:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return found


class Usage:
    """CPU used during a workload: the server's, its database backends', the machine's share.

    Backends that close during the workload are missed (the pool keeps most open), and
    autovacuum and the WAL writer are not counted, so the PostgreSQL figure is a floor.
    """

    def __init__(self, pid: int, database: str | None) -> None:
        self.pid, self.database = pid, database
        self.server = cpu_seconds(pid)
        self.backends = postgres_backends(database) if database else {}
        self.machine = machine_ticks()

    def done(self) -> dict[str, float]:
        server = cpu_seconds(self.pid) - self.server
        postgres = 0.0
        if self.database:
            for pid, used in postgres_backends(self.database).items():
                postgres += used - self.backends.get(pid, 0.0)
        busy, total = machine_ticks()
        share = (busy - self.machine[0]) / max(1, total - self.machine[1])
        return {"server": server, "postgres": postgres, "machine_busy": share}


def reset_peak_rss(pid: int) -> None:
    """Reset the kernel's resident-set high-water mark (VmHWM) of a process and its workers."""
    for each in [pid, *children(pid)]:
        Path(f"/proc/{each}/clear_refs").write_text("5")


def peak_rss_mib(pid: int) -> float:
    """The largest VmHWM among the server process and its workers, in MiB (per process)."""
    return max(_status(each, "VmHWM:") for each in [pid, *children(pid)]) / 1024


async def admin(statement: str) -> None:
    connection = await asyncpg.connect(f"postgresql://postgres@{PG}/postgres")
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database (its name), dropped afterwards."""
    name = f"massid_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def pg_dsn(name: str) -> str:
    return f"postgresql://postgres@{PG}/{name}"


@dataclass
class Client:
    client_id: str
    secret: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Server:
    """A real ``massid serve`` pinned to the server core, with its benchmark clients."""

    workdir: Path
    database_url: str
    workers: int = 1
    cpus: set[int] = field(default_factory=lambda: set(SERVER_CPUS))
    env: dict[str, str] = field(default_factory=dict)
    pg_name: str | None = None
    process: ServerProcess | None = None
    client: Client | None = None

    @property
    def url(self) -> str:
        assert self.process is not None
        return self.process.url

    @property
    def pid(self) -> int:
        assert self.process is not None and self.process.process is not None
        return self.process.process.pid

    def start(self) -> Server:
        env = {"MASSID_LOG_LEVEL": "WARNING", **self.env}
        self.process = ServerProcess(
            self.workdir, self.database_url, extra_env=env, args=["--workers", str(self.workers)]
        )
        self.process.start(timeout=90)
        if self.workers > 1:
            deadline = time.monotonic() + 30
            while len(children(self.pid)) < self.workers and time.monotonic() < deadline:
                time.sleep(0.2)
        pin(self.pid, self.cpus)
        exports = exports_from(self.process.output())
        self.client = self.lifted(exports["CLIENT_ID"], exports["CLIENT_SECRET"])
        return self

    def cli(self, *args: str) -> str:
        assert self.process is not None
        done = subprocess.run(
            [sys.executable, "-m", "massid", *args],
            env=self.process.env,
            cwd=self.workdir,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"massid {' '.join(args)}: {done.stderr}{done.stdout}")
        return done.stdout

    def lifted(self, client_id: str, secret: str) -> Client:
        """The client with its rate limit out of the way, and a token for it."""
        self.cli("clients", "update", client_id, "--rate", "100000")
        response = httpx.post(
            f"{self.url}/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
        )
        response.raise_for_status()
        return Client(client_id, secret, str(response.json()["access_token"]))

    def new_client(self, integrator: str, role: str) -> Client:
        out = self.cli(
            "clients", "create", "--integrator", integrator, "--env", "TEST", "--role", role
        )
        created = json.loads(out[out.index("{") :])
        return self.lifted(created["clientId"], created["clientSecret"])

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
