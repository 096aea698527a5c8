"""Request dependencies: the container, the authenticated principal, idempotency keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from massid.auth.tokens import TokenClaims
from massid.bootstrap import Container
from massid.domain.access import Principal
from massid.domain.errors import Unauthorized, ValidationFailed

# Dependencies are ``async def`` even when they do not await: FastAPI runs a plain ``def``
# dependency in a worker thread, a thread hop per request for a dictionary lookup.


async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def get_principal(
    request: Request, container: Annotated[Container, Depends(get_container)]
) -> Principal:
    """The caller of a Bearer token, verified on every request (signature, expiry, client)."""
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized("missing Authorization header; send 'Authorization: Bearer <token>'")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    token = token.strip()
    # The rate-limit middleware has verified this token already; do not do it twice.
    verified: tuple[str, TokenClaims] | None = getattr(request.state, "verified_token", None)
    claims = verified[1] if verified and verified[0] == token else container.auth.verify(token)
    principal, record = await container.auth.principal_for(claims)
    container.rate_limiter.remember(record.client_id, record.rate_limit)
    request.state.client_id = principal.client_id
    request.state.principal = principal
    return principal


async def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Alternative to deduplicationId for the whole request",
        ),
    ] = None,
) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 255:
        raise ValidationFailed("/Idempotency-Key", "must be 1 to 255 characters")
    if any(ord(char) < 32 or ord(char) == 127 for char in key):
        raise ValidationFailed("/Idempotency-Key", "must not contain control characters")
    return key


ContainerDep = Annotated[Container, Depends(get_container)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key)]
