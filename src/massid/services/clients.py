"""Operator use cases on API clients: create (secret shown once), list, disable, limits."""

from __future__ import annotations

from dataclasses import dataclass

from massid.auth.secrets import new_client_id, new_client_secret
from massid.domain.access import ROLES
from massid.domain.errors import NotFound, ValidationFailed
from massid.services.secret_work import hash_secret_off_loop
from massid.storage.ports import ClientRecord, ClientStore

ENVIRONMENTS = ("TEST", "PROD")
MAX_RATE = 100_000  # a moving window keeps one entry per request in it


@dataclass(frozen=True, slots=True)
class CreatedClient:
    record: ClientRecord
    client_secret: str

    def as_json(self) -> dict[str, str]:
        return {
            "clientId": self.record.client_id,
            "clientSecret": self.client_secret,
            "integratorId": self.record.integrator_id,
            "environment": self.record.environment,
            "role": self.record.role,
        }


class ClientService:
    def __init__(self, clients: ClientStore) -> None:
        self.clients = clients

    async def create(
        self,
        integrator: str,
        environment: str,
        role: str = "integrator",
        participant_key: str | None = None,
    ) -> CreatedClient:
        """Create a client (and its integrator on first use); the secret is returned once."""
        if not integrator.strip():
            raise ValidationFailed("/integrator", "the integrator name must not be empty")
        if environment not in ENVIRONMENTS:
            raise ValidationFailed("/environment", f"must be one of {', '.join(ENVIRONMENTS)}")
        if role not in ROLES:
            raise ValidationFailed("/role", f"must be one of {', '.join(ROLES)}")
        secret = new_client_secret()
        secret_hash = await hash_secret_off_loop(secret)
        record = await self.clients.create_client(
            integrator_name=integrator.strip(),
            participant_key=participant_key,
            client_id=new_client_id(),
            environment=environment,
            role=role,
            secret_hash=secret_hash,
        )
        return CreatedClient(record=record, client_secret=secret)

    async def list(self) -> list[ClientRecord]:
        return await self.clients.list_clients()

    async def disable(self, client_id: str) -> None:
        if not await self.clients.set_enabled(client_id, False):
            raise NotFound(f"no client with id {client_id}")

    async def enable(self, client_id: str) -> None:
        if not await self.clients.set_enabled(client_id, True):
            raise NotFound(f"no client with id {client_id}")

    async def set_rate_limit(self, client_id: str, rate: int | None) -> None:
        if rate is not None and not 1 <= rate <= MAX_RATE:
            raise ValidationFailed("/rate", f"the rate limit must be 1 to {MAX_RATE} requests/s")
        if not await self.clients.set_rate_limit(client_id, rate):
            raise NotFound(f"no client with id {client_id}")
