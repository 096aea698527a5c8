"""W1–W6 over real HTTP with wrk, and what each needs prepared first (pools of documents)."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from tests.factories import make_document, make_event

from bench.harness import Server, Usage, peak_rss_mib, reset_peak_rss
from bench.wrk import WrkResult, run_wrk, write_lines


@dataclass
class Measured:
    """One workload's figures; ``unit_per_request`` turns requests/s into events/s for W2."""

    result: WrkResult
    peak_rss_mib: float
    usage: dict[str, float]
    unit_per_request: int = 1

    def as_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "requests": r.requests,
            "seconds": round(r.seconds, 2),
            "rate": round(r.rate, 1),
            "units_per_s": round(r.rate * self.unit_per_request, 1),
            "p50_ms": round(r.p50_ms, 2),
            "p99_ms": round(r.p99_ms, 2),
            "errors": r.errors,
            "replays": r.replays,
            "pool_exhausted": r.exhausted,
            "failed_bodies": r.failed,
            "statuses": r.statuses,
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            # Server CPU per request: steadier than rates when other jobs share the machine.
            "server_cpu_ms_per_request": round(1000 * self.usage["server"] / max(1, r.requests), 2),
            "server_cpu_share": round(self.usage["server"] / r.seconds, 2) if r.seconds else 0,
            "postgres_cpu_ms_per_request": round(
                1000 * self.usage["postgres"] / max(1, r.requests), 2
            ),
            # Busy share of all the machine's CPUs (1.0 = every core busy, any process).
            "machine_busy": round(self.usage["machine_busy"], 2),
        }


class Workloads:
    """Everything one server's workloads need: the work folder, pools and the W1 prefix."""

    def __init__(self, server: Server, workdir: Path) -> None:
        self.server = server
        self.dir = workdir
        self.run = uuid.uuid4().hex[:8]
        assert server.client is not None
        self.token = server.client.token
        self.w1_prefix = f"w1-{self.run}"
        self.w1_pool = ""
        self.w1_sent = 0

    def file(self, name: str, content: Any) -> str:
        path = self.dir / name
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    def wrk(self, *args: str, seconds: float, unit: int = 1, **options: int) -> Measured:
        reset_peak_rss(self.server.pid)
        usage = Usage(self.server.pid, self.server.pg_name)
        result = run_wrk(self.server.url, "requests.lua", list(args), seconds=seconds, **options)
        return Measured(result, peak_rss_mib(self.server.pid), usage.done(), unit)

    def create_documents(self, count: int, name: str) -> str:
        """``count`` MassIDs created through the API (16 at a time); the file of their ids."""
        client = self.server.client
        assert client is not None

        async def create_all() -> list[str]:
            ids: list[str] = []
            async with httpx.AsyncClient(
                base_url=self.server.url, headers=client.headers, timeout=60
            ) as http:

                async def worker() -> None:
                    while len(ids) < count:
                        ids.append("")  # claim a slot before awaiting
                        created = await http.post("/documents", json=make_document())
                        created.raise_for_status()
                        ids[ids.index("")] = str(created.json()["id"])

                await asyncio.gather(*(worker() for _ in range(16)))
            return ids

        return write_lines(self.dir / f"{name}-pool", asyncio.run(create_all()))

    def w1(self, seconds: float, documents: int) -> Measured:
        """Single-event appends, 16 connections, spread over ``documents`` MassIDs."""
        self.w1_pool = self.create_documents(documents, "w1")
        event = self.file("w1-event.json", make_event(deduplicationId="@DEDUP@"))
        measured = self.wrk(
            "POST",
            "/documents/@ID@/events",
            self.w1_pool,
            event,
            self.token,
            self.w1_prefix,
            str(documents * 100),
            "stop",
            seconds=seconds,
        )
        self.w1_sent = measured.result.requests
        return measured

    def w2(self, seconds: float, documents: int) -> Measured:
        """Batches of 100 events, each batch filling one fresh MassID."""
        pool = self.create_documents(documents, "w2")
        events = [make_event(deduplicationId="@DEDUP@") for _ in range(100)]
        body = self.file("w2-batch.json", {"documentId": "@ID@", "events": events})
        return self.wrk(
            "POST",
            "/documents/events",
            pool,
            body,
            self.token,
            f"w2-{self.run}",
            str(documents),
            "stop",
            seconds=seconds,
            unit=100,
        )

    def w3(self, seconds: float) -> Measured:
        """W1's requests again, same deduplicationIds and bodies: every one a replay."""
        event = str(self.dir / "w1-event.json")
        done = max(1, self.w1_sent - 16)  # at most 16 were still in flight when W1 stopped
        return self.wrk(
            "POST",
            "/documents/@ID@/events",
            self.w1_pool,
            event,
            self.token,
            self.w1_prefix,
            str(done),
            "cycle",
            seconds=seconds,
        )

    def read_pool(self, count: int) -> list[str]:
        """``count`` MassIDs with 100 events each, for W4."""
        ids: list[str] = []
        with httpx.Client(
            base_url=self.server.url,
            headers=self.server.client.headers,  # type: ignore[union-attr]
            timeout=60,
        ) as http:
            for _ in range(count):
                created = http.post("/documents", json=make_document())
                created.raise_for_status()
                document = created.json()["id"]
                batch = {"documentId": document, "events": [make_event() for _ in range(100)]}
                http.post("/documents/events", json=batch).raise_for_status()
                ids.append(document)
        return ids

    def w4(self, seconds: float, ids: list[str]) -> Measured:
        """``GET /documents/{id}`` of MassIDs with 100 events."""
        pool = write_lines(self.dir / "w4-pool", ids)
        return self.wrk(
            "GET",
            "/documents/@ID@",
            pool,
            "-",
            self.token,
            "w4",
            "1000000000",
            "cycle",
            seconds=seconds,
        )

    def w5(self, seconds: float, integrators: int = 16) -> Measured:
        """The Quick Start flow, one simulated integrator per connection (13 requests)."""
        client = self.server.client
        assert client is not None
        basic = base64.b64encode(f"{client.client_id}:{client.secret}".encode()).decode()
        document = self.file("w5-document.json", make_document(deduplicationId="@DEDUP@"))
        event = self.file("w5-event.json", make_event(deduplicationId="@DEDUP@"))
        reset_peak_rss(self.server.pid)
        usage = Usage(self.server.pid, self.server.pg_name)
        result = run_wrk(
            self.server.url,
            "quickstart.lua",
            [basic, document, event, f"w5-{self.run}"],
            seconds=seconds,
            connections=integrators,
            threads=integrators,
        )
        return Measured(result, peak_rss_mib(self.server.pid), usage.done())

    def w6(self, seconds: float, mass_ids: list[str]) -> Measured:
        """``POST /documents/{id}/verifications`` (BOLD Carbon) of canonical MassIDs, in turn.

        The first round passes and issues a GasID; later rounds of the same MassIDs run every
        rule too and fail the last one (the MassID already has a GasID): ``failed_bodies``.
        """
        pool = write_lines(self.dir / "w6-pool", mass_ids)
        body = self.file("w6-body.json", {"methodology": "bold-carbon"})
        return self.wrk(
            "POST",
            "/documents/@ID@/verifications",
            pool,
            body,
            self.token,
            "w6",
            str(len(mass_ids)),
            "cycle",
            "count-failed",
            seconds=seconds,
        )
