"""What one rate-limit decision costs on the request path: in-process and Redis.

    .venv/bin/python bench/ratelimit_cost.py [--redis redis://127.0.0.1:6379/0]

Prints the mean time of one ``RateLimiter.hit`` (the whole per-request cost: one window hit,
the decision and the header figures), for a client under its limit and one over it.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid

from massid.services.ratelimit import Limits, RateLimiter
from massid.storage.ports import RateWindow
from massid.storage.ratelimit.memory import MemoryRateWindow
from massid.storage.ratelimit.redis import RedisRateWindow


async def cost(window: RateWindow, label: str, rounds: int) -> None:
    limiter = RateLimiter(window, Limits())
    under = limiter.client_policy("TEST", 1_000_000)
    over = limiter.client_policy("TEST", 5)
    for policy, name in ((under, "under its limit"), (over, "over its limit")):
        key = uuid.uuid4().hex
        started = time.perf_counter()
        for _ in range(rounds):
            await limiter.hit(policy, key)
        micros = (time.perf_counter() - started) / rounds * 1e6
        print(f"{label:10s} {name:16s} {micros:8.1f} µs per request")
    await limiter.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rounds", type=int, default=5000)
    args = parser.parse_args()
    await cost(MemoryRateWindow(), "in-process", args.rounds)
    prefix = f"bench-{uuid.uuid4().hex[:6]}:"
    window = RedisRateWindow(args.redis, prefix=prefix, timeout_seconds=1)
    await cost(window, "redis", args.rounds)
    cleanup = RedisRateWindow(args.redis, prefix=prefix, timeout_seconds=1)
    keys = [key async for key in cleanup.client.scan_iter(match=f"{prefix}*")]
    if keys:
        await cleanup.client.delete(*keys)
    await cleanup.close()


if __name__ == "__main__":
    asyncio.run(main())
