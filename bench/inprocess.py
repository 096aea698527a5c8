"""CPU per request of the app itself, in-process: for A/B comparisons of code changes.

The app runs in this process behind httpx's ASGI transport (no sockets, no uvicorn), on a
fresh PostgreSQL database; 16 concurrent loops send W1-like appends, W3-like replays and
W4-like reads. Process CPU time per request (app + httpx client, the same in A and B) is
much steadier than a rate on a shared machine. Run it before and after a change:

    .venv/bin/python -m bench.inprocess [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

import httpx
from tests.factories import make_document, make_event

from bench.harness import LOAD_CPUS, PG, pg_database
from massid.api.app import create_app
from massid.bootstrap import build_container
from massid.config import Settings
from massid.storage.sql.migrate import upgrade


async def measure(url: str, requests: int) -> dict[str, float]:
    settings = Settings(database_url=url, data_dir=Path(tempfile.mkdtemp()), log_level="WARNING")
    container = build_container(settings)
    app = create_app(container=container)
    figures: dict[str, float] = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as http,
    ):
        created = await container.clients.create("Bench", "TEST")
        await container.clients.set_rate_limit(created.record.client_id, 100000)
        token = await http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(created.record.client_id, created.client_secret),
        )
        http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        documents = []
        for _ in range(requests // 90 + 1):
            response = await http.post("/documents", json=make_document())
            documents.append(response.json()["id"])
        batch = {"documentId": documents[0], "events": [make_event() for _ in range(100)]}
        read = documents.pop(0)
        (await http.post("/documents/events", json=batch)).raise_for_status()

        async def run(name: str, call: object) -> None:
            count = 0

            async def loop(index: int) -> None:
                nonlocal count
                while count < requests:
                    n = count
                    count += 1
                    response = await call(n)  # type: ignore[operator]
                    assert response.status_code < 300, response.text

            cpu, wall = time.process_time(), time.perf_counter()
            await asyncio.gather(*(loop(i) for i in range(16)))
            figures[f"{name}_cpu_ms"] = 1000 * (time.process_time() - cpu) / requests
            figures[f"{name}_rate"] = requests / (time.perf_counter() - wall)

        def append(n: int) -> object:
            event = make_event(deduplicationId=f"k{n}")
            return http.post(f"/documents/{documents[n % len(documents)]}/events", json=event)

        await run("append", append)
        await run("replay", append)
        await run("read", lambda n: http.get(f"/documents/{read}"))
    await container.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    os.sched_setaffinity(0, LOAD_CPUS)
    with pg_database() as name:
        url = f"postgresql+asyncpg://postgres@{PG}/{name}"
        upgrade(url)
        figures = asyncio.run(measure(url, args.requests))
    print(f"load average {os.getloadavg()}")
    for key, value in figures.items():
        print(f"{key:20s} {value:8.2f}")


if __name__ == "__main__":
    main()
