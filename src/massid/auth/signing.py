"""HMAC signatures for things the server hands out and must recognise later: signed file URLs
and list cursors. Each use gets its own key, derived from the deployment's secret key, so a
signature made for one purpose is never valid for another (nor usable as a token)."""

from __future__ import annotations

import base64
import hashlib
import hmac


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    """Decode unpadded base64url; raises ``ValueError`` on anything else."""
    if not text or any(c not in _B64URL for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Signer:
    """Signs and verifies short messages with HMAC-SHA256 under a purpose-bound key."""

    def __init__(self, secret: bytes, purpose: str) -> None:
        self._key = hmac.new(secret, f"massid/{purpose}".encode(), hashlib.sha256).digest()

    def sign(self, message: str) -> str:
        data = message.encode("utf-8", "surrogatepass")
        return b64url(hmac.new(self._key, data, hashlib.sha256).digest())

    def verify(self, message: str, signature: str) -> bool:
        # Compared as bytes: compare_digest refuses str with non-ASCII characters (a TypeError,
        # that is a 500, for any signature a caller makes up with one).
        given = signature.encode("utf-8", "surrogatepass")
        return hmac.compare_digest(self.sign(message).encode(), given)
