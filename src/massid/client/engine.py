"""The I/O-free heart of both clients: one request plan, written once, driven by either.

A *plan* is a generator that yields steps — :class:`Send` a request, :class:`Sleep`, or
:class:`GetToken` — and receives their outcomes; :class:`~massid.client.Client` drives it with
blocking calls and :class:`~massid.client.AsyncClient` with awaits. So the rate limit, the token
refetch on 401 and the retry policy behave identically in both, and are tested once.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar
from urllib.parse import urlencode

import httpx

from massid.client.encoding import dumps
from massid.client.errors import ApiError, MassIdError, TransportError, error_from_response
from massid.client.ratelimit import TokenBucket
from massid.client.retry import RetryPolicy
from massid.client.tokens import TokenCache, parse_token

T = TypeVar("T")
USER_AGENT = "massid-client/0.1"


@dataclass(frozen=True, slots=True)
class Send:
    request: httpx.Request


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class GetToken:
    """Ask the driver for a valid token: cached, or fetched under the driver's lock."""


Step: TypeAlias = Send | Sleep | GetToken
Outcome: TypeAlias = httpx.Response | httpx.TransportError | str | None
Plan: TypeAlias = Generator[Step, Outcome, T]


@dataclass
class Operation(Generic[T]):
    """One logical request: sent once, then again on each retry, always with the same body."""

    method: str
    url: str
    parse: Callable[[httpx.Response], T]
    json: Any = None
    content: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] | None = None
    authenticated: bool = True
    retry: RetryPolicy | None = None
    # Run when the request succeeded, or failed in a way that leaves it possibly applied.
    applied: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        if self.json is not None:
            self.content = dumps(self.json)
            self.headers = {"Content-Type": "application/json", **self.headers}

    def request(self, token: str | None) -> httpx.Request:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **self.headers}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Request(
            self.method, self.url, content=self.content, headers=headers, params=self.params
        )


def may_have_been_applied(error: MassIdError) -> bool:
    """Whether a failed attempt may still have changed something on the server."""
    if isinstance(error, TransportError):
        return error.may_have_reached_server
    return (
        isinstance(error, ApiError) and error.status_code is not None and error.status_code >= 500
    )


class Engine:
    """Shared by every call of one client: the rate limit, the token cache, the retry policy."""

    def __init__(
        self,
        bucket: TokenBucket,
        tokens: TokenCache,
        retry: RetryPolicy,
        token_operation: Callable[[], Operation[tuple[str, float]]],
    ) -> None:
        self.bucket = bucket
        self.tokens = tokens
        self.retry = retry
        self._token_operation = token_operation

    def run(self, operation: Operation[T]) -> Plan[T]:
        """Send ``operation`` until it succeeds, or fails for good (then its error is raised)."""
        policy = operation.retry or self.retry
        retries = 0
        refetched = False
        maybe_applied = False
        while True:
            token: str | None = None
            if operation.authenticated:
                received = yield GetToken()
                assert isinstance(received, str)
                token = received
            wait = self.bucket.reserve()
            if wait > 0:
                yield Sleep(wait)
            outcome = yield Send(operation.request(token))
            error: MassIdError
            if isinstance(outcome, httpx.Response):
                if outcome.status_code == 401 and token is not None and not refetched:
                    # The token expired or was revoked early: fetch a new one, once.
                    self.tokens.invalidate(token)
                    refetched = True
                    continue
                if outcome.is_success:
                    result = operation.parse(outcome)
                    if operation.applied:
                        operation.applied()
                    return result
                error = error_from_response(outcome)
            else:
                assert isinstance(outcome, httpx.TransportError)
                error = TransportError(f"{operation.method} {operation.url}", outcome)
            maybe_applied = maybe_applied or may_have_been_applied(error)
            delay = policy.delay(retries, error)
            if delay is None:
                if maybe_applied and operation.applied:
                    operation.applied()
                if retries:
                    error.add_note(f"gave up after {retries + 1} attempts")
                raise error
            retries += 1
            yield Sleep(delay)

    def fetch_token(self) -> Plan[str]:
        """Get a new access token and cache it; the driver holds its token lock meanwhile."""
        asked_at = self.tokens.clock()
        value, expires_in = yield from self.run(self._token_operation())
        return self.tokens.store(value, expires_in, asked_at)


def token_operation(
    token_url: str, client_id: str, client_secret: str, scope: str
) -> Operation[tuple[str, float]]:
    """``POST /oauth2/token`` (client_credentials, HTTP Basic client authentication)."""
    credentials = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    return Operation(
        "POST",
        token_url,
        parse_token,
        content=urlencode({"grant_type": "client_credentials", "scope": scope}).encode(),
        headers={
            "Authorization": f"Basic {credentials}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        authenticated=False,
    )
