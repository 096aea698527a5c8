"""Per-source-address rate limit of the public surface (``/public/…`` and ``/explorer/…``).

A small interface (:class:`AddressLimiter`) with an in-process implementation: each server
process counts on its own, in a moving window of one minute. A shared implementation (Redis,
as for the per-client limits) only needs to provide ``hit``. Over the limit the answer is the
contract's 429: body ``{"message": "Too Many Requests"}``, ``Retry-After``, ``RateLimit-Policy``
and ``RateLimit`` headers.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LIMITED_PREFIXES = ("/public/", "/explorer")
EXEMPT_PREFIXES = ("/explorer/static/",)
WINDOW_SECONDS = 60
TOO_MANY = json.dumps({"message": "Too Many Requests"}).encode()


@dataclass(frozen=True, slots=True)
class LimitDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int


class AddressLimiter(Protocol):
    async def hit(self, address: str) -> LimitDecision: ...


class MemoryAddressLimiter:
    """``per_minute`` requests per address in any 60 s, counted in this process."""

    def __init__(self, per_minute: int) -> None:
        self.item = RateLimitItemPerMinute(per_minute)
        self.per_minute = per_minute
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def hit(self, address: str) -> LimitDecision:
        allowed = await self.limiter.hit(self.item, "public", address)
        stats = await self.limiter.get_window_stats(self.item, "public", address)
        reset = max(1, math.ceil(stats.reset_time - time.time()))
        return LimitDecision(allowed, self.per_minute, max(0, stats.remaining), reset)


def limited(path: str) -> bool:
    return path.startswith(LIMITED_PREFIXES) and not path.startswith(EXEMPT_PREFIXES)


def rate_headers(decision: LimitDecision) -> list[tuple[bytes, bytes]]:
    """The IETF httpapi draft headers describing the caller's window."""
    policy = f"{decision.limit};w={WINDOW_SECONDS}"
    state = (
        f"limit={decision.limit}, remaining={decision.remaining}, reset={decision.reset_seconds}"
    )
    return [(b"ratelimit-policy", policy.encode()), (b"ratelimit", state.encode())]


class PublicRateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limiter: AddressLimiter | None) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limiter is None or not limited(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        decision = await self.limiter.hit(client[0] if client else "unknown")
        headers = rate_headers(decision)
        if not decision.allowed:
            await send(
                {
                    "type": "http.response.start",
                    "status": 429,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(TOO_MANY)).encode()),
                        (b"retry-after", str(decision.reset_seconds).encode()),
                        *headers,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": TOO_MANY})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, with_headers)


def build_limiter(per_minute: int) -> AddressLimiter | None:
    """The in-process limiter, or none when the limit is 0 (off)."""
    return MemoryAddressLimiter(per_minute) if per_minute > 0 else None
