"""The access-token cache: fetched lazily, reused, refreshed ``refresh_margin`` seconds before it
expires, and dropped when the server refuses it (the clients then refetch once).

The default margin is 60 s, or a tenth of the token's lifetime when that is shorter (so a
server handing out 60 s tokens does not see a refetch every second)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from massid.client.errors import AuthenticationError

DEFAULT_SCOPE = "api.carrot.eco/main-scope"
DEFAULT_MARGIN = 60.0


@dataclass(frozen=True)
class Token:
    value: str
    refresh_at: float
    expires_at: float


class TokenCache:
    """Holds one token; the clients guard it with their own lock (thread or task)."""

    def __init__(
        self, refresh_margin: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.refresh_margin = refresh_margin
        self.clock = clock
        self.token: Token | None = None
        self.fetches = 0

    def current(self) -> str | None:
        """The cached token if it is not yet due for refresh, else None."""
        token = self.token
        if token is None or self.clock() >= token.refresh_at:
            return None
        return token.value

    def store(self, value: str, expires_in: float, fetched_at: float) -> str:
        """Keep a new token; ``fetched_at`` is when it was asked for (so no clock skew)."""
        wanted = self.refresh_margin
        if wanted is None:
            wanted = min(DEFAULT_MARGIN, expires_in / 10)
        # Use each token for at least a second, even with a margin larger than its lifetime.
        margin = min(wanted, max(0.0, expires_in - 1.0))
        self.token = Token(value, fetched_at + expires_in - margin, fetched_at + expires_in)
        self.fetches += 1
        return value

    def invalidate(self, value: str) -> None:
        """Drop ``value`` if it is still the cached token (another caller may have refreshed)."""
        if self.token is not None and self.token.value == value:
            self.token = None


def parse_token(response: httpx.Response) -> tuple[str, float]:
    """The access token and its lifetime from a 200 token response."""
    try:
        body = response.json()
        value = body["access_token"]
        expires_in = float(body.get("expires_in", 3600))
    except (ValueError, KeyError, TypeError):
        raise AuthenticationError(
            response.status_code,
            "invalid_token_response",
            "the token endpoint answered 200 without an access_token",
            request_id=response.headers.get("x-request-id"),
        ) from None
    if not isinstance(value, str) or not value:
        raise AuthenticationError(
            response.status_code, "invalid_token_response", "empty access_token"
        )
    return value, expires_in
