"""``POST /oauth2/token``: OAuth 2.0 client credentials (RFC 6749 §4.4)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl, unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from massid import metrics
from massid.api.deps import ContainerDep
from massid.api.schemas import OAuthErrorBody, TokenResponse
from massid.bootstrap import Container
from massid.domain.errors import RateLimited
from massid.services.auth import OAuthError

router = APIRouter(tags=["auth"])

FORM = "application/x-www-form-urlencoded"
_MAX_FIELD = 512


def _form(raw: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError) as error:
        raise OAuthError("invalid_request", "the body is not a valid form") from error
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise OAuthError("invalid_request", f"parameter {name!r} is repeated")
        if len(value) > _MAX_FIELD:
            raise OAuthError("invalid_request", f"parameter {name!r} is too long")
        form[name] = value
    return form


def _basic(header: str) -> tuple[str, str]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        raise OAuthError("invalid_client", "use HTTP Basic client authentication", 401)
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise OAuthError("invalid_client", "malformed Basic credentials", 401) from error
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise OAuthError("invalid_client", "malformed Basic credentials", 401)
    # RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
    return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))


@router.post(
    "/oauth2/token",
    response_model=TokenResponse,
    responses={
        400: {"model": OAuthErrorBody, "description": "RFC 6749 error"},
        401: {"model": OAuthErrorBody, "description": "invalid_client"},
        429: {"description": "Too many requests"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "scope": {"type": "string"},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                        },
                    }
                }
            },
        }
    },
)
async def issue_token(request: Request, container: ContainerDep) -> JSONResponse:
    """Exchange client credentials (HTTP Basic or form fields) for a Bearer access token."""
    try:
        return await _issue(request, container)
    except OAuthError as error:
        metrics.TOKEN_FAILURES.labels(error.error).inc()
        raise


async def _issue(request: Request, container: Container) -> JSONResponse:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != FORM:
        raise OAuthError("invalid_request", f"the body must be {FORM}")
    raw = await request.body()
    form = _form(raw)
    grant_type = form.get("grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "grant_type is required")
    if grant_type != "client_credentials":
        raise OAuthError("unsupported_grant_type", "only client_credentials is supported")
    header = request.headers.get("authorization")
    in_form = "client_id" in form or "client_secret" in form
    if header and in_form:
        raise OAuthError("invalid_request", "use one client authentication method, not two")
    if header:
        client_id, secret = _basic(header)
    elif in_form:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    else:
        raise OAuthError("invalid_client", "client authentication is required", 401)
    if not client_id or not secret or len(client_id) > 128 or len(secret) > _MAX_FIELD:
        raise OAuthError("invalid_client", "client authentication failed", 401)
    if any(ord(char) < 32 or ord(char) == 127 for char in client_id):
        # No client id holds a control character (and PostgreSQL cannot compare U+0000).
        raise OAuthError("invalid_client", "client authentication failed", 401)
    request.state.client_id = client_id  # the id claimed, logged even when it is refused
    await _limit_per_client(request, container, client_id)
    issued = await container.auth.issue_token(client_id, secret, form.get("scope") or None)
    metrics.TOKENS_ISSUED.labels(issued.environment).inc()
    body = {
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "scope": issued.scope,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


async def _limit_per_client(request: Request, container: Container, client_id: str) -> None:
    """The per-client-id token window, checked before the (deliberately slow) secret hash."""
    limiter = container.rate_limiter
    decision = await limiter.hit(limiter.token_per_client, client_id)
    decisions = getattr(request.state, "rate_limits", None)
    if decisions is not None:
        decisions.append(decision)
    if not decision.allowed:
        metrics.RATE_LIMITED.labels(decision.policy.name).inc()
        raise RateLimited(decision.retry_after)
