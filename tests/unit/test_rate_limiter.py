"""The moving window and the limiter's policies and fail-open behaviour, on a fake clock."""

from __future__ import annotations

import pytest

from massid.api.ratelimit import rate_limit_headers
from massid.services.ratelimit import Decision, Limits, Policy, RateLimiter
from massid.storage.ports import RateWindowUnavailable, WindowHit
from massid.storage.ratelimit.memory import MemoryRateWindow


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class BrokenWindow:
    """A shared store that can be switched off and on."""

    def __init__(self, clock: FakeTime) -> None:
        self.up = True
        self.calls = 0
        self.inner = MemoryRateWindow(clock)

    async def hit(self, key: str, limit: int, window: float) -> WindowHit:
        self.calls += 1
        if not self.up:
            raise RateWindowUnavailable("ConnectionError")
        return await self.inner.hit(key, limit, window)

    async def healthy(self) -> bool:
        return self.up

    async def close(self) -> None:
        return None


async def test_moving_window_allows_the_quota_in_any_window() -> None:
    time = FakeTime()
    window = MemoryRateWindow(time)
    results = []
    for _ in range(7):
        results.append(await window.hit("k", 5, 1))
        time.now += 0.1
    assert [hit.allowed for hit in results] == [True] * 5 + [False] * 2
    assert [hit.count for hit in results[:5]] == [1, 2, 3, 4, 5]
    # The first hit was at t=1000.0; at t=1000.7 it leaves the window 0.3 s later.
    assert results[-1].reset_after == pytest.approx(0.4)
    time.now = 1000.0 + 1.0  # exactly one window after the first hit: it has left
    assert (await window.hit("k", 5, 1)).allowed
    assert not (await window.hit("k", 5, 1)).allowed
    time.now += 0.1  # the second hit (t=1000.1) leaves now
    assert (await window.hit("k", 5, 1)).allowed


async def test_refused_hits_do_not_count_and_keys_are_independent() -> None:
    time = FakeTime()
    window = MemoryRateWindow(time)
    for _ in range(20):
        await window.hit("a", 2, 1)
    assert (await window.hit("b", 2, 1)).allowed
    time.now += 1.0
    assert (await window.hit("a", 2, 1)).count == 1  # twenty refusals left no trace


async def test_idle_keys_are_pruned() -> None:
    time = FakeTime()
    window = MemoryRateWindow(time)
    for number in range(100):
        await window.hit(f"address-{number}", 5, 1)
    assert len(window) == 100
    time.now += 61
    await window.hit("active", 5, 1)
    assert len(window) == 1


def limiter(window: object, time: FakeTime, **kwargs: object) -> RateLimiter:
    return RateLimiter(window, Limits(), clock=time, **kwargs)  # type: ignore[arg-type]


async def test_policies_come_from_environment_or_the_clients_own_limit() -> None:
    time = FakeTime()
    limits = limiter(MemoryRateWindow(time), time)
    assert limits.client_policy("TEST", None) == Policy("client", 5, 1)
    assert limits.client_policy("PROD", None) == Policy("client", 10, 1)
    assert limits.client_policy("TEST", 42) == Policy("client", 42, 1)
    assert limits.token_per_client == Policy("token-client", 30, 60)
    assert limits.token_per_address == Policy("token-address", 60, 60)
    assert limits.anonymous == Policy("address", 10, 1)
    assert limits.known_limit("c1") == (False, None)
    limits.remember("c1", 7)
    assert limits.known_limit("c1") == (True, 7)


async def test_decisions_report_remaining_and_reset_in_whole_seconds() -> None:
    time = FakeTime()
    limits = limiter(MemoryRateWindow(time), time)
    policy = limits.client_policy("TEST", 2)
    first = await limits.hit(policy, "c")
    second = await limits.hit(policy, "c")
    third = await limits.hit(policy, "c")
    assert (first.allowed, first.remaining, first.reset) == (True, 1, 1)
    assert (second.allowed, second.remaining) == (True, 0)
    assert (third.allowed, third.remaining, third.retry_after) == (False, 0, 1)


def test_headers_follow_the_ietf_draft_syntax() -> None:
    decisions = [
        Decision(Policy("token-address", 60, 60), True, 58, 57),
        Decision(Policy("token-client", 30, 60), False, 0, 12),
    ]
    assert dict(rate_limit_headers(decisions)) == {
        b"ratelimit-policy": b'"token-address";q=60;w=60, "token-client";q=30;w=60',
        b"ratelimit": b'"token-address";r=58;t=57, "token-client";r=0;t=12',
    }


async def test_without_redis_it_fails_open_to_local_counters_and_recovers() -> None:
    time = FakeTime()
    shared = BrokenWindow(time)
    failures: list[int] = []
    fallbacks: list[int] = []
    limits = limiter(
        shared,
        time,
        shared=True,
        retry_seconds=5,
        on_failure=lambda: failures.append(1),
        on_fallback=lambda: fallbacks.append(1),
    )
    policy = limits.client_policy("TEST", 3)
    assert (await limits.hit(policy, "c")).allowed
    shared.up = False
    # The failing call falls back at once; later calls skip Redis until the retry time.
    decisions = [await limits.hit(policy, "c") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]  # still limited, locally
    assert limits.degraded
    assert len(failures) == 1
    assert len(fallbacks) == 4
    assert shared.calls == 2
    assert await limits.backend_status() == "redis unavailable"
    time.now += 5  # retry: Redis still down, one more failure, still serving
    assert (await limits.hit(policy, "d")).allowed
    assert len(failures) == 2
    shared.up = True
    time.now += 5
    decision = await limits.hit(policy, "c")
    assert decision.allowed
    assert not limits.degraded
    assert shared.calls == 4
    assert await limits.backend_status() == "redis ok"
