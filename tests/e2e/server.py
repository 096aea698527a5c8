"""Run ``massid serve`` as a real process for end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import SECRET

# Servers of tests that are not about rate limits never meet one; those tests set their own.
GENEROUS_LIMITS = {
    "MASSID_RATE_LIMIT_TEST": "100000",
    "MASSID_RATE_LIMIT_PROD": "100000",
    "MASSID_RATE_LIMIT_ANONYMOUS": "100000",
    "MASSID_TOKEN_RATE_LIMIT_PER_CLIENT": "100000",
    "MASSID_TOKEN_RATE_LIMIT_PER_ADDRESS": "100000",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """One ``massid serve`` process; its output is kept in a log file."""

    def __init__(
        self,
        workdir: Path,
        database_url: str | None,
        *,
        port: int | None = None,
        extra_env: dict[str, str] | None = None,
        args: list[str] | None = None,
        secret: str | None = SECRET,
    ) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.log_path = workdir / f"server-{self.port}.log"
        self.env = {
            **os.environ,
            "MASSID_DATA_DIR": str(workdir / "massid-data"),
            "PYTHONUNBUFFERED": "1",
            **GENEROUS_LIMITS,
            **(extra_env or {}),
        }
        if database_url:
            self.env["MASSID_DATABASE_URL"] = database_url
        if secret:
            self.env["MASSID_SECRET_KEY"] = secret
        self.args = args or []
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> ServerProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "massid", "serve", "--port", str(self.port), *self.args],
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill_group reaches every worker
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=0.5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout}s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(5)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def kill_group(self) -> None:
        """SIGKILL the server and every process it forked (``--workers``), like a crash."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
