"""When to retry, and how long to wait: Carrot's error-handling guide, as a pure policy.

- Never retried: 400, 401 (after the one token refetch the clients do themselves), 403, 404,
  413, 415, 422 and any 409 but ``PENDING_PROCESS_CONFLICT_ERROR``: sending the same request
  again cannot succeed.
- 409 ``PENDING_PROCESS_CONFLICT_ERROR``: the twin is still in flight; wait 2–5 s.
- 429, 5xx and connection failures: exponential backoff with jitter, the n-th retry waiting a
  random time in [base·2ⁿ, base·2ⁿ⁺¹] capped at ``max_delay`` (1–2 s, 2–4 s, … up to 30 s),
  and never less than the server's ``Retry-After``.

Retrying a write is safe only because every create and append carries a deduplicationId.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from massid.client.errors import (
    MassIdError,
    PendingProcessConflict,
    RateLimited,
    ServerError,
    TransportError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait; all figures in seconds."""

    max_retries: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    pending_delay: tuple[float, float] = (2.0, 5.0)
    honour_retry_after: bool = True
    random: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, retry_number: int, error: MassIdError) -> float | None:
        """Seconds to wait before retry ``retry_number`` (0-based), or None: raise ``error``."""
        if retry_number >= self.max_retries or not self.retryable(error):
            return None
        if isinstance(error, PendingProcessConflict):
            low, high = self.pending_delay
            wait = low + (high - low) * self.random()
        else:
            low = min(self.max_delay, self.base_delay * 2**retry_number)
            high = min(self.max_delay, low * 2)
            wait = low + (high - low) * self.random()
        hint = getattr(error, "retry_after", None)
        if self.honour_retry_after and hint is not None:
            wait = max(wait, hint)
        return wait

    @staticmethod
    def retryable(error: MassIdError) -> bool:
        """True for the transient failures: pending twin, 429, 5xx, no answer."""
        return isinstance(
            error, PendingProcessConflict | RateLimited | ServerError | TransportError
        )


NO_RETRY = RetryPolicy(max_retries=0)
