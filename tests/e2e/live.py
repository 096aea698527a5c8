"""A live ``massid serve`` for the SDK's end-to-end tests, shared by a module per database."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from massid.bootstrap import Container, build_container
from tests.conftest import make_settings
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

    async def new_client(self, env: str = "TEST", role: str = "integrator") -> dict[str, str]:
        """Create another API client in the server's database, as ``massid clients`` does."""
        container = self._container()
        try:
            created = await container.clients.create(f"E2E {uuid.uuid4().hex[:8]}", env, role)
        finally:
            await container.close()
        return created.as_json()

    async def disable(self, client_id: str) -> None:
        container = self._container()
        try:
            await container.clients.disable(client_id)
        finally:
            await container.close()

    def _container(self) -> Container:
        return build_container(make_settings(self.database_url, self.server.workdir / "cli"))

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
