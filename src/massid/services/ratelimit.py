"""Rate limits (api.md §7): the policies, per-client limits, and failing open without Redis.

Every limited request costs one hit on one moving window: the client's (``TEST`` 5/s, ``PROD``
10/s, or the client's own limit), or the source address's when no valid token is sent. The
token endpoint has its own windows, per source address and per client id, counted in minutes,
and so has the public surface (the public registry and the Explorer), per source address.

When the shared counters (Redis) fail, decisions fall back to this process's own counters for
``retry_seconds``, then Redis is tried again: the server keeps serving, each client is still
limited per process, and the outage is logged once and counted by the ``on_failure`` hook.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog

from massid.storage.ports import RateWindow, RateWindowUnavailable, WindowHit
from massid.storage.ratelimit.memory import MemoryRateWindow

log = structlog.get_logger("massid.ratelimit")

CLIENT = "client"
ADDRESS = "address"
TOKEN_CLIENT = "token-client"
TOKEN_ADDRESS = "token-address"
PUBLIC = "public"


@dataclass(frozen=True, slots=True)
class Policy:
    """A named quota: at most ``quota`` requests in any ``window`` seconds."""

    name: str
    quota: int
    window: int


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one hit, with what the RateLimit headers report."""

    policy: Policy
    allowed: bool
    remaining: int
    reset: int

    @property
    def retry_after(self) -> int:
        return max(1, self.reset)


@dataclass(frozen=True, slots=True)
class Limits:
    """Default quotas: per client per second, per address per second, token per minute."""

    test: int = 5
    prod: int = 10
    anonymous: int = 10
    token_per_client: int = 30
    token_per_address: int = 60
    public_per_minute: int = 120  # the public registry and Explorer, per address; 0: off


def _nothing() -> None:
    return None


class RateLimiter:
    def __init__(
        self,
        window: RateWindow,
        limits: Limits,
        *,
        shared: bool = False,
        retry_seconds: float = 5.0,
        on_failure: Callable[[], None] = _nothing,
        on_fallback: Callable[[], None] = _nothing,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window = window
        self.limits = limits
        self.shared = shared
        self.retry_seconds = retry_seconds
        self.on_failure = on_failure
        self.on_fallback = on_fallback
        self.clock = clock
        self.fallback = MemoryRateWindow(clock)
        self._down_until: float | None = None
        self._client_limits: dict[str, int | None] = {}
        self._policies: dict[tuple[str, int], Policy] = {}
        self.anonymous = Policy(ADDRESS, limits.anonymous, 1)
        self.token_per_client = Policy(TOKEN_CLIENT, limits.token_per_client, 60)
        self.token_per_address = Policy(TOKEN_ADDRESS, limits.token_per_address, 60)
        self.public: Policy | None = (
            Policy(PUBLIC, limits.public_per_minute, 60) if limits.public_per_minute else None
        )

    def client_policy(self, environment: str, rate_limit: int | None) -> Policy:
        """The client's own limit when the operator set one, else its environment's."""
        quota = rate_limit or (self.limits.prod if environment == "PROD" else self.limits.test)
        key = (CLIENT, quota)
        policy = self._policies.get(key)
        if policy is None:
            policy = self._policies[key] = Policy(CLIENT, quota, 1)
        return policy

    def known_limit(self, client_id: str) -> tuple[bool, int | None]:
        """The client's override as last read from the database in this process, if ever."""
        if client_id in self._client_limits:
            return True, self._client_limits[client_id]
        return False, None

    def remember(self, client_id: str, rate_limit: int | None) -> None:
        """Called with every client record read, so an operator's change applies at once."""
        self._client_limits[client_id] = rate_limit

    @property
    def degraded(self) -> bool:
        return self._down_until is not None

    async def hit(self, policy: Policy, key: str) -> Decision:
        """Count one request against ``policy`` for ``key`` (a client id or an address)."""
        name = f"{policy.name}:{key}"
        hit: WindowHit | None = None
        if self._down_until is None or self.clock() >= self._down_until:
            try:
                hit = await self.window.hit(name, policy.quota, policy.window)
            except RateWindowUnavailable as error:
                self._fail(str(error))
            else:
                if self._down_until is not None:
                    self._down_until = None
                    log.warning("ratelimit_backend_recovered")
        if hit is None:
            self.on_fallback()
            hit = self.fallback.hit_now(name, policy.quota, policy.window)
        remaining = max(0, policy.quota - hit.count) if hit.allowed else 0
        return Decision(policy, hit.allowed, remaining, math.ceil(hit.reset_after))

    def _fail(self, error: str) -> None:
        self.on_failure()
        if self._down_until is None:
            log.error(
                "ratelimit_backend_unavailable",
                error_type=error,
                fallback="per-process counters",
                retry_in_seconds=self.retry_seconds,
            )
        self._down_until = self.clock() + self.retry_seconds

    async def backend_status(self) -> str:
        """``memory``, or whether the shared store answers (``redis ok|unavailable``)."""
        if not self.shared:
            return "memory"
        return "redis ok" if await self.window.healthy() else "redis unavailable"

    async def close(self) -> None:
        await self.window.close()
