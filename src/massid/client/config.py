"""Where the server is, who the client is, and the limits it keeps to.

Defaults point at a local ``massid serve``. Any Carrot-compatible deployment — Carrot's own
API included — is reached by configuration alone: its API base URL, its token URL (often on
another host) and the client's credentials. :meth:`ClientConfig.from_env` reads the same
variables as the ``massid`` CLI.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from massid.client.retry import RetryPolicy
from massid.client.tokens import DEFAULT_SCOPE

DEFAULT_API_URL = "http://127.0.0.1:8000"


def _first(environ: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        if environ.get(name):
            return environ[name]
    return None


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client needs; only ``client_id`` and ``client_secret`` have no default."""

    client_id: str
    client_secret: str = field(repr=False)
    api_url: str = DEFAULT_API_URL
    token_url: str | None = None  # default: {api_url}/oauth2/token
    environment: str = "TEST"  # TEST or PROD: picks the default rate limit
    rate_limit: float | None = None  # requests/s; default: the environment's (5 or 10)
    burst: int = 1
    scope: str = DEFAULT_SCOPE
    refresh_margin: float | None = None  # seconds before expiry; default min(60, lifetime/10)
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_batch_events: int = 500
    max_batch_bytes: int = 900_000  # stay under the server's default 1 MB body limit
    check_order: bool = True

    def __post_init__(self) -> None:
        if not self.client_id or not self.client_secret:
            raise ValueError("client_id and client_secret are required")
        if self.environment.upper() not in ("TEST", "PROD"):
            raise ValueError("environment must be TEST or PROD")
        if self.max_batch_events < 1:
            raise ValueError("max_batch_events must be at least 1")

    @property
    def base_url(self) -> str:
        return self.api_url.rstrip("/")

    @property
    def resolved_token_url(self) -> str:
        return self.token_url or f"{self.base_url}/oauth2/token"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> ClientConfig:
        """Read ``MASSID_URL``, ``MASSID_TOKEN_URL``, ``MASSID_CLIENT_ID`` (or ``CLIENT_ID``),
        ``MASSID_CLIENT_SECRET`` (or ``CLIENT_SECRET``), ``MASSID_CLIENT_ENVIRONMENT`` and
        ``MASSID_CLIENT_RATE_LIMIT``; keyword ``overrides`` win over the environment."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {
            "client_id": _first(env, "MASSID_CLIENT_ID", "CLIENT_ID") or "",
            "client_secret": _first(env, "MASSID_CLIENT_SECRET", "CLIENT_SECRET") or "",
            "api_url": _first(env, "MASSID_URL") or DEFAULT_API_URL,
            "token_url": _first(env, "MASSID_TOKEN_URL"),
            "environment": (_first(env, "MASSID_CLIENT_ENVIRONMENT") or "TEST").upper(),
        }
        rate = _first(env, "MASSID_CLIENT_RATE_LIMIT")
        if rate:
            values["rate_limit"] = float(rate)
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)


def resolve_config(
    config: ClientConfig | None,
    *,
    api_url: str | None = None,
    token_url: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    environment: str | None = None,
    rate_limit: float | None = None,
) -> ClientConfig:
    """``config`` with the given values applied, or a config from the environment and them."""
    given: dict[str, Any] = {
        "api_url": api_url,
        "token_url": token_url,
        "client_id": client_id,
        "client_secret": client_secret,
        "environment": environment,
        "rate_limit": rate_limit,
    }
    if config is None:
        return ClientConfig.from_env(**given)
    return replace(config, **{key: value for key, value in given.items() if value is not None})
