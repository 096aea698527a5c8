"""Run wrk with one of the Lua scripts, pinned to the load-generator core, and read its JSON."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.harness import LOAD_CPUS

LUA = Path(__file__).resolve().parent / "lua"


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    replays: int
    exhausted: int
    failed: int
    statuses: dict[str, int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(
    url: str,
    script: str,
    args: list[str],
    *,
    seconds: float,
    connections: int = 16,
    threads: int = 1,
) -> WrkResult:
    command = [
        "taskset",
        "-c",
        ",".join(map(str, sorted(LOAD_CPUS))),
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA / script),
        url,
        "--",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=LUA)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[key] for key in data if key.startswith("errors_"))
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
        replays=data["replays"],
        exhausted=data["exhausted"],
        failed=data["failed"],
        statuses=data["statuses"],
    )


def write_lines(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def environ_note() -> str:
    return f"wrk pinned to CPU {sorted(LOAD_CPUS)}, pid {os.getpid()}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
