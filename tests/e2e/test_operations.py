"""A real server's operations: graceful shutdown, a Redis outage, production settings."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from massid.bootstrap import PLACEHOLDER_SECRET_KEYS
from tests.conftest import IN_CI, SECRET
from tests.e2e.server import ServerProcess, free_port
from tests.e2e.test_quickstart import exports_from, token
from tests.factories import make_document

pytestmark = pytest.mark.e2e


def bearer(server: ServerProcess) -> str:
    exports = exports_from(server.output())
    return f"Bearer {token(server.url, exports['CLIENT_ID'], exports['CLIENT_SECRET'])}"


def read_response(sock: socket.socket) -> tuple[bytes, bytes]:
    """The status line and body of one HTTP/1.1 response with a Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head.split(b"\r\n", 1)[0], body


def refused(port: int, seconds: float = 10) -> bool:
    """True once new connections to ``port`` are refused (polled, up to ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_lets_an_in_flight_request_finish(
    tmp_path: Path, server_database: str, workers: str
) -> None:
    server = ServerProcess(tmp_path, server_database, args=["--workers", workers]).start()
    try:
        authorization = bearer(server)
        body = json.dumps(make_document(deduplicationId="in-flight")).encode()
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        sock.sendall(
            b"POST /documents HTTP/1.1\r\nHost: massid\r\nContent-Type: application/json\r\n"
            + f"Authorization: {authorization}\r\nContent-Length: {len(body)}\r\n".encode()
            + b"Expect: 100-continue\r\n\r\n"
        )
        # "100 Continue" comes when the app asks for the body: the request is in flight.
        status, _ = sock.recv(1024).split(b"\r\n", 1)
        assert status == b"HTTP/1.1 100 Continue"
        assert server.process is not None
        server.process.send_signal(signal.SIGTERM)
        assert refused(server.port), "new connections were still accepted after SIGTERM"
        sock.sendall(body)  # the rest of the slow request, after the signal
        status, response = read_response(sock)
        sock.close()
        assert status == b"HTTP/1.1 201 Created"
        assert set(json.loads(response)) >= {"id"}
        # uvicorn re-raises the signal once it has drained: "terminated by SIGTERM", which
        # systemd and container runtimes count as a clean stop.
        assert server.process.wait(30) in (0, -signal.SIGTERM)
    finally:
        server.stop()
    lines = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    assert [line["status"] for line in lines if line.get("route") == "/documents"] == [201]


class OwnRedis:
    """A Redis server of a test's own (the shared one must never be stopped)."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.command = [binary, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.command += ["--dir", str(workdir)]
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*self.command, "--port", str(self.port)], stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is not installed, and CI=true requires it")
        pytest.skip("redis-server is not installed")
    server = OwnRedis(binary, tmp_path)
    server.start()
    yield server
    server.stop()


def redis_keys(port: int) -> list[str]:
    import redis

    client = redis.Redis(port=port)
    try:
        return [key.decode() for key in client.scan_iter(match="massid:rl:client:*")]
    finally:
        client.close()


def metric(url: str, name: str) -> float:
    for line in httpx.get(f"{url}/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def test_a_redis_outage_fails_open_and_recovers(tmp_path: Path, own_redis: OwnRedis) -> None:
    port = own_redis.port
    env = {"MASSID_REDIS_URL": f"redis://127.0.0.1:{port}/0", "MASSID_REDIS_RETRY_SECONDS": "0.5"}
    database = f"sqlite+aiosqlite:///{tmp_path / 'outage.db'}"
    with ServerProcess(tmp_path, database, extra_env=env) as server:
        headers = {"Authorization": bearer(server)}
        url = f"{server.url}/documents/0194f0e2-0000-7000-8000-000000000000"
        assert httpx.get(url, headers=headers).status_code == 404
        assert redis_keys(port)

        own_redis.stop()
        during = [httpx.get(url, headers=headers) for _ in range(10)]
        assert {r.status_code for r in during} == {404}  # served, and still limited locally
        assert all("ratelimit" in r.headers for r in during)
        ready = httpx.get(f"{server.url}/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"]["rateLimits"] == "redis unavailable"
        assert metric(server.url, "massid_ratelimit_backend_failures_total") >= 1
        assert metric(server.url, "massid_ratelimit_fallback_decisions_total") >= 10
        assert server.output().count('"ratelimit_backend_unavailable"') == 1

        own_redis.start()  # on the same port, empty
        deadline = time.monotonic() + 15
        while not redis_keys(port) and time.monotonic() < deadline:
            assert httpx.get(url, headers=headers).status_code == 404
            time.sleep(0.1)
        assert redis_keys(port), "the server did not go back to Redis"
        assert '"ratelimit_backend_recovered"' in server.output()
        assert httpx.get(f"{server.url}/readyz").json()["checks"]["rateLimits"] == "redis ok"


def serve_exit(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``massid serve`` with ``env`` (no inherited MASSID_* settings) and wait for it."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("MASSID_")}
    return subprocess.run(
        [sys.executable, "-m", "massid", "serve", "--port", str(free_port())],
        env={**clean, "MASSID_DATA_DIR": str(tmp_path / "data"), **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


PG_SETTINGS = {"MASSID_DATABASE_URL": "postgresql+asyncpg://massid@127.0.0.1:1/massid"}


@pytest.mark.parametrize(
    ("env", "says"),
    [
        (PG_SETTINGS, "MASSID_SECRET_KEY is not set"),
        (
            {**PG_SETTINGS, "MASSID_SECRET_KEY": next(iter(PLACEHOLDER_SECRET_KEYS))},
            "MASSID_SECRET_KEY is the documentation's placeholder",
        ),
        ({"MASSID_SECRET_KEY": SECRET}, "set MASSID_DATABASE_URL=postgresql+asyncpg://"),
        (
            {**PG_SETTINGS, "MASSID_SECRET_KEY": SECRET, "MASSID_DEBUG": "true"},
            "set MASSID_DEBUG=false",
        ),
    ],
    ids=["no-key", "placeholder-key", "sqlite", "debug"],
)
def test_production_refuses_unsafe_settings(tmp_path: Path, env: dict[str, str], says: str) -> None:
    result = serve_exit(tmp_path, MASSID_ENV="production", **env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "MASSID_ENV=production refuses to start" in result.stderr
    assert says in result.stderr
    assert not (tmp_path / "data" / "massid.db").exists()  # refused before touching anything


def test_production_starts_with_safe_settings(tmp_path: Path, postgres_database: str) -> None:
    env = {"MASSID_ENV": "production", "MASSID_DEBUG": "false"}
    with ServerProcess(tmp_path, postgres_database, extra_env=env) as server:
        assert httpx.get(f"{server.url}/readyz").status_code == 200
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'one-host.db'}"
    allowed = {**env, "MASSID_ALLOW_SQLITE_IN_PRODUCTION": "true"}
    with ServerProcess(tmp_path, sqlite, extra_env=allowed) as server:
        assert httpx.get(f"{server.url}/readyz").status_code == 200
