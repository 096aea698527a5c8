"""The hostile corpus's transport-level entries against a real ``massid serve`` process.

Huge bodies (with and without Content-Length), headers and URLs too long, lying lengths: what
uvicorn and the outermost middleware see before the app does. Each is sent over a raw socket;
each must be answered with one of its 4xx in the envelope (or, for what the HTTP server itself
will not parse, its own plain 4xx or the connection closed); the process must stay up with its
peak memory bounded, and the database must be unchanged.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.dbstate import snapshot
from tests.e2e.live import credentials_from
from tests.e2e.server import ServerProcess
from tests.factories import make_document
from tests.hostile.corpus import HostileRequest, build, load

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TRANSPORT = [entry for entry in load() if entry.get("transport") or entry.get("transport_only")]
RSS_GROWTH_LIMIT_MB = 150


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of ``pid`` in MB (``VmHWM``: its peak so far)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def raw_bytes(request: HostileRequest) -> tuple[bytes, bytes]:
    """(request head, body bytes as sent on the wire)."""
    path = quote(request.path, safe="/?=&%:;$'@!*(),+~-._")
    lines = [f"{request.method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1"]
    names = {name.lower() for name, _ in request.headers}
    lines += [name.encode() + b": " + value for name, value in request.headers]
    body = request.body or b""
    chunked = bool(request.entry.get("chunked"))
    if chunked:
        lines.append(b"Transfer-Encoding: chunked")
        size = 64 * 1024
        pieces = [body[i : i + size] for i in range(0, len(body), size)]
        body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    elif "content-length" not in names:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n", body


def send(port: int, request: HostileRequest) -> tuple[int | None, bytes]:
    """Send the request; the status and body of the answer (None: closed without one)."""
    head, body = raw_bytes(request)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(head)
            for start in range(0, len(body), 256 * 1024):
                sock.sendall(body[start : start + 256 * 1024])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early and closed: read what it said
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    if not received.startswith(b"HTTP/1."):
        return None, received
    status = int(received.split(b" ", 2)[1])
    return status, received.partition(b"\r\n\r\n")[2]


def test_transport_level_hostile_requests_are_refused(tmp_path: Path) -> None:
    database = tmp_path / "hostile.db"
    url = f"sqlite+aiosqlite:///{database}"
    with ServerProcess(tmp_path, url) as server:
        assert server.process is not None
        client_id, secret = credentials_from(server.output())
        token = httpx.post(
            f"{server.url}/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        created = httpx.post(f"{server.url}/documents", json=make_document(), headers=auth)
        assert created.status_code == 201, created.text
        document_id = created.json()["id"]
        before = asyncio.run(_snapshot(url))
        baseline = rss_mb(server.process.pid)
        problems: list[str] = []
        statuses: dict[int | None, int] = {}
        for entry in TRANSPORT:
            request = build(entry, document_id, token)
            status, body = send(server.port, request)
            statuses[status] = statuses.get(status, 0) + 1
            # uvicorn refuses some requests itself (a 100-KB URL, a negative Content-Length)
            # with a plain 400, or closes the connection: still a refusal, never the app's.
            server_level = bool(entry.get("transport_only"))
            closed_ok = status is None and server_level
            if status not in request.expect and not closed_ok:
                problems.append(f"{request.id}: {status} {body[:200]!r}, expected {request.expect}")
            elif status is not None and b'"statusCode"' not in body and not server_level:
                problems.append(f"{request.id}: {status} without the envelope: {body[:200]!r}")
            assert server.process.poll() is None, f"the server died on {request.id}"
        peak = rss_mb(server.process.pid, "VmHWM")
        health = httpx.get(f"{server.url}/healthz")
        after = asyncio.run(_snapshot(url))
    assert not problems, "\n".join(problems)
    assert health.status_code == 200
    assert peak - baseline < RSS_GROWTH_LIMIT_MB, (
        f"RSS peaked at {peak:.0f}, from {baseline:.0f} MB"
    )
    assert after == before, "a refused request wrote to the database"
    print(f"{len(TRANSPORT)} transport-level requests refused; RSS {baseline:.0f} MB before,")
    print(f"peak {peak:.0f} MB")
    print("statuses:", sorted(statuses.items(), key=str))


async def _snapshot(url: str) -> dict[str, list[str]]:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        return await snapshot(engine)
    finally:
        await engine.dispose()
