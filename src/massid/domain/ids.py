"""Application-generated identifiers (no database sequences, see architecture.md)."""

from __future__ import annotations

import os
import secrets
import threading
import time
import uuid

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"


_last_ms = 0
_counter = 0
_lock = threading.Lock()


def uuid7() -> str:
    """A time-ordered UUIDv7 (RFC 9562), monotonic within this process: the id of documents.

    Within one millisecond the 12-bit ``rand_a`` field is a counter (RFC 9562 method 1), so
    ids created later by this process always sort after earlier ones.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        _last_ms = ms
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0x2 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def new_event_id() -> str:
    """A 21-character nanoid-style event id (unique per document, random across them)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(21))


def new_uuid() -> str:
    return str(uuid.uuid4())


def is_uuid(value: str) -> bool:
    """True when ``value`` is a canonical, lower-case UUID string."""
    if len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
