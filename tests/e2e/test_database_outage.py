"""PostgreSQL outages under load: fail fast with 503, never 500, and recover without a restart.

The database is a private cluster (tests/e2e/own_postgres.py), stopped and frozen while loops
of reads and writes run against a real ``massid serve``. The Redis outage is tested in
tests/e2e/test_operations.py (``test_a_redis_outage_fails_open_and_recovers``).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.e2e.own_postgres import OwnPostgres, own_postgres
from tests.e2e.server import ServerProcess
from tests.e2e.test_quickstart import exports_from, token
from tests.factories import make_document, make_event

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
__all__ = ["own_postgres"]  # the fixture, imported to be used here

DB_TIMEOUT = 1.5  # MASSID_DB_TIMEOUT_SECONDS and _STATEMENT_TIMEOUT_SECONDS of the server
# The configured timeout, plus up to 2 s in which SQLAlchemy closes a connection whose
# statement timed out (its graceful close of asyncpg connections), plus 2 s for a busy machine.
FAST_ENOUGH = DB_TIMEOUT + 2 + 2


@dataclass
class Answer:
    started: float
    seconds: float
    status: int
    code: str | None


@dataclass
class Traffic:
    """Loops of reads and writes, each answer kept with its time and error code."""

    server: ServerProcess
    headers: dict[str, str]
    document: str
    credentials: tuple[str, str]
    answers: list[Answer] = field(default_factory=list)
    counter: int = 0

    def requests(self) -> Iterator[tuple[str, str, dict[str, object] | None]]:
        while True:
            self.counter += 1
            key = f"outage-{self.counter}"
            event = make_event(deduplicationId=key)
            yield "GET", f"/documents/{self.document}", None
            yield "POST", f"/documents/{self.document}/events", event
            batch = [make_event(deduplicationId=f"{key}-b{n}") for n in range(3)]
            yield "POST", "/documents/events", {"documentId": self.document, "events": batch}
            yield "GET", "/documents?limit=5", None
            yield "POST", "/documents", make_document(deduplicationId=key)

    async def loop(self, http: httpx.AsyncClient, stop: float) -> None:
        for method, path, body in self.requests():
            if time.monotonic() >= stop:
                return
            started = time.monotonic()
            response = await http.request(
                method, self.server.url + path, json=body, headers=self.headers
            )
            code = None
            if response.status_code >= 400:
                code = response.json()["errors"][0]["code"]
            self.answers.append(
                Answer(started, time.monotonic() - started, response.status_code, code)
            )

    def since(self, moment: float) -> list[Answer]:
        """The answers to requests sent from ``moment`` on."""
        return [answer for answer in self.answers if answer.started >= moment]


def start_server(tmp_path: Path, cluster: OwnPostgres) -> tuple[ServerProcess, Traffic]:
    env = {
        "MASSID_DB_TIMEOUT_SECONDS": str(DB_TIMEOUT),
        "MASSID_DB_STATEMENT_TIMEOUT_SECONDS": str(DB_TIMEOUT),
        "MASSID_MAX_EVENTS_PER_DOCUMENT": "100000",
    }
    server = ServerProcess(tmp_path, cluster.url, extra_env=env).start()
    exports = exports_from(server.output())
    access = token(server.url, exports["CLIENT_ID"], exports["CLIENT_SECRET"])
    headers = {"Authorization": f"Bearer {access}"}
    created = httpx.post(f"{server.url}/documents", json=make_document(), headers=headers)
    assert created.status_code == 201, created.text
    credentials = (exports["CLIENT_ID"], exports["CLIENT_SECRET"])
    return server, Traffic(server, headers, created.json()["id"], credentials)


def check_unavailable(answers: list[Answer], label: str) -> None:
    """Every answer is a 2xx/3xx or a 503 serviceUnavailable, and came fast enough."""
    statuses = Counter((answer.status, answer.code) for answer in answers)
    slowest = max(answer.seconds for answer in answers)
    print(f"{label}: {len(answers)} answers {dict(statuses)}, slowest {slowest:.2f} s")
    assert {status for status, _ in statuses if status >= 400} <= {503}, dict(statuses)
    assert {code for status, code in statuses if status == 503} <= {"serviceUnavailable"}
    assert slowest <= FAST_ENOUGH, f"a request took {slowest:.2f} s"


async def readyz(http: httpx.AsyncClient, server: ServerProcess) -> tuple[int, float]:
    started = time.monotonic()
    response = await http.get(f"{server.url}/readyz")
    return response.status_code, time.monotonic() - started


async def token_during_outage(http: httpx.AsyncClient, traffic: Traffic) -> None:
    """The token endpoint answers a 503 in the envelope too (not an OAuth error, not a 500)."""
    started = time.monotonic()
    response = await http.post(
        f"{traffic.server.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=traffic.credentials,
    )
    assert time.monotonic() - started <= FAST_ENOUGH
    assert response.status_code == 503, response.text
    assert response.json()["errors"][0]["code"] == "serviceUnavailable"
    assert response.headers["retry-after"]


async def recovery(http: httpx.AsyncClient, traffic: Traffic, since: float) -> float:
    """Seconds from ``since`` until a write and /readyz succeed again (polled)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event = make_event(deduplicationId=f"probe-{time.monotonic()}")
        path = f"{traffic.server.url}/documents/{traffic.document}/events"
        response = await http.post(path, json=event, headers=traffic.headers)
        if response.status_code == 201 and (await readyz(http, traffic.server))[0] == 200:
            return time.monotonic() - since
        await asyncio.sleep(0.1)
    raise AssertionError(
        f"the server did not recover within 30 s of the database's return: {response.text}"
    )


@pytest.mark.parametrize("outage", ["stopped", "frozen"])
async def test_a_database_outage_fails_fast_and_recovers_by_itself(
    tmp_path: Path, own_postgres: OwnPostgres, outage: str
) -> None:
    server, traffic = start_server(tmp_path, own_postgres)
    try:
        assert server.process is not None
        pid = server.process.pid
        async with httpx.AsyncClient(timeout=30) as http:
            stop = time.monotonic() + 8
            loops = [asyncio.create_task(traffic.loop(http, stop)) for _ in range(4)]
            await asyncio.sleep(1)
            down = time.monotonic()
            if outage == "stopped":
                own_postgres.stop("fast")
            else:
                own_postgres.freeze()
            await asyncio.sleep(0.5)
            ready_status, ready_seconds = await readyz(http, server)
            await token_during_outage(http, traffic)
            await asyncio.sleep(3.5)  # the outage outlasts FAST_ENOUGH: a hung request shows
            back = time.monotonic()
            if outage == "stopped":
                own_postgres.start()
            else:
                own_postgres.thaw()
            recovered = await recovery(http, traffic, back)
            await asyncio.gather(*loops)
        print(f"{outage}: /readyz answered {ready_status} in {ready_seconds:.2f} s; ", end="")
        print(f"service back {recovered:.2f} s after the database")
        assert ready_status == 503
        assert ready_seconds <= FAST_ENOUGH
        before = [a for a in traffic.answers if a.started + a.seconds < down]
        assert before and {answer.status for answer in before} <= {200, 201}
        during = [answer for answer in traffic.since(down) if answer.started < back]
        assert any(answer.status == 503 for answer in during), "the outage went unnoticed"
        check_unavailable(traffic.answers, outage)
        assert recovered < 15
        assert server.process.poll() is None and server.process.pid == pid  # never restarted
    finally:
        server.stop()
    output = server.output()
    assert "Traceback" not in output
    assert '"status": 500' not in output
