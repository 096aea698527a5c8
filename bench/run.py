"""The benchmark suite: baselines and W1–W6 in one run, a table printed and JSON written.

    .venv/bin/python -m bench            # full run (a few minutes)
    .venv/bin/python -m bench --quick    # every code path, short runs (under a minute)

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from tests.factories import make_event

from bench.baselines import Rate, aiosqlite_baseline, asyncpg_baselines, event_body
from bench.canonical import canonical_massids
from bench.fill import fill_events
from bench.harness import (
    LOAD_CPUS,
    PG,
    ROOT,
    SERVER_CPUS,
    Server,
    cpus_available,
    pg_database,
    pg_dsn,
    pin,
)
from bench.report import print_table, ratios
from bench.workloads import Measured, Workloads
from bench.wrk import free_port, run_wrk, write_lines, wrk_available


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="short runs (under 60 s)")
    parser.add_argument("--seconds", type=float, help="seconds per workload")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="parts to skip: sqlite, workers, bare, scale, w5, w6",
    )
    return parser.parse_args()


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.quick = args.quick
        self.seconds = args.seconds or (2.0 if args.quick else 10.0)
        self.skip = set(args.skip)
        self.figures: dict[str, Any] = {}
        self.loads: list[tuple[str, tuple[float, float, float]]] = []
        self.root = Path(tempfile.mkdtemp(prefix="massid-bench-"))

    def note_load(self, when: str) -> None:
        self.loads.append((when, os.getloadavg()))
        print(
            f"[{time.strftime('%H:%M:%S')}] {when}, load average {os.getloadavg()}", file=sys.stderr
        )

    def folder(self, name: str) -> Path:
        path = self.root / name
        path.mkdir()
        return path

    def postgresql(self) -> None:
        """Baselines and W1–W6 on one PostgreSQL database, one server process."""
        seconds = self.seconds
        with pg_database() as name, Server(self.folder("pg"), url_of(name), pg_name=name) as server:
            work = Workloads(server, server.workdir)
            reads = work.read_pool(4 if self.quick else 16)
            body = event_body(make_event())
            raw = asyncio.run(asyncpg_baselines(pg_dsn(name), body, reads, seconds, 16))
            self.figures.update({key: rate_json(rate) for key, rate in raw.items()})
            self.note_load("after PostgreSQL baselines")
            self.figures["W1"] = work.w1(seconds, 60 if self.quick else 300).as_json()
            self.figures["W2"] = work.w2(max(seconds, 3), 200 if self.quick else 800).as_json()
            self.figures["W3"] = work.w3(seconds).as_json()
            self.figures["W4"] = work.w4(seconds, reads).as_json()
            self.note_load("after W1–W4")
            if "w5" not in self.skip:
                self.figures["W5"] = work.w5(max(seconds, 4)).as_json()
            if "w6" not in self.skip:
                mass_ids = canonical_massids(server, 6 if self.quick else 60)
                self.figures["W6"] = work.w6(seconds, mass_ids).as_json()
            self.note_load("after W5–W6")

    def workers(self) -> None:
        """W1 with ``--workers 2``: the server on both cores (wrk shares one of them)."""
        cpus = SERVER_CPUS | LOAD_CPUS
        with (
            pg_database() as name,
            Server(self.folder("pg2"), url_of(name), workers=2, cpus=cpus, pg_name=name) as server,
        ):
            work = Workloads(server, server.workdir)
            self.figures["W1_workers2"] = work.w1(self.seconds, 60 if self.quick else 400).as_json()

    def sqlite(self) -> None:
        """W1 on SQLite, and raw aiosqlite at the same concurrency."""
        folder = self.folder("sqlite")
        body = event_body(make_event())
        raw = asyncio.run(aiosqlite_baseline(folder / "raw.db", body, self.seconds, 16))
        self.figures["sqlite_insert_1"] = rate_json(raw)
        with Server(folder, f"sqlite+aiosqlite:///{folder}/bench.db") as server:
            work = Workloads(server, server.workdir)
            self.figures["W1_sqlite"] = work.w1(self.seconds, 60 if self.quick else 300).as_json()

    def bare(self) -> None:
        """A bare FastAPI app under the same uvicorn options, pinned like the server."""
        folder = self.folder("bare")
        port = free_port()
        code = (
            "import uvicorn; uvicorn.run('bench.bare_app:app', host='127.0.0.1', "
            f"port={port}, log_config=None, access_log=False, proxy_headers=True)"
        )
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url)
            pin(process.pid, SERVER_CPUS)
            body = folder / "event.json"
            body.write_text(json.dumps(make_event(deduplicationId="@DEDUP@")))
            empty = write_lines(folder / "empty", [])
            for key, method, path, payload in (
                ("bare_get", "GET", "/healthz", "-"),
                ("bare_post", "POST", "/echo", str(body)),
            ):
                result = run_wrk(
                    url,
                    "requests.lua",
                    [method, path, empty, payload, "-", "bare", "1000000000", "cycle"],
                    seconds=self.seconds,
                )
                self.figures[key] = {
                    "rate": round(result.rate, 1),
                    "p50_ms": round(result.p50_ms, 2),
                    "p99_ms": round(result.p99_ms, 2),
                    "errors": result.errors,
                }
        finally:
            process.terminate()
            process.wait(10)

    def scale(self) -> None:
        """W4's p50 with 10 thousand and with 1 million events stored (50 000 in --quick)."""
        small, large = 10_000, 50_000 if self.quick else 1_000_000
        with (
            pg_database() as name,
            Server(self.folder("scale"), url_of(name), pg_name=name) as server,
        ):
            work = Workloads(server, server.workdir)
            reads = work.read_pool(4 if self.quick else 16)
            for target, key in ((small, "W4_10k"), (large, "W4_large")):
                started = time.monotonic()
                stored = asyncio.run(fill_events(pg_dsn(name), reads[0], target))
                measured: Measured = work.w4(self.seconds, reads)
                self.figures[key] = {
                    **measured.as_json(),
                    "events_stored": stored,
                    "fill_seconds": round(time.monotonic() - started, 1),
                }

    def engine(self) -> None:
        """The rule engine alone: BOLD Carbon over a loaded canonical graph, in this process."""
        from tests.methodology_factories import NOW
        from tests.methodology_scenario import Scenario

        from massid.methodologies.engine import evaluate
        from massid.methodologies.registry import METHODOLOGIES

        carbon = METHODOLOGIES["bold-carbon"]
        graph = asyncio.run(Scenario().graph())
        for _ in range(50):
            evaluate(carbon, graph, NOW)
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < min(self.seconds, 3):
            evaluate(carbon, graph, NOW)
            count += 1
        elapsed = time.perf_counter() - started
        self.figures["engine"] = {"operations": count, "rate": round(count / elapsed, 1)}

    def run(self) -> dict[str, Any]:
        self.note_load("start")
        self.engine()
        self.postgresql()
        for part in ("workers", "sqlite", "bare", "scale"):
            if part not in self.skip and not (self.quick and part == "workers"):
                getattr(self, part)()
                self.note_load(f"after {part}")
        return {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "quick": self.quick,
            "seconds_per_workload": self.seconds,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "postgresql": PG,
            },
            "pinning": {
                "server_cpus": sorted(SERVER_CPUS),
                "load_cpus": sorted(LOAD_CPUS),
                "postgresql": "unpinned (system service)",
                "workers2_server_cpus": sorted(SERVER_CPUS | LOAD_CPUS),
            },
            "load_average": [
                {"when": when, "1m": a, "5m": b, "15m": c} for when, (a, b, c) in self.loads
            ],
            "figures": self.figures,
            "ratios": ratios(self.figures),
        }


def url_of(name: str) -> str:
    return f"postgresql+asyncpg://postgres@{PG}/{name}"


def rate_json(rate: Rate) -> dict[str, Any]:
    return {
        "operations": rate.operations,
        "seconds": round(rate.seconds, 2),
        "rate": round(rate.rate, 1),
        "p50_ms": round(rate.p50_ms, 2),
        "p99_ms": round(rate.p99_ms, 2),
        "client_cpu_ms_per_op": round(rate.client_cpu_ms, 3),
        "postgres_cpu_ms_per_request": round(rate.postgres_cpu_ms, 2),
    }


def wait_healthy(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=0.5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def main() -> None:
    args = options()
    if not wrk_available():
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    if len(cpus_available()) < 2:
        sys.exit("the suite pins the server and the load generator to two different CPUs")
    os.sched_setaffinity(0, LOAD_CPUS)  # this process drives the raw baselines: load core
    started = time.monotonic()
    report = Suite(args).run()
    report["total_seconds"] = round(time.monotonic() - started, 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nJSON written to {args.json}")
