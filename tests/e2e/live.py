"""A live ``massid serve`` for the SDK's end-to-end tests, shared by a module per database."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.e2e.server import ServerProcess


@dataclass
class Live:
    server: ServerProcess
    database_url: str
    client_id: str
    client_secret: str

    @property
    def url(self) -> str:
        return self.server.url

    def new_client(self, env: str = "TEST", role: str = "integrator") -> dict[str, str]:
        """Create another API client with the CLI, as an operator would."""
        result = subprocess.run(
            [sys.executable, "-m", "massid", "clients", "create"]
            + ["--integrator", f"E2E {role} {env}", "--env", env, "--role", role],
            env=self.server.env,
            cwd=self.server.workdir,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        created: dict[str, str] = json.loads(result.stdout)
        return created

    def disable(self, client_id: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "massid", "clients", "disable", client_id],
            env=self.server.env,
            cwd=self.server.workdir,
            capture_output=True,
            timeout=60,
            check=True,
        )

    async def stored_by(self, client_id: str) -> tuple[int, int]:
        """(documents, events) stored by a client, read from the database itself."""
        engine = create_async_engine(self.database_url, poolclass=NullPool)
        mine = "SELECT id FROM documents WHERE client_id = :client"
        async with engine.connect() as connection:
            documents = await connection.scalar(
                sa.text(f"SELECT count(*) FROM ({mine}) AS mine"), {"client": client_id}
            )
            events = await connection.scalar(
                sa.text(f"SELECT count(*) FROM events WHERE document_id IN ({mine})"),
                {"client": client_id},
            )
        await engine.dispose()
        return int(documents or 0), int(events or 0)


def credentials_from(output: str) -> tuple[str, str]:
    found = dict(re.findall(r"export (CLIENT_ID|CLIENT_SECRET)='?([^'\n]+)'?", output))
    return found["CLIENT_ID"], found["CLIENT_SECRET"]
