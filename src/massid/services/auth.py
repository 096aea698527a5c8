"""Token issuance (OAuth 2.0 client credentials) and bearer-token authentication."""

from __future__ import annotations

from dataclasses import dataclass

from massid.auth.tokens import DEFAULT_SCOPE, InvalidToken, TokenClaims, TokenSigner
from massid.domain.access import AUDITOR, Principal
from massid.domain.clock import Clock
from massid.domain.errors import DomainError, Unauthorized
from massid.services.secret_work import verify_secret_off_loop
from massid.storage.ports import ClientRecord, ClientStore

AUDITOR_SCOPE = "api.carrot.eco/auditor-scope"


class OAuthError(DomainError):
    """An RFC 6749 §5.2 error: ``error`` is the code, the message its description."""

    def __init__(self, error: str, description: str, status_code: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.status_code = status_code


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scope: str
    client_id: str
    environment: str


def allowed_scopes(role: str) -> set[str]:
    return {DEFAULT_SCOPE, AUDITOR_SCOPE} if role == AUDITOR else {DEFAULT_SCOPE}


class AuthService:
    def __init__(self, clients: ClientStore, signer: TokenSigner, clock: Clock) -> None:
        self.clients = clients
        self.signer = signer
        self.clock = clock

    async def issue_token(self, client_id: str, secret: str, scope: str | None) -> IssuedToken:
        """Check the client's credentials and scope, and sign an access token."""
        record = await self.clients.get_client(client_id)
        secret_hash = record.secret_hash if record is not None else None
        valid = await verify_secret_off_loop(secret_hash, secret)
        if record is None or not valid or not record.enabled:
            raise OAuthError("invalid_client", "client authentication failed", 401)
        requested = set((scope or DEFAULT_SCOPE).split())
        if not requested <= allowed_scopes(record.role):
            raise OAuthError("invalid_scope", "the requested scope is not allowed for this client")
        granted = " ".join(sorted(requested))
        token = self.signer.issue(
            client_id=record.client_id,
            environment=record.environment,
            scope=granted,
            now=self.clock(),
        )
        return IssuedToken(
            token, self.signer.lifetime_seconds, granted, record.client_id, record.environment
        )

    async def authenticate(self, token: str) -> tuple[Principal, ClientRecord]:
        """The caller behind a bearer token; the client must still exist and be enabled."""
        return await self.principal_for(self.verify(token))

    def verify(self, token: str) -> TokenClaims:
        """The token's claims when its signature, type, issuer, audience and times are valid."""
        try:
            return self.signer.verify(token)
        except InvalidToken as error:
            raise Unauthorized("the access token is invalid or expired") from error

    async def principal_for(self, claims: TokenClaims) -> tuple[Principal, ClientRecord]:
        """The caller named by verified claims; the client must still exist and be enabled."""
        record = await self.clients.get_client(claims.client_id)
        if record is None or not record.enabled or record.environment != claims.environment:
            raise Unauthorized("the access token has been revoked")
        principal = Principal(
            client_id=record.client_id,
            integrator_id=record.integrator_id,
            environment=record.environment,
            role=record.role,
            participant_key=record.participant_key,
            scope=claims.scope,
        )
        return principal, record
