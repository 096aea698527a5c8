"""Application-generated identifiers (no database sequences, see architecture.md)."""

from __future__ import annotations

import os
import secrets
import time
import uuid

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"


def uuid7() -> str:
    """A time-ordered UUIDv7 (RFC 9562) as a string: the id of every document."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 64) & 0xFFF) << 64
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
