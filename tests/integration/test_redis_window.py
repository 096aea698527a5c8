"""The Redis moving window: shared, atomic, one clock (Redis's), and failures reported.

Windows here are long (60 s), so that every hit of a test falls in one window however slow
the machine is: the assertions do not depend on timing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from massid.storage.ports import RateWindowUnavailable
from massid.storage.ratelimit.redis import RedisRateWindow
from tests.e2e.server import free_port


@pytest.fixture
async def windows(redis_url: str) -> AsyncIterator[tuple[RedisRateWindow, RedisRateWindow]]:
    """Two independent clients (as two processes would have) on one prefix."""
    prefix = f"massid-test-{uuid.uuid4().hex[:8]}:"
    first = RedisRateWindow(redis_url, prefix=prefix, timeout_seconds=1)
    second = RedisRateWindow(redis_url, prefix=prefix, timeout_seconds=1)
    yield first, second
    keys = [key async for key in first.client.scan_iter(match=f"{prefix}*")]
    if keys:
        await first.client.delete(*keys)
    await first.close()
    await second.close()


async def test_the_quota_is_shared_between_clients(
    windows: tuple[RedisRateWindow, RedisRateWindow],
) -> None:
    first, second = windows
    hits = [await (first if n % 2 else second).hit("client:c", 5, 60) for n in range(8)]
    assert [hit.allowed for hit in hits] == [True] * 5 + [False] * 3
    assert [hit.count for hit in hits] == [1, 2, 3, 4, 5, 5, 5, 5]
    assert all(0 < hit.reset_after <= 60 for hit in hits)
    assert (await first.hit("client:other", 5, 60)).allowed


async def test_concurrent_hits_never_exceed_the_quota(
    windows: tuple[RedisRateWindow, RedisRateWindow],
) -> None:
    first, second = windows
    hits = await asyncio.gather(
        *(((first, second)[n % 2]).hit("client:busy", 10, 60) for n in range(60))
    )
    assert sum(hit.allowed for hit in hits) == 10


async def test_keys_expire_after_the_window(
    windows: tuple[RedisRateWindow, RedisRateWindow],
) -> None:
    first, _ = windows
    await first.hit("client:ttl", 5, 60)
    ttl = await first.client.pttl(f"{first.prefix}client:ttl")
    assert 59_000 < ttl <= 61_000


async def test_an_unreachable_redis_is_reported_quickly() -> None:
    window = RedisRateWindow(f"redis://127.0.0.1:{free_port()}/0", prefix="x:", timeout_seconds=0.5)
    with pytest.raises(RateWindowUnavailable):
        await window.hit("client:c", 5, 1)
    assert not await window.healthy()
    await window.close()
