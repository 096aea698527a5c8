"""Integrators and their API clients (credentials, environment, role, rate limit)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from massid.domain.clock import to_utc, utc_now
from massid.domain.ids import new_uuid
from massid.storage.ports import ClientRecord, ClientStore
from massid.storage.sql.database import Database
from massid.storage.sql.tables import clients, integrators

C = clients.c
I = integrators.c  # noqa: E741


def _record(row: Any) -> ClientRecord:
    return ClientRecord(
        client_id=row.client_id,
        integrator_id=row.integrator_id,
        integrator_name=row.name,
        participant_key=row.participant_key,
        environment=row.environment,
        role=row.role,
        secret_hash=row.secret_hash,
        enabled=bool(row.enabled),
        rate_limit=row.rate_limit,
        created_at=to_utc(row.created_at),
    )


_SELECT = sa.select(
    C.client_id,
    C.integrator_id,
    I.name,
    I.participant_key,
    C.environment,
    C.role,
    C.secret_hash,
    C.enabled,
    C.rate_limit,
    C.created_at,
).select_from(clients.join(integrators, C.integrator_id == I.id))
# Every authenticated request looks its client up: built once, the id bound.
_ONE_CLIENT = _SELECT.where(C.client_id == sa.bindparam("client_id"))


class SqlClientStore(ClientStore):
    def __init__(self, database: Database) -> None:
        self.database = database

    async def get_client(self, client_id: str) -> ClientRecord | None:
        async with self.database.read() as connection:
            row = (await connection.execute(_ONE_CLIENT, {"client_id": client_id})).first()
        return None if row is None else _record(row)

    async def create_client(
        self,
        *,
        integrator_name: str,
        participant_key: str | None,
        client_id: str,
        environment: str,
        role: str,
        secret_hash: str,
    ) -> ClientRecord:
        now = utc_now()

        async def work(connection: AsyncConnection) -> ClientRecord:
            row = (
                await connection.execute(
                    sa.select(I.id, I.participant_key).where(I.name == integrator_name)
                )
            ).first()
            if row is None:
                integrator_id = new_uuid()
                await connection.execute(
                    integrators.insert().values(
                        id=integrator_id,
                        name=integrator_name,
                        participant_key=participant_key,
                        created_at=now,
                    )
                )
            else:
                integrator_id = row.id
                if participant_key and row.participant_key != participant_key:
                    await connection.execute(
                        integrators.update()
                        .where(I.id == integrator_id)
                        .values(participant_key=participant_key)
                    )
            await connection.execute(
                clients.insert().values(
                    client_id=client_id,
                    integrator_id=integrator_id,
                    environment=environment,
                    role=role,
                    secret_hash=secret_hash,
                    enabled=True,
                    rate_limit=None,
                    created_at=now,
                )
            )
            created = (await connection.execute(_SELECT.where(C.client_id == client_id))).one()
            return _record(created)

        return await self.database.run_write(work)

    async def list_clients(self) -> list[ClientRecord]:
        async with self.database.read() as connection:
            rows = (await connection.execute(_SELECT.order_by(C.created_at, C.client_id))).all()
        return [_record(row) for row in rows]

    async def count_clients(self) -> int:
        async with self.database.read() as connection:
            return int(
                (
                    await connection.execute(sa.select(sa.func.count()).select_from(clients))
                ).scalar_one()
            )

    async def _update(self, client_id: str, **values: object) -> bool:
        async def work(connection: AsyncConnection) -> bool:
            result = await connection.execute(
                clients.update().where(C.client_id == client_id).values(**values)
            )
            return bool(result.rowcount)

        return await self.database.run_write(work)

    async def set_enabled(self, client_id: str, enabled: bool) -> bool:
        return await self._update(
            client_id, enabled=enabled, disabled_at=None if enabled else utc_now()
        )

    async def set_rate_limit(self, client_id: str, rate_limit: int | None) -> bool:
        return await self._update(client_id, rate_limit=rate_limit)
