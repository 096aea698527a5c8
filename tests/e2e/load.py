"""Hammering real servers and judging the allowed count against what a moving window permits.

A moving window of ``quota`` per ``window`` seconds allows at most ``quota`` hits in any
half-open interval of ``window`` seconds. Over a run whose requests span ``D`` seconds (first
send to last answer) that is at most ``quota × (⌊D / window⌋ + 1)``: a hard bound, true
however slow the machine is.

For the lower bound: every loop sends its next request as soon as the previous one is
answered, so an attempt reaches the limiter at most ``2·L`` after any moment (``L`` = the
longest request observed). The k-th allowed hit frees its slot ``window`` seconds later and
the next attempt takes it, so the (k + quota)-th allowed hit comes at most ``window + 2·L``
after the k-th. Sending for ``H`` seconds, the first hit comes within ``L``, so at least
``1 + quota × ⌊(H − L) / (window + 2·L)⌋`` are allowed. Both bounds use measured times only:
a slow or busy machine widens the interval, it never makes the test fail by chance.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Attempt:
    sent: float
    answered: float
    status: int
    server: str


@dataclass(frozen=True)
class Run:
    attempts: list[Attempt]
    sending_seconds: float

    @property
    def allowed(self) -> int:
        return sum(attempt.status != 429 for attempt in self.attempts)

    @property
    def span(self) -> float:
        return max(a.answered for a in self.attempts) - min(a.sent for a in self.attempts)

    @property
    def longest(self) -> float:
        return max(a.answered - a.sent for a in self.attempts)

    def bounds(self, quota: int, window: float) -> tuple[int, int]:
        """The least and the most a correct moving window can have allowed in this run."""
        # 2 ms of slack for the server's clock (Redis TIME) against this process's monotonic one.
        upper = quota * (math.floor((self.span + 0.002) / window) + 1)
        slack = self.longest
        lower = 1 + quota * max(
            0, math.floor((self.sending_seconds - slack) / (window + 2 * slack))
        )
        return lower, upper

    def report(self, quota: int, window: float) -> str:
        lower, upper = self.bounds(quota, window)
        return (
            f"{self.allowed} allowed of {len(self.attempts)} in {self.span:.2f} s "
            f"(expected about {quota * self.sending_seconds / window:.0f}; "
            f"bounds [{lower}, {upper}]; longest request {self.longest * 1000:.0f} ms)"
        )


async def hammer(
    urls: list[str], headers: dict[str, str], *, seconds: float, loops_per_url: int
) -> Run:
    """GET each URL from ``loops_per_url`` loops, back to back, for ``seconds``."""
    attempts: list[Attempt] = []
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64)) as http:
        started = time.monotonic()
        stop = started + seconds

        async def loop(url: str) -> None:
            while time.monotonic() < stop:
                sent = time.monotonic()
                response = await http.get(url, headers=headers)
                attempts.append(Attempt(sent, time.monotonic(), response.status_code, url))

        await asyncio.gather(*(loop(url) for url in urls for _ in range(loops_per_url)))
    return Run(attempts, seconds)
