"""Argon2id hashing off the event loop, a few at a time per process.

Each hash or verification holds 64 MiB (argon2-cffi's RFC 9106 parameters) and one core for
its whole run. Sixteen token requests at once held 1.1 GiB in one server process
(bench/, W5); more hashes in parallel than cores do not finish sooner, they only wait in
memory. So at most ``min(4, cores)`` run at once; the others queue without their 64 MiB.
"""

from __future__ import annotations

import asyncio
import os
from weakref import WeakKeyDictionary

import anyio

from massid.auth.secrets import hash_secret, verify_secret

SLOTS = max(1, min(4, os.cpu_count() or 1))
_limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = WeakKeyDictionary()


def _slots() -> anyio.CapacityLimiter:
    """The limiter of the running event loop (made inside it, as anyio requires)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(SLOTS)
    return limiter


async def verify_secret_off_loop(secret_hash: str | None, secret: str) -> bool:
    return await anyio.to_thread.run_sync(verify_secret, secret_hash, secret, limiter=_slots())


async def hash_secret_off_loop(secret: str) -> str:
    return await anyio.to_thread.run_sync(hash_secret, secret, limiter=_slots())
