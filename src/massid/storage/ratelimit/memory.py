"""In-process moving-window counters: exact within one process, nothing shared."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from massid.storage.ports import RateWindow, WindowHit

_PRUNE_EVERY = 60.0


class MemoryRateWindow(RateWindow):
    """A log of allowed hit times per key; a hit is allowed when fewer than ``limit`` are
    younger than ``window`` seconds. Idle keys are pruned every minute, so memory follows the
    number of recently active callers, not the number ever seen."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._logs: dict[str, tuple[deque[float], float]] = {}
        self._next_prune = clock() + _PRUNE_EVERY

    async def hit(self, key: str, limit: int, window: float) -> WindowHit:
        return self.hit_now(key, limit, window)

    def hit_now(self, key: str, limit: int, window: float) -> WindowHit:
        """The synchronous core (no awaits, so no interleaving between two requests)."""
        now = self.clock()
        entry = self._logs.get(key)
        if entry is None or entry[1] != window:
            entry = self._logs[key] = (deque(), window)
        log = entry[0]
        edge = now - window
        while log and log[0] <= edge:
            log.popleft()
        allowed = len(log) < limit
        if allowed:
            log.append(now)
        if now >= self._next_prune:
            self._prune(now)
        reset = log[0] + window - now if log else 0.0
        return WindowHit(allowed=allowed, count=len(log), reset_after=reset)

    def _prune(self, now: float) -> None:
        self._next_prune = now + _PRUNE_EVERY
        idle = [key for key, (log, span) in self._logs.items() if not log or log[-1] <= now - span]
        for key in idle:
            del self._logs[key]

    def __len__(self) -> int:
        return len(self._logs)

    async def healthy(self) -> bool:
        return True

    async def close(self) -> None:
        self._logs.clear()
