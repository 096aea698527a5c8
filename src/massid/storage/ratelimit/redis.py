"""Moving-window counters in Redis, shared by every process and host of a deployment.

One Lua script per hit (one round trip): drop entries older than the window, count, add this
hit when under the limit, and report the count and when the oldest entry leaves. Time is the
Redis server's (``TIME``), so hosts with skewed clocks still share one window.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from massid.storage.ports import RateWindow, RateWindowUnavailable, WindowHit

_HIT = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local reset = 0
if oldest[2] then
  reset = tonumber(oldest[2]) + window - now
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1)
end
return {allowed, count, reset}
"""


class RedisRateWindow(RateWindow):
    """Counters under ``prefix`` in the Redis at ``url``; failures raise RateWindowUnavailable."""

    def __init__(self, url: str, *, prefix: str, timeout_seconds: float) -> None:
        self.prefix = prefix
        self.client: aioredis.Redis = aioredis.Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            retry_on_timeout=False,
        )
        self._script = self.client.register_script(_HIT)
        # Members must be unique across processes even within one microsecond.
        self._member = f"{os.getpid():x}.{os.urandom(3).hex()}"
        self._sequence = itertools.count()

    async def hit(self, key: str, limit: int, window: float) -> WindowHit:
        member = f"{self._member}.{next(self._sequence)}"
        micros = int(window * 1_000_000)
        try:
            result: Any = await self._script(keys=[self.prefix + key], args=[limit, micros, member])
        except (RedisError, OSError, TimeoutError) as error:
            raise RateWindowUnavailable(type(error).__name__) from error
        allowed, count, reset = (int(value) for value in result)
        return WindowHit(allowed=bool(allowed), count=count, reset_after=reset / 1_000_000)

    async def healthy(self) -> bool:
        try:
            return bool(await self.client.ping())
        except (RedisError, OSError, TimeoutError):
            return False

    async def close(self) -> None:
        await self.client.aclose()
