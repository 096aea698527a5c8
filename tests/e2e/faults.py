"""A fault-injecting HTTP/1.1 proxy for end-to-end tests of the SDK.

It sits between a client and a real ``massid serve`` and, per request, at random (seeded):
- ``drop``: forwards the request, lets the server commit it, then closes the connection
  without an answer (the worst case for a client: did it happen or not?);
- ``502-after``: forwards it, then answers 502 as a gateway that lost the answer would;
- ``502`` / ``503`` / ``429`` / ``pending``: answers at once without forwarding;
- ``stall``: forwards it and holds the answer past the client's timeout;
- ``delay``: waits a little before forwarding.
Every request is logged with its arrival time, fault, status and request id. Only loopback
addresses are used; the proxy runs its own event loop in a background thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "host",
    "te",
    "upgrade",
}
BEFORE = {"502", "503", "429", "pending"}


@dataclass
class Faults:
    """Probabilities of each fault per request (the rest pass through untouched)."""

    drop: float = 0.0
    after_502: float = 0.0
    before: float = 0.0  # split evenly between 502, 503, 429 and pending
    stall: float = 0.0
    delay: float = 0.0
    stall_seconds: float = 1.5
    max_delay: float = 0.05
    only: str = ""  # apply faults only to paths containing this


@dataclass
class Record:
    at: float
    method: str
    path: str
    fault: str
    status: int | None = None
    request_id: str | None = None
    replayed: bool = False


@dataclass
class FaultProxy:
    upstream: str
    faults: Faults = field(default_factory=Faults)
    seed: int = 7
    log: list[Record] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._http: httpx.AsyncClient | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def count(self, fault: str | None = None, path: str = "") -> int:
        return sum(
            1 for r in list(self.log) if path in r.path and (fault is None or r.fault == fault)
        )

    async def _start(self) -> None:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        self._http = httpx.AsyncClient(base_url=self.upstream, timeout=60, limits=limits)
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        assert self._server is not None and self._http is not None
        self._server.close()
        # Finish every connection handler inside this loop, so none is destroyed pending
        # (and no stream writer is finalised later, in another test, after the loop closed).
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()
        await self._http.aclose()

    def _choose(self, path: str) -> str:
        faults = self.faults
        if faults.only not in path:
            return "none"
        roll = self._random.random()
        for name, chance in (
            ("drop", faults.drop),
            ("502-after", faults.after_502),
            ("before", faults.before),
            ("stall", faults.stall),
            ("delay", faults.delay),
        ):
            if roll < chance:
                return self._random.choice(sorted(BEFORE)) if name == "before" else name
            roll -= chance
        return "none"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, httpx.HTTPError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        line = await reader.readline()
        if not line.strip():
            return False
        method, target, _version = line.decode("latin-1").split()
        headers: list[tuple[str, str]] = []
        while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, value = header.decode("latin-1").split(":", 1)
            headers.append((name.strip(), value.strip()))
        length = int(next((v for n, v in headers if n.lower() == "content-length"), "0"))
        body = await reader.readexactly(length) if length else b""
        fault = self._choose(target)
        record = Record(time.monotonic(), method, target.split("?")[0], fault)
        self.log.append(record)
        if fault == "delay":
            await asyncio.sleep(self._random.random() * self.faults.max_delay)
        if fault in BEFORE:
            status, payload, extra = canned(fault)
            record.status = status
            await respond(writer, status, [("Content-Type", "application/json"), *extra], payload)
            return True
        assert self._http is not None
        forwarded = [(n, v) for n, v in headers if n.lower() not in HOP_BY_HOP]
        response = await self._http.request(method, target, headers=forwarded, content=body)
        record.request_id = response.headers.get("x-request-id")
        record.replayed = response.headers.get("idempotent-replayed") == "true"
        if fault == "drop":
            writer.transport.abort()
            return False
        if fault == "stall":
            await asyncio.sleep(self.faults.stall_seconds)
            writer.transport.abort()
            return False
        if fault == "502-after":
            record.status = 502
            await respond(writer, 502, [("Content-Type", "text/plain")], b"Bad Gateway")
            return True
        record.status = response.status_code
        kept = [(n, v) for n, v in response.headers.items() if n.lower() not in HOP_BY_HOP]
        await respond(writer, response.status_code, kept, response.content)
        return True


def canned(fault: str) -> tuple[int, bytes, list[tuple[str, str]]]:
    """The answer of a fault that never reaches the server."""
    if fault == "429":
        return 429, b'{"message": "Too Many Requests"}', [("Retry-After", "0")]
    if fault == "pending":
        error: dict[str, Any] = {
            "code": "PENDING_PROCESS_CONFLICT_ERROR",
            "message": "the same deduplicationId is being processed; retry in 2-5 s",
            "reason": "PENDING_PROCESS",
            "id": "proxy",
            "timestamp": str(int(time.time())),
        }
        return 409, json.dumps({"statusCode": 409, "errors": [error]}).encode(), []
    code = {"502": "badGateway", "503": "serviceUnavailable"}[fault]
    envelope = {"statusCode": int(fault), "errors": [{"code": code, "message": "injected"}]}
    return int(fault), json.dumps(envelope).encode(), []


async def respond(
    writer: asyncio.StreamWriter, status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    head = [f"HTTP/1.1 {status} X", *(f"{n}: {v}" for n, v in headers)]
    head.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
