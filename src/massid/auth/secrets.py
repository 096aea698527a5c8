"""Client credentials: generation and Argon2id hashing (secrets are shown once, never stored)."""

from __future__ import annotations

import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()  # Argon2id, RFC 9106 parameters of argon2-cffi
_CLIENT_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# Verified against when the client id is unknown, so both paths cost the same time.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(32))


def new_client_id() -> str:
    """A 26-character lower-case alphanumeric client id (the shape of Carrot's)."""
    return "".join(secrets.choice(_CLIENT_ID_ALPHABET) for _ in range(26))


def new_client_secret() -> str:
    """A 256-bit URL-safe secret."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return _HASHER.hash(secret)


def verify_secret(secret_hash: str | None, secret: str) -> bool:
    """Constant-time check of ``secret``; an unknown client still pays for one verification."""
    try:
        return _HASHER.verify(secret_hash or _DUMMY_HASH, secret) and secret_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def constant_time_equal(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())
